import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../src/playlists/search-space.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('features: a folder or a playlist stands for its tracks, with the values each file gives alone', () => {
  const d = tempDir('mcp-features-cmd-');
  mkdirSync(join(d, 'lib', 'sub'), { recursive: true });
  writeFileSync(join(d, 'lib', 'a.wav'), wavBytes(synthTrack(1, 3), 22050));
  writeFileSync(join(d, 'lib', 'sub', 'b.wav'), wavBytes(synthTrack(5, 3), 22050));
  writeFileSync(join(d, 'c.wav'), wavBytes(synthTrack(9, 3), 22050));
  writeFileSync(join(d, 'list.m3u'), 'c.wav\ngone.wav\n');
  const r = spawnSync(process.execPath, [cliPath, 'features', join(d, 'lib'), join(d, 'list.m3u'), '--set', 'blog', '--csv'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 1, 'one entry failed');
  assert.match(r.stderr, /gone\.wav: library failed: file not found \(line 2 of .*list\.m3u\)/);
  const rows = parseCsv(r.stdout);
  assert.deepEqual(
    rows.slice(1).map((row) => row[0]),
    [join(d, 'lib', 'a.wav'), join(d, 'lib', 'sub', 'b.wav'), join(d, 'c.wav')],
  );
  const alone = spawnSync(process.execPath, [cliPath, 'features', 'c.wav', '--set', 'blog', '--csv'], { cwd: d, encoding: 'utf8', timeout: 60_000 });
  assert.equal(alone.status, 0, alone.stderr);
  const one = parseCsv(alone.stdout);
  assert.equal(one[1]![0], 'c.wav', 'a file is printed as it was named');
  assert.deepEqual(one[1]!.slice(1), rows[3]!.slice(1));
});

test('features on many files runs them in worker threads: the same values, in the order named, as one at a time', () => {
  const d = tempDir('mcp-features-par-');
  for (let i = 0; i < 5; i++) writeFileSync(join(d, `t${i}.wav`), wavBytes(synthTrack(i * 3 + 1, 2), 22050));
  writeFileSync(join(d, 'broken.wav'), 'not audio');
  const files = ['t3.wav', 'broken.wav', 't0.wav', 't4.wav', 't1.wav', 't2.wav'];
  const run = (concurrency: string) =>
    spawnSync(process.execPath, [cliPath, 'features', ...files, '--set', 'readme', '--json', '--concurrency', concurrency], { cwd: d, encoding: 'utf8', timeout: 120_000 });
  const serial = run('1');
  const pooled = run('2');
  for (const r of [serial, pooled]) {
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('broken.wav: decode failed: not an audio file')).length, 1, r.stderr);
  }
  const a = JSON.parse(serial.stdout) as { path: string; values: Record<string, number> }[];
  const b = JSON.parse(pooled.stdout) as { path: string; values: Record<string, number> }[];
  assert.deepEqual(
    b.map((x) => x.path),
    ['t3.wav', 't0.wav', 't4.wav', 't1.wav', 't2.wav'],
  );
  assert.deepEqual(b, a, 'bit for bit');
  assert.equal(run('0').status, 2);
});

test('features piped into head stops quietly when head has read enough (no EPIPE stack trace)', () => {
  const d = tempDir('mcp-features-head-');
  for (let i = 0; i < 3; i++) writeFileSync(join(d, `t${i}.wav`), wavBytes(synthTrack(i + 2, 2), 22050));
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" features t0.wav t1.wav t2.wav --set blog --concurrency 1 | head -1; echo "status \${PIPESTATUS[0]}" >&2`], {
    cwd: d,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.stdout, '# t0.wav\n');
  assert.equal(r.stderr, 'status 0\n');
});

test('features reads its files from - (standard input) and from a pipe, as run and analyze do', () => {
  const d = tempDir('mcp-features-stdin-');
  for (let i = 0; i < 2; i++) writeFileSync(join(d, `s${i}.wav`), wavBytes(synthTrack(i + 4, 2), 22050));
  const named = spawnSync(process.execPath, [cliPath, 'features', 's0.wav', 's1.wav', '--set', 'blog', '--csv'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
  assert.equal(named.status, 0, named.stderr);
  const values = (out: string) => parseCsv(out).slice(1).map((r) => r.slice(1));
  const piped = spawnSync(process.execPath, [cliPath, 'features', '-', '--set', 'blog', '--csv'], { cwd: d, encoding: 'utf8', timeout: 120_000, input: 's0.wav\ns1.wav\n' });
  assert.equal(piped.status, 0, piped.stderr);
  assert.deepEqual(
    parseCsv(piped.stdout).slice(1).map((r) => r[0]),
    [join(d, 's0.wav'), join(d, 's1.wav')],
  );
  assert.deepEqual(values(piped.stdout), values(named.stdout));
  const sub = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" features <(printf 's0.wav\\ns1.wav\\n') --set blog --csv`], { cwd: d, encoding: 'utf8', timeout: 120_000 });
  assert.equal(sub.status, 0, sub.stderr);
  assert.deepEqual(values(sub.stdout), values(named.stdout));
});

test('stdout that cannot be written (a full disk: Linux\'s /dev/full) is one line and status 1, not a stack trace', () => {
  const d = tempDir('mcp-features-full-');
  writeFileSync(join(d, 'f.wav'), wavBytes(synthTrack(3, 2), 22050));
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [cliPath, 'features', 'f.wav', '--set', 'blog'], { cwd: d, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', full, 'pipe'] });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'mir-cluster-playlist: standard output: cannot write: no space left on the disk\n');
  } finally {
    closeSync(full);
  }
});
