import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseK, kneeIndex, silhouetteScore, withinClusterSumOfSquares } from '../../src/evaluate/index.js';
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
