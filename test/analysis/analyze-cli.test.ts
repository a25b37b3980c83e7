import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cachePolicy, errorsCsvText } from '../../src/cli/commands/analyze.js';
import { cliPath, tempDir } from '../helpers.js';
import { writeLibrary } from './synth-wav.js';

const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, 'analyze', ...args], { encoding: 'utf8' });

test('usage errors exit 2 with one clear line; -h exits 0', () => {
  const h = cli(['-h']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /--extract-cache 0\|1\|auto/);
  for (const [args, msg] of [
    [[], /no INPUT given/],
    [['x', '--set', 'loud'], /--set must be one of blog, readme, full/],
    [['x', '--extract-cache', '2'], /--extract-cache must be 0, 1 or auto, got '2'/],
    [['x', '--concurrency', '0'], /--concurrency must be a positive integer/],
    [['x', '--decoder', 'sox'], /--decoder must be one of auto, wasm, ffmpeg/],
    [['x', '--bogus'], /^mir-cluster-playlist analyze: unknown option '--bogus'\nrun 'mir-cluster-playlist analyze -h' for the options\n$/],
  ] as const) {
    const r = cli([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
  }
  const none = cli([join(tempDir(), 'nothing-here'), '--out-dir', join(tempDir(), 'o')]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /nothing-here: library failed: file not found\n/);
  assert.match(none.stderr, /no audio tracks found in the inputs/);
  assert.equal(cachePolicy('0'), 'off');
  assert.equal(cachePolicy('1'), 'trust');
  assert.equal(cachePolicy('auto'), 'auto');
});

test('--debug prints per-track stage timings and totals; plain progress lines off a terminal; --db and --extract-limit', () => {
  const dir = tempDir();
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const paths = writeLibrary(lib, 3, 1);
  const db = join(dir, 'shared', 'my.sqlite');
  const r = cli([lib, '--db', db, '--decoder', 'wasm', '--debug', '--extract-limit', '2']);
  assert.equal(r.status, 0, r.stderr);
  for (const p of paths.slice(0, 2)) {
    assert.match(r.stderr, new RegExp(`debug: ${p}: tags [\\d.]+ ms, decode [\\d.]+ ms, features [\\d.]+ ms, 1\\.0 s audio`));
  }
  assert.doesNotMatch(r.stderr, new RegExp(`debug: ${paths[2]}`));
  assert.match(r.stderr, /debug: totals: wall \d+ ms, cache check \d+ ms, tags \d+ ms, decode \d+ ms, features \d+ ms/);
  assert.match(r.stderr, /^analyse: 2\/2 \(100%\) {2}[\d.]+ tracks\/s {2}ETA 0:00$/m);
  assert.doesNotMatch(r.stderr, /\r/);
  assert.match(r.stdout, /^analyze: 3 tracks: 2 analysed, 0 reused, 0 failed, 1 not analysed in [\d.]+ s; store /);
  // The store went to --db, errors.csv beside it (no --out-dir given).
  assert.ok(existsSync(db));
  assert.ok(existsSync(join(dir, 'shared', 'errors.csv')));
  assert.ok(!existsSync(join(dir, 'out')));
});

test('errors.csv text lists library problems, then failures, RFC 4180 quoted', () => {
  assert.equal(
    errorsCsvText([{ path: '/m/a "b".mp3', reason: 'file not found (line 2 of /m/x.m3u)' }], [
      { path: '/m/c,d.ogg', stage: 'decode', reason: 'truncated' },
    ]),
    'path,stage,reason\r\n"/m/a ""b"".mp3",library,file not found (line 2 of /m/x.m3u)\r\n"/m/c,d.ogg",decode,truncated\r\n',
  );
});

test('on a terminal the progress is one bar redrawn in place', () => {
  const dir = tempDir();
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 3, 1);
  // util-linux `script` runs the CLI on a pseudo-terminal (stdout and stderr both on it).
  const cmd = [process.execPath, cliPath, 'analyze', lib, '--out-dir', join(dir, 'out'), '--decoder', 'wasm']
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
  const r = spawnSync('script', ['-q', '-e', '-c', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });
  assert.equal(r.status, 0, r.stderr);
  const bar = new RegExp(String.raw`\r\[[#.]+\] \d/3 \(\d+%\) {2}[\d.]+ tracks/s {2}ETA \d+:\d\d${'\u001b'}\[K`, 'g');
  const redraws = r.stdout.match(bar) ?? [];
  assert.ok(redraws.length >= 2, JSON.stringify(r.stdout));
  assert.match(redraws.at(-1)!, /3\/3 \(100%\)/);
  assert.doesNotMatch(r.stdout, /^analyse: /m);
  assert.match(r.stdout, /analyze: 3 tracks: 3 analysed/);
});

test('copies of a file analysed in the same run are said to be copies, not "from the store" (analyze and run)', () => {
  const dir = tempDir();
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const [first] = writeLibrary(lib, 3, 1);
  copyFileSync(first!, join(lib, 'zz copy.wav'));
  const a = cli([lib, '--out-dir', join(dir, 'a'), '--decoder', 'wasm', '--concurrency', '1']);
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /^analyze: 4 tracks: 3 analysed, 1 reused \(1 copy of a file just analysed\), 0 failed, 0 not analysed in /);
  const json = cli([lib, '--out-dir', join(dir, 'a'), '--decoder', 'wasm', '--json']);
  assert.deepEqual(JSON.parse(json.stdout).sameContent, 0, 'a second run reuses from the store');
  const run = spawnSync(process.execPath, [cliPath, 'run', lib, '--out-dir', join(dir, 'r'), '--decoder', 'wasm', '--concurrency', '1', '--clusters', '2', '--no-sweep', '--no-report'], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /^analysed 4 tracks \(0 from the store, 3 new, 1 the same content as another file, 0 failed\) in /m);
});
