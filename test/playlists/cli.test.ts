/**
 * The `similar` and `path` commands on a real feature store: the demo library synthesised and
 * analysed in the test (through the store API), then searched from the store alone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { runAnalysis } from '../../src/cli/commands/analyze.js';
import { synthesizeDemoLibrary } from '../../src/demo/index.js';
import { distancesToRow, loadSearchSpace, path, type SearchSpace, similar } from '../../src/playlists/index.js';
import { FeatureStore } from '../../src/store/index.js';
import { ffmpeg } from '../audio/fixtures.js';
import { cliPath, tempDir } from '../helpers.js';

let root: string;
let db: string;
let space: SearchSpace;
let style: string[];

/** Style id from a demo file name such as `07-ambient-pad-2.flac`. */
const styleOf = (p: string): string => p.replace(/^.*\/\d+-(.+)-\d+\.\w+$/, '$1');

before(async () => {
  root = tempDir('mcp-similar-');
  const lib = await synthesizeDemoLibrary(join(root, 'lib'), { tracksPerStyle: 4, durationSec: 5, workers: 2 });
  const r = await runAnalysis({
    inputs: [lib.m3uPath],
    outDir: join(root, 'out'),
    set: 'readme',
    cache: 'auto',
    decoder: 'auto',
    concurrency: 2,
    progress: null,
    collect: false,
  });
  assert.equal(r.failures.length, 0, JSON.stringify(r.failures));
  db = r.dbPath;
  const store = FeatureStore.open(db, { readonly: true });
  space = loadSearchSpace(store, { space: 'pca8' });
  store.close();
  style = space.tracks.map((t) => styleOf(t.path));
});

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('the nearest neighbours of a track are mostly from its own style', () => {
  assert.equal(space.tracks.length, 20);
  let same = 0;
  let firstSame = 0;
  for (let i = 0; i < space.tracks.length; i++) {
    const nn = similar(space.X, [i], { n: 3 });
    if (style[nn[0]!] === style[i]) firstSame++;
    for (const j of nn) if (style[j] === style[i]) same++;
  }
  // The readme set separates the demo styles (the blog set confuses pads with plucks on 5 s tracks).
  assert.ok(same / 60 >= 0.75, `${same} of 60 neighbours share the style`);
  assert.ok(firstSame >= 17, `${firstSame} of 20 nearest neighbours share the style`);
});

test('a path from a pad track to a drum track gets closer to the drum track almost every step', () => {
  const pads = style.flatMap((s, i) => (s === 'ambient-pad' ? [i] : []));
  const drums = style.flatMap((s, i) => (s === 'drum-loop' ? [i] : []));
  assert.equal(pads.length, 4);
  let down = 0;
  let steps = 0;
  for (const a of pads) {
    for (const b of drums) {
      const p = path(space.X, [a, b], 6);
      assert.equal(p.length, 6);
      assert.deepEqual([p[0], p[5]], [a, b]);
      const d = distancesToRow(space.X, b, 'euclidean');
      for (let t = 1; t < p.length; t++) {
        steps++;
        if (d[p[t]!]! < d[p[t - 1]!]!) down++;
      }
      // Halfway the path is nearer to B than A is.
      assert.ok(d[p[3]!]! < d[a]!, `pad ${a} → drum ${b}`);
    }
  }
  // Measured: 71 of 80 steps.
  assert.ok(down / steps >= 0.8, `${down} of ${steps} steps get closer to B`);
});

test('similar CLI writes a radio playlist that starts with the seed and resolves to the files', () => {
  const seed = space.tracks.findIndex((t) => styleOf(t.path) === 'chiptune');
  const name = space.tracks[seed]!.tags.title!;
  const out = join(root, 'radio', 'radio.m3u8');
  const r = cli(['similar', name, '--db', db, '--n', '5', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  assert.ok(text.startsWith('#EXTM3U\n'));
  const paths = text.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(paths.length, 6);
  const abs = paths.map((p) => resolve(dirname(out), p));
  assert.equal(abs[0], space.tracks[seed]!.path);
  for (const p of abs) assert.ok(existsSync(p), p);
  assert.equal(new Set(abs).size, 6);
  assert.ok(abs.filter((p) => styleOf(p) === 'chiptune').length >= 3, abs.join('\n'));
});

test('similar CLI --json with several seeds and a cosine metric; #N is the store order without clusters.csv', () => {
  const r = cli(['similar', '#1', 'row:2', '--db', db, '--n', '4', '--json', '--metric', 'cosine', '--space', 'full']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { seeds: string[]; metric: string; tracks: { path: string; distance: number }[] };
  assert.equal(j.metric, 'cosine');
  assert.deepEqual(j.seeds, [space.tracks[0]!.path, space.tracks[1]!.path]);
  assert.equal(j.tracks.length, 6);
  const found = j.tracks.slice(2).map((t) => t.distance);
  assert.deepEqual(found, [...found].sort((a, b) => a - b));
});

test('path CLI with a waypoint: starts at A, passes C, ends at B', () => {
  const a = style.indexOf('ambient-pad');
  const c = style.indexOf('plucked-melody');
  const b = style.indexOf('drum-loop');
  const out = join(root, 'path.m3u8');
  const r = cli(['path', space.tracks[a]!.path, `#${c + 1}`, space.tracks[b]!.path, '--db', db, '--steps', '9', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { tracks: { path: string; distanceToEnd: number }[] };
  const ps = j.tracks.map((t) => t.path);
  assert.equal(ps.length, 9);
  assert.equal(ps[0], space.tracks[a]!.path);
  assert.equal(ps[8], space.tracks[b]!.path);
  assert.ok(ps.includes(space.tracks[c]!.path));
  assert.equal(j.tracks[8]!.distanceToEnd, 0);
  const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(lines.map((l) => resolve(dirname(out), l)), ps);
});

test('similar and path CLI: unknown and ambiguous names list candidates; usage errors exit 2', () => {
  const amb = cli(['similar', 'drum loop', '--db', db]);
  assert.equal(amb.code, 1);
  assert.match(amb.stderr, /'drum loop' matches 4 tracks/);
  assert.equal(amb.stderr.split('\n').filter((l) => /drum-loop-\d/.test(l)).length, 4);
  const unk = cli(['path', 'no such song', '#1', '--db', db]);
  assert.equal(unk.code, 1);
  assert.match(unk.stderr, /matches no track/);
  assert.equal(cli(['similar', '#1', '--db', db, '--metric', 'manhattan']).code, 2);
  assert.equal(cli(['path', '#1', '--db', db]).code, 2);
  assert.equal(cli(['similar', '#1', '--db', db, '--space', 'ae']).code, 2);
  const none = cli(['similar', '#1', '--db', join(root, 'missing.sqlite')]);
  assert.notEqual(none.code, 0);
});

test('#N names row N of clusters.csv (beside the store by default, or --clusters FILE)', () => {
  const csv = join(dirname(db), 'clusters.csv');
  const rows = [...space.tracks].reverse().map((t, i) => `${i + 1},"${t.path.replace(/"/g, '""')}",x,y\r\n`);
  writeFileSync(csv, `row,path,title,artist\r\n${rows.join('')}`);
  try {
    const r = cli(['similar', '#1', '--db', db, '--n', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { seeds: string[] }).seeds, [space.tracks[19]!.path]);
    const other = join(root, 'other.csv');
    writeFileSync(other, `path\n${space.tracks[4]!.path}\n`);
    const r2 = cli(['similar', 'row:1', '--db', db, '--n', '1', '--json', '--clusters', other]);
    assert.deepEqual((JSON.parse(r2.stdout) as { seeds: string[] }).seeds, [space.tracks[4]!.path]);
    const bad = cli(['similar', '#1', '--db', db, '--clusters', join(root, 'none.csv')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /none\.csv: cannot read clusters\.csv/);
  } finally {
    rmSync(csv);
  }
});

test('a second copy of a file under another path is counted once', () => {
  const store = FeatureStore.open(db);
  const key = space.settingsKey;
  const t = store.tracks(key).find((x) => x.path === space.tracks[0]!.path)!;
  const copy = `${t.path}.copy.flac`;
  // a real copy: a path whose file is missing is left out for that reason alone (next test)
  copyFileSync(t.path, copy);
  store.put({ ...t, id: undefined, path: copy });
  store.close();
  const ok = cli(['similar', t.path, '--db', db, '--n', '30', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  const j = JSON.parse(ok.stdout) as { space: string; tracks: { path: string }[] };
  // the measured default (docs/eval.md, table 5); on 21 tracks it has at most 20 components
  assert.equal(j.space, 'pca32');
  const ps = j.tracks.map((x) => x.path);
  assert.ok(!ps.includes(copy), 'the copy of the seed is left out');
  assert.equal(ps.length, 20);
});

test('a file deleted since its analysis is never recommended, and the note says why', () => {
  const store = FeatureStore.open(db);
  const key = space.settingsKey;
  const t = store.tracks(key).find((x) => x.path === space.tracks[1]!.path)!;
  const gone = join(dirname(t.path), 'deleted since.wav');
  // the same sound under another fingerprint: it would be the seed's nearest neighbour if it counted
  store.put({ ...t, id: undefined, path: gone, fingerprint: 'deleted-file' });
  store.close();
  try {
    const r = cli(['similar', space.tracks[1]!.path, '--db', db, '--n', '5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /note: 1 stored track left out, e\.g\. .*deleted since\.wav: file no longer exists/);
    const ps = (JSON.parse(r.stdout) as { tracks: { path: string }[] }).tracks.map((x) => x.path);
    assert.ok(!ps.includes(gone));
    assert.equal(ps.length, 6);
  } finally {
    const s2 = FeatureStore.open(db);
    s2.db.prepare('DELETE FROM tracks WHERE path = ?').run(gone);
    s2.close();
  }
});

test('similar and path take an audio file from outside the library: analysed under the store settings, store unchanged', () => {
  const drum = style.indexOf('drum-loop');
  const original = space.tracks[drum]!.path;
  const outsideDir = join(root, 'downloads');
  mkdirSync(outsideDir);
  // The same music as a library track, re-encoded a little quieter (0.45 dB) in another format: a different file.
  const outside = join(outsideDir, 'the same beat.ogg');
  ffmpeg(['-i', original, '-af', 'volume=0.95', '-c:a', 'libvorbis', '-q:a', '6', outside]);
  const count = () => {
    const s = FeatureStore.open(db, { readonly: true });
    try {
      return s.tracks(space.settingsKey).length;
    } finally {
      s.close();
    }
  };
  const before = count();
  const r = cli(['similar', outside, '--db', db, '--n', '4', '--json', '--space', 'pca8']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^analysing .*the same beat\.ogg: not in the feature store \(the 'readme' set, as the store's tracks\)$/m);
  const found = (JSON.parse(r.stdout) as { tracks: { path: string; distance: number }[] }).tracks;
  assert.equal(found[0]!.path, outside, 'the outside seed opens the playlist');
  // the library track it was made from is the same recording: named once, never listed again
  assert.match(r.stderr, new RegExp(`^note: the library already holds .*the same beat\\.ogg as ${original.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(the same recording\\); it is not listed again$`, 'm'));
  assert.ok(!found.some((t) => t.path === original), found.map((t) => t.path).join('\n'));
  assert.ok(found.slice(1).filter((t) => styleOf(t.path) === 'drum-loop').length >= 2, 'its neighbours are the other drum loops');
  assert.equal(count(), before, 'nothing was stored');

  const pad = style.indexOf('ambient-pad');
  const p = cli(['path', outside, space.tracks[pad]!.path, '--db', db, '--steps', '5', '--json']);
  assert.equal(p.code, 0, p.stderr);
  const steps = (JSON.parse(p.stdout) as { tracks: { path: string }[] }).tracks.map((t) => t.path);
  assert.deepEqual([steps[0], steps[4]], [outside, space.tracks[pad]!.path]);

  // A mistyped library name fails at once, before the outside file is analysed; text is no audio.
  const typo = cli(['path', outside, 'no such song', '--db', db]);
  assert.equal(typo.code, 1);
  assert.doesNotMatch(typo.stderr, /analysing/);
  const text = join(outsideDir, 'notes.mp3');
  writeFileSync(text, 'not music\n');
  const bad = cli(['similar', text, '--db', db]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /similar: .*notes\.mp3: decode failed: not an audio file/);
});

test('similar with a playlist as the seed: its tracks open the list, then the tracks nearest to all of them', () => {
  const chip = space.tracks.map((_t, i) => i).filter((i) => style[i] === 'chiptune');
  const list = join(root, 'favourites.m3u8');
  writeFileSync(list, `#EXTM3U\n${space.tracks[chip[0]!]!.path}\n${space.tracks[chip[1]!]!.path}\n${join(root, 'deleted.flac')}\n`);
  const r = cli(['similar', list, '--db', db, '--n', '2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^seeds: the 2 tracks of .*favourites\.m3u8$/m);
  assert.match(r.stderr, /deleted\.flac: file not found \(line 4 of .*\); not a seed/);
  const j = JSON.parse(r.stdout) as { seeds: string[]; tracks: { path: string }[] };
  assert.deepEqual(j.seeds, [space.tracks[chip[0]!]!.path, space.tracks[chip[1]!]!.path]);
  assert.equal(j.tracks.length, 4);
  assert.deepEqual(
    j.tracks.slice(2).map((t) => styleOf(t.path)),
    ['chiptune', 'chiptune'],
    'the other two chiptune tracks are nearest to both seeds',
  );
  // the same playlist written on another machine, read with --path-map
  const seedPath = space.tracks[chip[0]!]!.path;
  writeFileSync(list, `X:\\Old\\${seedPath.slice(dirname(seedPath).length + 1)}\r\n`);
  const mapped = cli(['similar', list, '--db', db, '--n', '1', '--json', '--path-map', `X:\\Old=${dirname(seedPath)}`]);
  assert.equal(mapped.code, 0, mapped.stderr);
  assert.deepEqual((JSON.parse(mapped.stdout) as { seeds: string[] }).seeds, [seedPath]);
  writeFileSync(list, `${join(root, 'deleted.flac')}\n`);
  const none = cli(['similar', list, '--db', db]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /favourites\.m3u8: the playlist names no track that exists/);
  // a seed playlist that is no playlist at all: its own reason, in one line
  writeFileSync(list, '<html><body>favourites</body></html>');
  const notList = cli(['similar', list, '--db', db]);
  assert.equal(notList.code, 1);
  assert.equal(notList.stderr, `mir-cluster-playlist similar: ${list}: cannot read playlist: XML that is neither an XSPF, a WPL, an ASX nor an iTunes playlist\n`);
  // the seeds piped in (`-`), or from the shell's process substitution (a pipe, /dev/fd/63)
  const two = `${space.tracks[chip[0]!]!.path}\n${space.tracks[chip[1]!]!.path}\n`;
  const piped = spawnSync(process.execPath, [cliPath, 'similar', '-', '--db', db, '--n', '2', '--json'], { encoding: 'utf8', cwd: root, input: two });
  assert.equal(piped.status, 0, piped.stderr);
  assert.match(piped.stderr, /^seeds: the 2 tracks of \(stdin\)$/m);
  assert.deepEqual((JSON.parse(piped.stdout) as { tracks: { path: string }[] }).tracks.map((t) => t.path), j.tracks.map((t) => t.path));
  const sub = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" similar <(printf '%s' "$SEEDS") --db "${db}" --n 2 --json`], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, SEEDS: two },
  });
  assert.equal(sub.status, 0, sub.stderr);
  assert.match(sub.stderr, /^seeds: the 2 tracks of \(pipe\)$/m);
  assert.deepEqual((JSON.parse(sub.stdout) as { tracks: { path: string }[] }).tracks.map((t) => t.path), j.tracks.map((t) => t.path));
});

test('similar and path --exclude never offer the stored tracks the patterns name', () => {
  const seed = style.indexOf('noise-rock');
  const r = cli(['similar', space.tracks[seed]!.path, '--db', db, '--n', '19', '--json', '--exclude', '*chiptune*', '--exclude', '*drum-loop*']);
  assert.equal(r.code, 0, r.stderr);
  // the store as it is now (earlier tests in this file add copies to it)
  const store = FeatureStore.open(db, { readonly: true });
  const now = loadSearchSpace(store, { space: 'pca8' }).tracks.map((t) => t.path);
  store.close();
  const named = now.filter((p) => /chiptune|drum-loop/.test(p)).length;
  assert.ok(named >= 8, String(named));
  assert.match(r.stderr, new RegExp(`^--exclude left out ${named} analysed tracks$`, 'm'));
  const j = JSON.parse(r.stdout) as { tracks: { path: string }[] };
  assert.ok(j.tracks.length > 1 && j.tracks.length <= now.length - named, String(j.tracks.length));
  assert.deepEqual(j.tracks.filter((t) => /chiptune|drum-loop/.test(t.path)), []);
  const p = cli(['path', space.tracks[style.indexOf('ambient-pad')]!.path, space.tracks[seed]!.path, '--db', db, '--steps', '6', '--json', '--exclude', '*plucked*']);
  assert.equal(p.code, 0, p.stderr);
  assert.deepEqual((JSON.parse(p.stdout) as { tracks: { path: string }[] }).tracks.filter((t) => t.path.includes('plucked')), []);
  assert.equal(cli(['similar', '#1', '--db', db, '--exclude', '']).code, 2);
});
