// `--update`: the playlists of the last run are kept when tracks are added and removed. Real WAV
// files, a real store, the real CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { synthTrack, wavBytes, writeLibrary } from '../analysis/synth-wav.js';
import { FeatureStore, parseSettingsKey } from '../../src/store/index.js';
import { cliPath, tempDir } from '../helpers.js';

const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 5 * 60_000 });

/** Playlist file name → the track file names in it, in order. */
function playlists(out: string): Map<string, string[]> {
  const dir = join(out, 'playlists');
  return new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.endsWith('.wav')).map((l) => l.split('/').pop()!)]),
  );
}

/** A library of `tracks` synthetic WAVs and the first run over it, into a fresh folder. */
function firstRun(prefix: string, tracks: number, seconds: number, args: string[]): { dir: string; lib: string; out: string } {
  const dir = tempDir(prefix);
  const lib = join(dir, 'lib');
  const out = join(dir, 'out');
  mkdirSync(lib);
  writeLibrary(lib, tracks, seconds);
  ok(cli(['run', lib, '--out-dir', out, ...args]), 'first run');
  return { dir, lib, out };
}

test('run --update keeps every earlier track in its playlist and order, places new tracks, drops gone ones', () => {
  const { dir, lib, out } = firstRun('mcp-update-', 12, 3, ['--clusters', '3', '--no-sweep']);
  const before = playlists(out);
  assert.equal(before.size, 3);

  // A new recording of t004's sound (another length), two unrelated new tracks, and t007 deleted.
  writeFileSync(join(lib, 'new-like-t004.wav'), wavBytes(synthTrack(4, 4), 22050));
  writeLibrary(lib, 2, 3, 40);
  rmSync(join(lib, 't007.wav'));
  const r = cli(['run', lib, '--out-dir', out, '--update']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /--update: 11 tracks kept their playlists, 3 new placed by their 5 nearest placed tracks \(pca32\), 1 no longer in the library: 14 tracks in 3 playlists/);
  // 3 new tracks on 11 is more than a quarter: the log suggests clustering afresh.
  assert.match(r.stderr, /note: the library has grown by more than a quarter since its playlists were made/);
  const after = playlists(out);
  assert.deepEqual([...after.keys()], [...before.keys()], 'the same playlist files');
  for (const [file, tracks] of before) {
    const kept = tracks.filter((t) => t !== 't007.wav');
    assert.deepEqual(after.get(file)!.filter((t) => kept.includes(t)), kept, `${file}: earlier tracks in their earlier order`);
  }
  const all = [...after.values()].flat();
  assert.ok(!all.includes('t007.wav'));
  assert.equal(all.length, 14);
  const home = [...after.entries()].find(([, t]) => t.includes('t004.wav'))![1];
  assert.ok(home.includes('new-like-t004.wav'), 'the new recording joins the playlist of the track it sounds like');
  const clusters = readFileSync(join(out, 'clusters.csv'), 'utf8');
  assert.match(clusters, /new-like-t004\.wav/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('new-like-t004.wav'));
  assert.equal(html.match(/"n":1\b/g)?.length, 3, 'the report marks the three placed tracks as new');

  // The library moves to another folder: the same files are found by their content.
  const moved = join(dir, 'moved library');
  renameSync(lib, moved);
  const m = cli(['run', moved, '--out-dir', out, '--update']);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stderr, /--update: 14 tracks kept their playlists, 0 new placed by their 5 nearest placed tracks \(pca32\) \(14 found under a new path\): 14 tracks in 3 playlists/);
  assert.deepEqual(playlists(out), after);
  assert.doesNotMatch(m.stderr, /has grown/);
  assert.equal(readFileSync(join(out, 'report.html'), 'utf8').match(/"n":1\b/g), null, 'nothing is new after a move');
});

test('run --update without --set analyses and places with the set of the run that made the playlists', () => {
  const { lib, out } = firstRun('mcp-update-set-', 6, 2, ['--set', 'blog', '--clusters', '2', '--no-sweep', '--no-report']);
  writeLibrary(lib, 1, 2, 30);
  const r = cli(['run', lib, '--out-dir', out, '--update', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^--update: the 'blog' set, as the run that made the playlists$/m);
  assert.match(r.stderr, /6 tracks kept their playlists, 1 new placed/);
  const store = FeatureStore.open(join(out, 'features.sqlite'), { readonly: true });
  try {
    assert.deepEqual(
      store.settingsList().map((s) => parseSettingsKey(s.key).set),
      ['blog'],
      'nothing was analysed with the default full set',
    );
  } finally {
    store.close();
  }
});

test('cluster --update without an earlier run clusters afresh and says so (the first of nightly runs); the next --update keeps those playlists', () => {
  const dir = tempDir('mcp-update-none-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 4, 2);
  ok(cli(['analyze', lib, '--db', join(dir, 'f.sqlite')]), 'analyse');
  const fresh = join(dir, 'fresh');
  const r = cli(['cluster', '--db', join(dir, 'f.sqlite'), '--out-dir', fresh, '--update']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes(`--update: no playlists of an earlier run in ${fresh} (no clusters.csv): clustering afresh; the next --update keeps these`), r.stderr);
  assert.match(r.stderr, /clustered 4 tracks into \d+ clusters/);
  const first = readFileSync(join(fresh, 'clusters.csv'), 'utf8');
  const again = cli(['cluster', '--db', join(dir, 'f.sqlite'), '--out-dir', fresh, '--update']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /--update: 4 tracks kept their playlists, 0 new placed/);
  assert.equal(readFileSync(join(fresh, 'clusters.csv'), 'utf8'), first);
  const clash = cli(['cluster', '--db', join(dir, 'f.sqlite'), '--out-dir', join(dir, 'fresh'), '--update', '--clusters', '4']);
  assert.equal(clash.status, 2);
  assert.match(clash.stderr, /--update keeps the earlier playlists and clusters nothing, so --clusters has no effect/);
});

function ok(r: ReturnType<typeof cli>, what: string): void {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
}

test('cluster --update reads a clusters.csv a spreadsheet saved again (BOM, semicolons, CRLF, every field quoted)', () => {
  const { dir, out } = firstRun('mcp-update-sheet-', 8, 2, ['--clusters', '2', '--no-sweep', '--no-report']);
  const before = playlists(out);
  const file = join(out, 'clusters.csv');
  // What LibreOffice or Excel writes where the decimal mark is a comma.
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  writeFileSync(file, `\uFEFF${rows.map((r) => r.map((f) => `"${f}"`).join(';')).join('\r\n')}\r\n`);
  const r = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', out, '--update', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /--update: 8 tracks kept their playlists, 0 new placed/);
  assert.deepEqual(playlists(out), before);
  assert.ok(dir);
});
