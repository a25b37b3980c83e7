import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { FeatureStore } from '../../src/store/index.js';
import { ffmpeg } from '../audio/fixtures.js';
import { cliPath, requirePath, tempDir } from '../helpers.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
}

const MUSIC = '/usr/share/games/hedgewars/Data/Music';
const dir = tempDir('mcp-recordings-');
const lib = join(dir, 'lib');
const db = join(dir, 'out', 'features.sqlite');
const flac = join(lib, 'album (flac)', 'snow.flac');
const mp3 = join(lib, 'album (mp3)', 'snow.mp3');

/** Track file names in every playlist of `out`. */
function listed(out: string): string {
  return readdirSync(join(out, 'playlists'))
    .map((f) => readFileSync(join(out, 'playlists', f), 'utf8'))
    .join('\n');
}

before(() => {
  // four 40 s excerpts of real soundtrack pieces as FLAC, and one of them again as a 128k MP3 in
  // another folder, as a library kept in two formats holds it
  mkdirSync(join(lib, 'album (flac)'), { recursive: true });
  mkdirSync(join(lib, 'album (mp3)'), { recursive: true });
  for (const name of ['snow', 'Rock', 'City', 'oriental']) {
    const src = requirePath(join(MUSIC, `${name}.ogg`), 'hedgewars-data');
    ffmpeg(['-ss', '5', '-t', '40', '-i', src, '-c:a', 'flac', join(lib, 'album (flac)', `${name}.flac`)]);
  }
  ffmpeg(['-i', flac, '-c:a', 'libmp3lame', '-b:a', '128k', mp3]);
  const r = cli(['run', lib, '--out-dir', join(dir, 'out'), '--clusters', '2', '--no-sweep', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
});

test('the same recording in another encoding is clustered and listed once, and the log says which file stands for it', () => {
  const r = cli(['cluster', '--db', db, '--out-dir', join(dir, 'once'), '--clusters', '2', '--no-sweep', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /predate/);
  assert.match(
    r.stderr,
    /left out 1 file repeating a recording of the library \(1 the same recording in another encoding; e\.g\. .*snow\.mp3, the same recording as .*snow\.flac\)/,
  );
  assert.match(r.stderr, /clustered 4 tracks/);
  const text = listed(join(dir, 'once'));
  assert.ok(text.includes('snow.flac') && !text.includes('snow.mp3'), text);
  const kept = cli(['cluster', '--db', db, '--out-dir', join(dir, 'kept'), '--clusters', '2', '--no-sweep', '--no-report', '--keep-copies']);
  assert.equal(kept.status, 0, kept.stderr);
  assert.match(kept.stderr, /clustered 5 tracks/);
  assert.ok(listed(join(dir, 'kept')).includes('snow.mp3'));
});

test('the store keeps each analysis\'s signature; analyses without one are matched by content only', () => {
  const store = FeatureStore.open(db);
  try {
    const key = store.settingsList()[0]!.key;
    const tracks = store.tracks(key);
    assert.equal(tracks.length, 5);
    for (const t of tracks) assert.ok(t.signature && t.signature.length > 1300, `${t.path}: ${t.signature?.length}`);
    // as an analysis made before signatures existed
    store.db.prepare('UPDATE analyses SET signature = NULL WHERE track_id = (SELECT id FROM tracks WHERE path = ?)').run(mp3);
  } finally {
    store.close();
  }
  const r = cli(['cluster', '--db', db, '--out-dir', join(dir, 'unsigned'), '--clusters', '2', '--no-sweep', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /left out/);
  assert.match(r.stderr, /clustered 5 tracks/);
  assert.match(r.stderr, /^note: 1 analysis predates acoustic signatures: another encoding of that track is not recognised as the same recording \('analyze --extract-cache 0' adds the signatures\)$/m);
  // a fresh analysis brings the signature back
  const again = cli(['analyze', lib, '--db', db, '--extract-cache', '0']);
  assert.equal(again.status, 0, again.stderr);
  const s2 = FeatureStore.open(db, { readonly: true });
  try {
    assert.ok(s2.tracks(s2.settingsList()[0]!.key).every((t) => t.signature !== undefined));
  } finally {
    s2.close();
  }
});

test('similar never offers another encoding of a seed, from the library or from outside it', () => {
  const inLib = cli(['similar', flac, '--db', db, '--json', '--clusters', join(dir, 'out', 'clusters.csv')]);
  assert.equal(inLib.status, 0, inLib.stderr);
  const paths = (JSON.parse(inLib.stdout) as { tracks: { path: string }[] }).tracks.map((t) => t.path);
  assert.equal(paths[0], flac);
  assert.ok(!paths.includes(mp3), paths.join('\n'));
  assert.equal(paths.length, 4, 'the seed and the three other recordings');
  // an Opus file outside the library, made from the same recording
  const outside = join(dir, 'snow.opus');
  ffmpeg(['-i', flac, '-c:a', 'libopus', '-b:a', '64k', outside]);
  const out = cli(['similar', outside, '--db', db, '--json']);
  assert.equal(out.status, 0, out.stderr);
  const found = (JSON.parse(out.stdout) as { tracks: { path: string }[] }).tracks.map((t) => t.path);
  assert.equal(found[0], outside);
  assert.ok(!found.includes(flac) && !found.includes(mp3), found.join('\n'));
  // named by title, the two files of one recording are one track, not an ambiguity
  const byName = cli(['similar', 'snow', '--db', db, '--json']);
  assert.equal(byName.status, 0, byName.stderr);
  assert.equal((JSON.parse(byName.stdout) as { seeds: string[] }).seeds[0], flac);
});

test('the best encoding stands for a recording; under --update the file already in a playlist keeps standing for it', () => {
  // a small AAC encode in a folder that sorts first, and a WAV (the highest bit rate) in one that sorts last
  const early = join(lib, 'a early folder', 'snow.m4a');
  const best = join(lib, 'z late folder', 'snow.wav');
  mkdirSync(join(lib, 'a early folder'));
  mkdirSync(join(lib, 'z late folder'));
  ffmpeg(['-i', flac, '-c:a', 'aac', '-b:a', '96k', early]);
  ffmpeg(['-i', flac, '-c:a', 'pcm_s16le', best]);
  const outU = join(dir, 'out-update');
  mkdirSync(outU);
  for (const f of ['clusters.csv', 'metrics.json']) copyFileSync(join(dir, 'out', f), join(outU, f));
  const r = cli(['run', lib, '--db', db, '--out-dir', outU, '--update', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /left out 3 files repeating a recording of the library \(3 the same recording in another encoding; e\.g\. .*snow\.m4a, the same recording as .*album \(flac\)\/snow\.flac\)/);
  assert.match(r.stderr, /--update: 4 tracks kept their playlists, 0 new placed/);
  const kept = listed(outU);
  assert.ok(kept.includes('snow.flac') && !/snow\.(m4a|mp3|wav)/.test(kept), kept);
  // clustered afresh, the WAV stands for the recording, though it comes last in path order
  const fresh = cli(['cluster', '--db', db, '--out-dir', join(dir, 'fresh'), '--clusters', '2', '--no-sweep', '--no-report']);
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.match(fresh.stderr, /e\.g\. .*snow\.m4a, the same recording as .*z late folder\/snow\.wav\)/);
  const text = listed(join(dir, 'fresh'));
  assert.ok(text.includes('snow.wav') && !/snow\.(m4a|mp3|flac)/.test(text), text);
});
