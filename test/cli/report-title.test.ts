// The report's title names the library that was clustered, not an input that was not there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { libraryName } from '../../src/cli/commands/cluster.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('run with a missing folder next to a real one: the title names the real one, errors.csv the missing one', () => {
  const dir = tempDir('mcp-title-');
  const lib = join(dir, 'my-music');
  mkdirSync(lib);
  writeLibrary(lib, 6, 2);
  const missing = join(dir, 'old-music');
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, 'run', lib, missing, '--out-dir', out, '--db', join(dir, 'f.sqlite'), '--clusters', '2', '--no-sweep', '--concurrency', '1'], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<title>mir-cluster-playlist: my-music<\/title>/);
  assert.match(readFileSync(join(out, 'errors.csv'), 'utf8'), new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},library,file not found$`, 'm'));
});

test('run - (paths piped in): the title says stdin', () => {
  const dir = tempDir('mcp-title-stdin-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 6, 2);
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, 'run', '-', '--out-dir', out, '--clusters', '2', '--no-sweep', '--concurrency', '1'], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
    input: readdirSync(lib).map((f) => join(lib, f)).join('\n'),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /analysed 6 tracks/);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<title>mir-cluster-playlist: \(stdin\)<\/title>/);
});

test('run <(find …) (a pipe from process substitution): its paths are the library, and the title says pipe', () => {
  const dir = tempDir('mcp-title-pipe-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 6, 2);
  const out = join(dir, 'out');
  // bash hands the command /dev/fd/63, a pipe that can be read once
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" run <(find "${lib}" -name '*.wav' | sort) --out-dir "${out}" --clusters 2 --no-sweep --concurrency 1`], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /analysed 6 tracks/);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<title>mir-cluster-playlist: \(pipe\)<\/title>/);
});

test('cluster from a store: the title names the folder the tracks lie under, not the store file', () => {
  const dir = tempDir('mcp-title-cluster-');
  const lib = join(dir, 'Music');
  mkdirSync(join(lib, 'a'), { recursive: true });
  mkdirSync(join(lib, 'b'));
  writeLibrary(join(lib, 'a'), 3, 1);
  writeLibrary(join(lib, 'b'), 3, 1, 3);
  const db = join(dir, 'store.sqlite');
  const analyse = spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', db, '--concurrency', '1'], { encoding: 'utf8', timeout: 5 * 60_000 });
  assert.equal(analyse.status, 0, analyse.stderr);
  const out = join(dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, 'cluster', '--db', db, '--out-dir', out, '--clusters', '2', '--no-sweep', '--concurrency', '1'], { encoding: 'utf8', timeout: 5 * 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<title>mir-cluster-playlist: Music<\/title>/);
});

test('libraryName: the deepest folder shared by every track, else the store file name', () => {
  assert.equal(libraryName(['/home/u/Music/A/1.flac', '/home/u/Music/B/x/2.mp3'], '/s/f.sqlite'), 'Music');
  assert.equal(libraryName(['/home/u/Music/A/1.flac'], '/s/f.sqlite'), 'A');
  assert.equal(libraryName(['/home/u/Music/A/1.flac', '/srv/2.ogg'], '/s/f.sqlite'), 'f.sqlite');
  assert.equal(libraryName(['/home/u/Mus/1.flac', '/home/u/Music/2.flac'], '/s/f.sqlite'), 'u');
  assert.equal(libraryName([], '/s/f.sqlite'), 'f.sqlite');
});

test('run . (the working folder): the title names the folder, not "."', () => {
  const dir = tempDir('mcp-title-dot-');
  const lib = join(dir, 'Jazz Standards');
  mkdirSync(lib);
  writeLibrary(lib, 6, 2);
  const r = spawnSync(process.execPath, [cliPath, 'run', '.', '--out-dir', join(dir, 'out'), '--clusters', '2', '--no-sweep', '--concurrency', '1'], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
    cwd: lib,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /<title>mir-cluster-playlist: Jazz Standards<\/title>/);
});
