import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agglomerative, kmeans } from '../../src/cluster/index.js';
import { pca } from '../../src/embed/index.js';
import {
  adjustedMutualInfoScore,
  adjustedRandScore,
  pdist,
  silhouetteScore,
  sweep,
  sweepDetailed,
  sweepToCsv,
  vMeasureScore,
} from '../../src/evaluate/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

const g = readGolden<{ Z: number[][]; y_true: number[]; kmeans_n_init10_seed0: Record<string, { inertia: number }> }>(
  'sklearn/geometry.json',
);
const Z = fromRows(g.Z);
const genres = g.y_true.map((v) => `genre${v}`);

test('sweep: one row per space × method × k with the same numbers as the metric functions', () => {
  const spaces = [
    { name: 'full', X: Z },
    { name: 'pca3', X: pca(Z, 3).transformed },
  ];
  const rows = sweep(spaces, ['kmeans', 'agglomerative', 'average'], { min: 2, max: 8 }, genres);
  assert.equal(rows.length, 2 * 3 * 7);
  const r = rows.find((x) => x.space === 'full' && x.method === 'kmeans' && x.k === 5)!;
  assert.equal(r.ARI, adjustedRandScore(genres, kmeans(Z, 5, { seed: 0 }).labels));
  assert.ok(r.ARI! > 0.95);
  assert.ok(Math.abs(r.inertia - g.kmeans_n_init10_seed0['5']!.inertia) < 1e-9 * r.inertia);
  assert.equal(r.nLabelled, 120);
  assert.equal(r.nUnlabelled, 0);
  const ward = rows.find((x) => x.space === 'pca3' && x.method === 'agglomerative' && x.k === 4)!;
  const labels = agglomerative(spaces[1]!.X, 4, 'ward').labels;
  assert.equal(ward.ARI, adjustedRandScore(genres, labels));
  assert.equal(ward.AMI, adjustedMutualInfoScore(genres, labels));
  assert.equal(ward.vMeasure, vMeasureScore(genres, labels));
  assert.ok(Math.abs(ward.silhouette - silhouetteScore(spaces[1]!.X, labels)) < 1e-12);
  assert.equal(ward.silhouetteExact, true);
  const km = kmeans(Z, 3, { seed: 0 });
  const r3 = rows.find((x) => x.space === 'full' && x.method === 'kmeans' && x.k === 3)!;
  assert.equal(r3.inertia, km.inertia);
});

test('sweep: without labels the label scores are null; unlabelled tracks are counted; impossible k is reported', () => {
  const seen: number[] = [];
  const noLabels = sweep([{ name: 'full', X: Z }], ['kmeans'], [3], undefined, { onRow: (r) => seen.push(r.k) });
  assert.deepEqual(seen, [3]);
  assert.equal(noLabels[0]!.ARI, null);
  assert.equal(noLabels[0]!.nUnlabelled, 120);
  const partial = genres.map((v, i) => (i % 4 === 0 ? undefined : v));
  const rows = sweep([{ name: 'full', X: Z }], ['ward'], [5], partial);
  assert.equal(rows[0]!.nLabelled, 90);
  assert.equal(rows[0]!.nUnlabelled, 30);
  const d = sweepDetailed([{ name: 'tiny', X: fromRows([[0], [1], [2]]) }], ['kmeans'], [2, 3]);
  assert.equal(d.rows.length, 1);
  assert.match(d.skipped[0]!.reason, /k = 3 needs 2 ≤ k < 3 rows/);
});

test('sweep: precomputed (genre-contracted) distances drive linkage and silhouette', () => {
  const D = pdist(Z);
  let p = 0;
  for (let i = 0; i < 120; i++) for (let j = i + 1; j < 120; j++, p++) if (i % 3 === j % 3) D[p]! *= 0.5;
  const rows = sweep([{ name: 'biased', X: Z, distances: { condensed: D, n: 120 } }], ['average'], [4], genres);
  const labels = agglomerative({ condensed: D, n: 120 }, 4, 'average').labels;
  assert.equal(rows[0]!.ARI, adjustedRandScore(genres, labels));
  assert.equal(rows[0]!.silhouette, silhouetteScore({ condensed: D, n: 120 }, labels));
  assert.throws(() => sweep([{ name: 'bad', X: Z, distances: { condensed: D, n: 7 } }], ['average'], [4]), /distances are for 7/);
});

test('sweepToCsv writes a header and one line per row, empty cells for null', () => {
  const rows = sweep([{ name: 'full', X: Z }], ['kmeans'], [2, 3]);
  const lines = sweepToCsv(rows).trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.ok(lines[0]!.startsWith('space,method,k,ARI,AMI'));
  assert.ok(lines[1]!.startsWith('full,kmeans,2,,,'));
});
