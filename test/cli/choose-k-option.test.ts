import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterLibrary } from '../../src/cli/pipeline/cluster-library.js';
import { DEFAULTS, parseClusterOptions, UsageError } from '../../src/cli/options.js';
import { createRng } from '../../src/util/rng.js';

/** Two groups 100 apart, each of three tight blobs 10 apart: the silhouette prefers 2, the elbow 6. */
function nestedBlobs(): { rows: number; cols: number; data: Float64Array } {
  const rng = createRng(1);
  const rows: number[] = [];
  for (const gx of [0, 100]) {
    for (const [bx, by] of [
      [0, 0],
      [10, 0],
      [5, 9],
    ]) {
      for (let i = 0; i < 15; i++) rows.push(gx + bx! + rng.normal(), by! + rng.normal());
    }
  }
  return { rows: rows.length / 2, cols: 2, data: Float64Array.from(rows) };
}

test('--choose-k: the elbow (default) and the silhouette maximum pick different k on nested blobs, and the reason says which decided', () => {
  const Z = nestedBlobs();
  const genres = new Array<string | null>(Z.rows).fill(null);
  const base = { ...parseClusterOptions({}), space: 'full', sweepSpaces: [] };
  assert.equal(base.chooseK, 'elbow');
  assert.equal(DEFAULTS.chooseK, 'elbow');
  const elbow = clusterLibrary(Z, genres, base);
  assert.equal(elbow.k, 6);
  assert.equal(elbow.kByElbow, 6);
  assert.equal(elbow.kBySilhouette, 2);
  assert.match(elbow.reason, /^elbow of the log-inertia curve over k = 2\.\.18 \(the silhouette maximum is at k = 2\); at most 18 clusters for 90 tracks/);
  assert.equal(new Set(elbow.labels).size, 6);
  const sil = clusterLibrary(Z, genres, { ...base, ...parseClusterOptions({ 'choose-k': 'silhouette' }), space: 'full', sweepSpaces: [] });
  assert.equal(sil.k, 2);
  assert.match(sil.reason, /^silhouette maximum over k = 2\.\.18 \(the elbow suggests 6\);/);
  // genre-bias agglomerative takes the distance path, which follows the same rule
  const biased = { ...base, method: 'agglomerative' as const, genreBias: 0.5 };
  assert.equal(clusterLibrary(Z, genres, biased).k, 6);
  assert.equal(clusterLibrary(Z, genres, { ...biased, chooseK: 'silhouette' }).k, 2);
  assert.throws(() => parseClusterOptions({ 'choose-k': 'gap' }), UsageError);
});

test('choosing k on a small library: at most tracks / 5 clusters unless --k-max is given, and the reason says so', () => {
  // 16 tracks in 8 tight pairs on a line: the elbow over 2..15 would make 8 playlists of two
  const rng = createRng(2);
  const data: number[] = [];
  for (let p = 0; p < 8; p++) for (let j = 0; j < 2; j++) data.push(p * 20 + 0.1 * rng.normal(), 0.1 * rng.normal());
  const Z = { rows: 16, cols: 2, data: Float64Array.from(data) };
  const genres = new Array<string | null>(16).fill(null);
  const capped = clusterLibrary(Z, genres, { ...parseClusterOptions({}), space: 'full', sweepSpaces: [] });
  assert.ok(capped.k >= 2 && capped.k <= 3, `k = ${capped.k}`);
  assert.match(capped.reason, /over k = 2\.\.3 .*; at most 3 clusters for 16 tracks \(about 5 per playlist; --k-max lifts this\)$/);
  assert.equal(capped.kCurve.length, 2);
  const free = clusterLibrary(Z, genres, { ...parseClusterOptions({ 'k-max': '15' }), space: 'full', sweepSpaces: [] });
  assert.equal(free.kCurve.length, 14);
  assert.ok(free.k > 3, `k = ${free.k}`);
  assert.ok(!free.reason.includes('at most'));
});

test('the default space is umap3 up to 100,000 tracks and pca8 above; --space and --seed-config always win', () => {
  assert.equal(parseClusterOptions({}, 100000).space, 'umap3');
  assert.equal(parseClusterOptions({}, 100001).space, 'pca8');
  assert.equal(parseClusterOptions({ space: 'umap2' }, 190000).space, 'umap2');
  assert.equal(parseClusterOptions({ 'seed-config': true }, 190000).space, 'pca3');
  // any number of principal components, but at least one
  assert.equal(parseClusterOptions({ space: 'pca12' }).space, 'pca12');
  for (const bad of ['pca0', 'pca', 'pca-3', 'umap4x']) {
    assert.throws(() => parseClusterOptions({ space: bad }), (e: unknown) => e instanceof UsageError && e.message.endsWith(`or pcaN (N >= 1), got '${bad}'`), bad);
  }
});

test('--playlist-size N: tracks / N clusters, each cut or joined to N/2..3N/2 tracks where it can be, said in the reason; it clashes with the other ways of fixing k', () => {
  const Z = nestedBlobs();
  const genres = new Array<string | null>(Z.rows).fill(null);
  const opts = { ...parseClusterOptions({ 'playlist-size': '20' }), space: 'full', sweepSpaces: [] };
  const r = clusterLibrary(Z, genres, opts);
  assert.equal(r.k, 5, '90 tracks / 20, rounded');
  assert.equal(new Set(r.labels).size, 5);
  assert.equal(r.reason, '--playlist-size 20: 90 tracks in 5 playlists of 15–30 tracks (18 on average)');
  // k-means alone at k = 90 / 8 leaves two blobs of 15 whole: those are cut, so every playlist has 4–12 tracks
  const eight = clusterLibrary(Z, genres, { ...opts, ...parseClusterOptions({ 'playlist-size': '8' }), space: 'full', sweepSpaces: [] });
  const counts = new Array<number>(eight.k).fill(0);
  for (const l of eight.labels) counts[l]!++;
  assert.ok(
    counts.every((c) => c >= 4 && c <= 12),
    `sizes ${counts}`,
  );
  assert.match(eight.reason, new RegExp(`^--playlist-size 8: 90 tracks in ${eight.k} playlists of ${Math.min(...counts)}–${Math.max(...counts)} tracks \\(\\d+(\\.\\d)? on average\\)$`));
  const one = clusterLibrary(Z, genres, { ...opts, ...parseClusterOptions({ 'playlist-size': '500' }), space: 'full', sweepSpaces: [] });
  assert.equal(one.k, 1, 'more than the library: one playlist');
  assert.equal(clusterLibrary(Z, genres, { ...opts, ...parseClusterOptions({ 'playlist-size': '1' }), space: 'full', sweepSpaces: [] }).k, 90);
  for (const [extra, re] of [
    [{ clusters: '4' }, /and so does --clusters/],
    [{ 'seed-config': true }, /and so does --seed-config/],
    [{ method: 'hdbscan' }, /and so does --method hdbscan/],
    [{ update: true }, /--update keeps the earlier playlists and clusters nothing, so --playlist-size has no effect/],
  ] as const) {
    assert.throws(() => parseClusterOptions({ 'playlist-size': '20', ...extra }), (e: unknown) => e instanceof UsageError && re.test(e.message), JSON.stringify(extra));
  }
  assert.throws(() => parseClusterOptions({ 'playlist-size': '0' }), UsageError);
  // hdbscan finds its own number of clusters: --clusters would be ignored without a word
  assert.throws(
    () => parseClusterOptions({ method: 'hdbscan', clusters: '9' }),
    (e: unknown) => e instanceof UsageError && /--clusters sets the number of clusters, and --method hdbscan finds its own/.test(e.message),
  );
});
