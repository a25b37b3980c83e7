import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseK, decideK, kneeIndex, silhouetteScore, withinClusterSumOfSquares } from '../../src/evaluate/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

const g = readGolden<{ Z: number[][]; kmeans_n_init10_seed0: Record<string, { silhouette: number; labels: number[] }> }>(
  'sklearn/geometry.json',
);
const Z = fromRows(g.Z);

test('kneeIndex finds the corner of an L-shaped curve and 0 for a straight line', () => {
  assert.equal(kneeIndex([1, 2, 3, 4, 5, 6], [100, 40, 12, 10, 9, 8]), 2);
  assert.equal(kneeIndex([1, 2, 3], [3, 2, 1]), 0);
});

test('the elbow is the knee of log inertia: a huge first drop does not hide a later, sharper one', () => {
  // inertia of k-means on the demo library's UMAP (five styles of ten tracks): the linear knee is at
  // k = 3 (the drop from 2521 flattens the rest), the log knee at k = 5 where inertia falls 17-fold
  const inertia = [2521.6, 494.07, 202.43, 11.673, 8.9501, 7.1012, 5.9108, 5.0354, 4.1476];
  const curve = inertia.map((v, i) => ({ k: i + 2, inertia: v, silhouette: i === 3 ? 0.92 : 0.5 }));
  assert.equal(curve[kneeIndex(curve.map((c) => c.k), inertia)]!.k, 3);
  assert.deepEqual(decideK(curve, 'elbow'), { k: 5, silhouetteK: 5, elbowK: 5 });
  // a perfect fit (inertia 0 from k = 4 on) stays finite and is the knee
  const perfect = [30, 12, 0, 0, 0].map((v, i) => ({ k: i + 2, inertia: v, silhouette: 0.5 }));
  assert.equal(decideK(perfect, 'elbow').elbowK, 4);
  assert.equal(decideK(perfect, 'silhouette').k, 2);
});

test('chooseK on five blobs: silhouette maximum and elbow both at k = 5; the elbow decides by default', () => {
  const r = chooseK(Z, { seed: 0, kMin: 2, kMax: 8 });
  assert.equal(r.silhouetteK, 5);
  assert.equal(r.elbowK, 5);
  assert.equal(r.k, 5);
  assert.equal(r.decidedBy, 'elbow');
  assert.equal(r.silhouetteExact, true);
  assert.equal(r.curve.length, 7);
  const k5 = r.curve.find((c) => c.k === 5)!;
  assert.ok(Math.abs(k5.silhouette - g.kmeans_n_init10_seed0['5']!.silhouette) < 1e-9);
  for (let i = 1; i < r.curve.length; i++) assert.ok(r.curve[i]!.inertia < r.curve[i - 1]!.inertia);
  const ward = chooseK(Z, { seed: 0, kMin: 2, kMax: 8, method: 'ward', decide: 'silhouette' });
  assert.equal(ward.decidedBy, 'silhouette');
  assert.equal(ward.k, ward.silhouetteK);
});

test('withinClusterSumOfSquares equals k-means inertia; sampled silhouettes are used above exactMaxRows', () => {
  const labels = g.kmeans_n_init10_seed0['5']!.labels;
  assert.ok(Math.abs(withinClusterSumOfSquares(Z, labels) - 600.9199488288604) < 1e-9);
  const r = chooseK(Z, { seed: 0, kMin: 4, kMax: 6, silhouette: { exactMaxRows: 50, sampleSize: 60 } });
  assert.equal(r.silhouetteExact, false);
  const k5 = r.curve.find((c) => c.k === 5)!;
  assert.ok(Math.abs(k5.silhouette - silhouetteScore(Z, labels)) < 0.1);
});
