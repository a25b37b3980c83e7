import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kmeans } from '../../src/cluster/index.js';
import { adjustedRandScore } from '../../src/evaluate/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

interface Geometry {
  Z: number[][];
  y_true: number[];
  kmeans_n_init10_seed0: Record<string, { inertia: number; labels: number[] }>;
}
const g = readGolden<Geometry>('sklearn/geometry.json');
const Z = fromRows(g.Z);

test('k-means at k=5 finds sklearn partition (ARI 1) and its inertia within 1e-9 relative', () => {
  const want = g.kmeans_n_init10_seed0['5']!;
  for (const seed of [0, 1, 2]) {
    const r = kmeans(Z, 5, { seed, nInit: 10 });
    assert.equal(adjustedRandScore(want.labels, r.labels), 1, `seed ${seed}`);
    assert.ok(Math.abs(r.inertia - want.inertia) <= 1e-9 * want.inertia, `seed ${seed}: ${r.inertia} vs ${want.inertia}`);
  }
});

test('k-means for k = 2..8 reaches an inertia no worse than sklearn × 1.01', () => {
  for (const [k, want] of Object.entries(g.kmeans_n_init10_seed0)) {
    const r = kmeans(Z, Number(k), { seed: 0 });
    assert.ok(r.inertia <= want.inertia * 1.01, `k=${k}: ${r.inertia} vs sklearn ${want.inertia}`);
    assert.equal(r.centers.rows, Number(k));
    assert.equal(new Set(r.labels).size, Number(k));
  }
});

test('k-means reports the inertia of its labels and centres, and the same seed gives the same result', () => {
  const a = kmeans(Z, 6, { seed: 42, nInit: 3 });
  const b = kmeans(Z, 6, { seed: 42, nInit: 3 });
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(a.centers.data, b.centers.data);
  let s = 0;
  for (let i = 0; i < Z.rows; i++) {
    const c = a.labels[i]!;
    for (let t = 0; t < 16; t++) s += (Z.data[i * 16 + t]! - a.centers.data[c * 16 + t]!) ** 2;
  }
  assert.ok(Math.abs(s - a.inertia) < 1e-9 * s);
});

test('k-means handles duplicate rows (empty-cluster relocation) and rejects impossible k', () => {
  const X = fromRows([[0, 0], [0, 0], [0, 0], [5, 5], [5, 5], [9, 1]]);
  const r = kmeans(X, 3, { seed: 1 });
  assert.equal(new Set(r.labels).size, 3);
  assert.equal(r.inertia, 0);
  assert.throws(() => kmeans(X, 7, { seed: 0 }), /6 rows cannot form 7 clusters/);
  assert.throws(() => kmeans(fromRows([[Number.NaN]]), 1, { seed: 0 }), /row 0, column 0 is NaN/);
});
