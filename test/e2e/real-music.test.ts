import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { clusterLibrary } from '../../src/cli/pipeline/cluster-library.js';
import { featureMatrix } from '../../src/cli/pipeline/feature-matrix.js';
import { analysisSettingsKey } from '../../src/analysis/index.js';
import { standardScale } from '../../src/embed/index.js';
import { featureNames } from '../../src/features/index.js';
import { homogeneityScore } from '../../src/evaluate/index.js';
import { loadSearchSpace, similar } from '../../src/playlists/index.js';
import { FeatureStore } from '../../src/store/index.js';
import { checkReportInBrowser } from '../report/browser-check.js';
import { cliPath, requirePath, tempDir } from '../helpers.js';
import { checkOutputs, parseCsv } from './outputs-check.js';

// Real music from three Debian soundtracks; each copy is tagged with its package as genre, so the
// genre-aware modes have known genres. The pingus tracker modules stay untagged (no genre).
const XMOTO = requirePath('/usr/share/games/xmoto/Textures/Musics', 'xmoto-data');
const ENIGMA = requirePath('/usr/share/games/enigma/music/game', 'enigma-data');
const PINGUS = requirePath('/usr/share/games/pingus/data/music', 'pingus-data');
const MODULES = ['gd-ite.it', 'gd-cancn.it', 'pingus-1.it', 'gd-myla.it', 'success_1.it', 'success_2.it'];

const root = tempDir('mcp-e2e-real-');
const lib = join(root, 'library');
mkdirSync(lib);
const genreOf = new Map<string, string | null>();
function tagCopy(src: string, genre: string): string {
  const dst = join(lib, `${genre}-${basename(src)}`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-map', '0:a', '-c', 'copy', '-metadata', `genre=${genre}`, dst]);
  genreOf.set(dst, genre);
  return dst;
}
const files = [
  ...readdirSync(XMOTO).filter((f) => f.endsWith('.ogg')).sort().map((f) => tagCopy(join(XMOTO, f), 'xmoto')),
  ...readdirSync(ENIGMA).filter((f) => f.endsWith('.ogg')).sort().map((f) => tagCopy(join(ENIGMA, f), 'enigma')),
  ...MODULES.map((m) => {
    const p = join(PINGUS, m);
    genreOf.set(p, null);
    return p;
  }),
];
// Bad input next to the good: a missing entry, a text file named .mp3, an empty file.
writeFileSync(join(lib, 'notes.mp3'), 'these are my notes, not audio\n');
writeFileSync(join(lib, 'empty.flac'), '');
const m3u = join(lib, 'library.m3u');
writeFileSync(m3u, ['#EXTM3U', ...files, 'missing/track.ogg', 'notes.mp3', 'empty.flac', ''].join('\r\n'));
const out = join(root, 'out');

function cli(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 15 * 60_000 });
  return { status: r.status, stderr: r.stderr };
}

test('the seed interface on real soundtracks with bad entries', async (t) => {
  const r = cli(['--extract-in-playlist', m3u, '--out-dir', out, '--set', 'readme', '--method', 'agglomerative', '--clusters', '3']);
  assert.equal(r.status, 0, r.stderr);
  const rows = checkOutputs(out);
  assert.equal(rows.length, files.length, 'every good track analysed and placed');
  const errors = parseCsv(readFileSync(join(out, 'errors.csv'), 'utf8')).slice(1);
  assert.deepEqual(errors.map((e) => basename(e[0]!)).sort(), ['empty.flac', 'notes.mp3', 'track.ogg']);
  for (const name of ['empty.flac', 'notes.mp3', 'track.ogg']) {
    const line = r.stderr.split('\n').filter((l) => l.includes(name));
    assert.equal(line.length, 1, `one stderr line names ${name}: ${r.stderr}`);
  }

  await t.test('the report passes the browser checks on real music', async () => {
    await checkReportInBrowser(join(out, 'report.html'), rows.map((row) => row.path!));
  });

  await t.test('the report\'s "more like this" lists are what `similar` answers from the same store', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="mcp-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
      tracks: { f: string }[];
      near: number[][];
    };
    const store = FeatureStore.open(join(out, 'features.sqlite'), { readonly: true });
    const space = loadSearchSpace(store, {});
    store.close();
    assert.equal(data.near.length, data.tracks.length);
    const rowOf = new Map(space.tracks.map((tr, i) => [tr.path, i]));
    const fingerprints = space.tracks.map((tr) => tr.fingerprint);
    data.tracks.forEach((tr, i) => {
      const want = similar(space.X, [rowOf.get(tr.f)!], { n: 10, fingerprints }).map((j) => space.tracks[j]!.path);
      assert.deepEqual(data.near[i]!.map((j) => data.tracks[j]!.f), want, tr.f);
    });
  });

  await t.test('genre-bias 0: tags shuffled or removed change no cluster; 0.5 raises homogeneity', () => {
    const store = FeatureStore.open(join(out, 'features.sqlite'));
    const tracks = store.tracks(analysisSettingsKey('readme', 'auto'));
    store.close();
    const { X, kept } = featureMatrix(tracks, featureNames('readme'));
    const { Z } = standardScale(X);
    const genres = kept.map((tr) => genreOf.get(tr.path) ?? null);
    const opts = {
      method: 'agglomerative' as const,
      linkage: 'ward' as const,
      space: 'pca8',
      clusters: 3,
      chooseK: 'elbow' as const,
      minMeanClusterSize: 0,
      kMin: 2,
      kMax: 10,
      seed: 0,
      epochLimit: 200,
      sweepSpaces: [],
      nInit: 10,
      minClusterSize: 3,
    };
    const plain = clusterLibrary(Z, genres, { ...opts, genreBias: 0 }).labels;
    const shuffled = [...genres].reverse();
    assert.deepEqual(clusterLibrary(Z, shuffled, { ...opts, genreBias: 0 }).labels, plain);
    assert.deepEqual(clusterLibrary(Z, genres.map(() => null), { ...opts, genreBias: 0 }).labels, plain);
    // Known genres for every track (the modules by their package) for the homogeneity check.
    const known = kept.map((tr) => genreOf.get(tr.path) ?? 'pingus');
    const before = clusterLibrary(Z, known, { ...opts, genreBias: 0 }).labels;
    const after = clusterLibrary(Z, known, { ...opts, genreBias: 0.5 }).labels;
    const h0 = homogeneityScore(known, before);
    const h1 = homogeneityScore(known, after);
    assert.ok(h1 > h0, `homogeneity rises with genre bias: ${h0} -> ${h1}`);
  });

  await t.test('genre-bias mode through the CLI is shown in the report', () => {
    const biasedOut = join(root, 'out-bias');
    const c = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', biasedOut, '--set', 'readme', '--method', 'agglomerative', '--clusters', '3', '--genre-bias', '0.5', '--no-sweep']);
    assert.equal(c.status, 0, c.stderr);
    const html = readFileSync(join(biasedOut, 'report.html'), 'utf8');
    assert.match(html, /genre-bias/i);
    const m = JSON.parse(readFileSync(join(biasedOut, 'metrics.json'), 'utf8')) as { genreBias: number };
    assert.equal(m.genreBias, 0.5);
  });
});
