import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  calinskiHarabaszScore,
  daviesBouldinScore,
  pdist,
  silhouetteSampled,
  silhouetteSamples,
  silhouetteScore,
} from '../../src/evaluate/index.js';
import { fromRows, zeros } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

interface Geometry {
  Z: number[][];
  y_true: number[];
  silhouette_euclidean_y_true: number;
  silhouette_samples_euclidean_y_true: number[];
  calinski_harabasz_y_true: number;
  davies_bouldin_y_true: number;
}

const g = readGolden<Geometry>('sklearn/geometry.json');
const Z = fromRows(g.Z);
const TOL = 1e-9;
const close = (got: number, want: number, what: string, tol = TOL): void =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: got ${got}, sklearn ${want}`);

test('silhouette score and samples match sklearn (Euclidean) within 1e-9', () => {
  close(silhouetteScore(Z, g.y_true), g.silhouette_euclidean_y_true, 'silhouette_score');
  const s = silhouetteSamples(Z, g.y_true);
  assert.equal(s.length, 120);
  for (let i = 0; i < 120; i++) close(s[i]!, g.silhouette_samples_euclidean_y_true[i]!, `silhouette_samples[${i}]`);
});

test('silhouette from precomputed distances (condensed and square) equals the feature version', () => {
  const D = pdist(Z);
  close(silhouetteScore({ condensed: D, n: 120 }, g.y_true), g.silhouette_euclidean_y_true, 'condensed');
  const sq = zeros(120, 120);
  let p = 0;
  for (let i = 0; i < 120; i++)
    for (let j = i + 1; j < 120; j++) {
      sq.data[i * 120 + j] = D[p]!;
      sq.data[j * 120 + i] = D[p++]!;
    }
  close(silhouetteScore(sq, g.y_true, { precomputed: true }), g.silhouette_euclidean_y_true, 'square');
});

test('sampled silhouette: exact per-sample values, seeded, and the full sample equals the exact score', () => {
  const full = silhouetteSamples(Z, g.y_true);
  const a = silhouetteSampled(Z, g.y_true, 30, 7);
  const b = silhouetteSampled(Z, g.y_true, 30, 7);
  assert.deepEqual(a, b);
  assert.equal(a.length, 30);
  for (const v of a) assert.ok(full.some((f) => Math.abs(f - v) < 1e-12), 'a sampled value is one of the exact ones');
  close(silhouetteScore(Z, g.y_true, { sampleSize: 120, seed: 3 }), g.silhouette_euclidean_y_true, 'sample = n');
  const est = silhouetteScore(Z, g.y_true, { sampleSize: 60, seed: 1 });
  assert.ok(Math.abs(est - g.silhouette_euclidean_y_true) < 0.1, `estimate ${est}`);
  assert.notEqual(est, silhouetteScore(Z, g.y_true, { sampleSize: 60, seed: 2 }));
});

test('Calinski–Harabasz and Davies–Bouldin match sklearn within 1e-9', () => {
  close(calinskiHarabaszScore(Z, g.y_true), g.calinski_harabasz_y_true, 'calinski_harabasz', TOL);
  close(daviesBouldinScore(Z, g.y_true), g.davies_bouldin_y_true, 'davies_bouldin', TOL);
});

test('geometry metrics reject one cluster and mismatched lengths with a clear message', () => {
  const one = new Array(120).fill(0);
  assert.throws(() => silhouetteScore(Z, one), /2 to n-1 clusters/);
  assert.throws(() => calinskiHarabaszScore(Z, [0, 1]), /2 labels for 120 samples/);
  assert.throws(() => daviesBouldinScore(Z, one), /2 to n-1 clusters/);
});
