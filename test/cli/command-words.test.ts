import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { suggestCommand } from '../../src/cli/main.js';
import { synthTrack, wavBytes } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });

test('help <command> prints that command\'s options, like <command> -h', () => {
  const viaHelp = cli('help', 'similar');
  const viaFlag = cli('similar', '-h');
  assert.equal(viaHelp.status, 0, viaHelp.stderr);
  assert.match(viaHelp.stdout, /^usage: mir-cluster-playlist similar/);
  assert.equal(viaHelp.stdout, viaFlag.stdout);
  const overview = cli('help');
  assert.equal(overview.status, 0);
  assert.match(overview.stdout, /^usage: mir-cluster-playlist <command>/);
  assert.match(overview.stdout, /help <command>/);
});

test('"analyse" (the spelling the tool itself prints) runs analyze; a typo gets a suggestion', () => {
  assert.equal(cli('analyse', '-h').stdout, cli('analyze', '-h').stdout);
  const typo = cli('clsuter');
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown command 'clsuter' \(did you mean 'cluster'\?\)/);
  const far = cli('frobnicate');
  assert.equal(far.status, 2);
  assert.doesNotMatch(far.stderr, /did you mean/);
  assert.equal(suggestCommand('Demo'), 'demo');
  assert.equal(suggestCommand('expotr'), 'export');
  assert.equal(suggestCommand('xyz'), undefined);
});

test('--version prints the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = cli('--version');
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), `mir-cluster-playlist ${pkg.version}`);
});

test('a library without a command word is run (npx mir-cluster-playlist ~/Music); a missing path says so', () => {
  const dir = tempDir('mcp-bare-');
  const lib = join(dir, 'My Music');
  mkdirSync(lib);
  for (let i = 0; i < 3; i++) writeFileSync(join(lib, `t${i}.wav`), wavBytes(synthTrack(i, 3), 22050));
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, lib, '--out-dir', out, '--clusters', '2'], { encoding: 'utf8', timeout: 5 * 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /analysed 3 tracks \(/);
  const listed = readdirSync(join(out, 'playlists')).flatMap((f) => readFileSync(join(out, 'playlists', f), 'utf8').split('\n'));
  assert.deepEqual(listed.filter((l) => l.endsWith('.wav')).sort(), ['../../My Music/t0.wav', '../../My Music/t1.wav', '../../My Music/t2.wav']);

  const missing = cli(join(dir, 'Msuic'));
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `mir-cluster-playlist: no such file or folder: ${join(dir, 'Msuic')}\n`);
  assert.equal(cli('gone.m3u8').stderr, 'mir-cluster-playlist: no such file or folder: gone.m3u8\n');
});
