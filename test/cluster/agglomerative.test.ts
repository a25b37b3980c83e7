import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  agglomerative,
  assertAgglomerativeFits,
  cutTree,
  type LinkageMethod,
  linkage,
  MAX_AGGLOMERATIVE_ROWS,
} from '../../src/cluster/index.js';
import { adjustedRandScore, pdist } from '../../src/evaluate/index.js';
import { fromRows, zeros } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';
import { readGolden } from '../helpers.js';

interface Geometry {
  Z: number[][];
  agglomerative: Record<LinkageMethod, { scipy_linkage: number[][]; labels: Record<string, number[]> }>;
  agglomerative_precomputed_average_genre_contracted: {
    genre: number[];
    factor_same_genre: number;
    labels: Record<string, number[]>;
  };
}
const g = readGolden<Geometry>('sklearn/geometry.json');
const Z = fromRows(g.Z);
const n = 120;

for (const method of ['ward', 'average', 'complete', 'single'] as const) {
  test(`${method} linkage equals scipy's matrix (ids, sizes; heights to 1e-9) and cuts give sklearn's partitions`, () => {
    const want = g.agglomerative[method];
    const L = linkage(Z, method);
    assert.equal(L.length, (n - 1) * 4);
    for (let r = 0; r < n - 1; r++) {
      const w = want.scipy_linkage[r]!;
      assert.equal(L[r * 4], w[0], `row ${r} a`);
      assert.equal(L[r * 4 + 1], w[1], `row ${r} b`);
      assert.ok(Math.abs(L[r * 4 + 2]! - w[2]!) <= 1e-9, `row ${r} height ${L[r * 4 + 2]} vs ${w[2]}`);
      assert.equal(L[r * 4 + 3], w[3], `row ${r} size`);
    }
    for (const [k, labels] of Object.entries(want.labels)) {
      const got = cutTree(L, n, Number(k));
      assert.equal(new Set(got).size, Number(k));
      assert.equal(adjustedRandScore(labels, got), 1, `${method} k=${k}`);
    }
  });
}

test('precomputed average linkage on genre-contracted distances gives sklearn partitions', () => {
  const gc = g.agglomerative_precomputed_average_genre_contracted;
  const D = pdist(Z);
  let p = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++, p++) if (gc.genre[i] === gc.genre[j]) D[p]! *= gc.factor_same_genre;
  const copy = Float64Array.from(D);
  for (const [k, labels] of Object.entries(gc.labels)) {
    const r = agglomerative({ condensed: D, n }, Number(k), 'average');
    assert.equal(adjustedRandScore(labels, r.labels), 1, `k=${k}`);
  }
  assert.deepEqual(D, copy, 'the caller’s distances are left untouched');
});

test('linkage on precomputed Euclidean distances equals linkage on the features', () => {
  for (const method of ['ward', 'single'] as const) {
    assert.deepEqual(linkage({ condensed: pdist(Z), n }, method), linkage(Z, method));
  }
});

test('the square-matrix and condensed NN-chain layouts give identical linkage matrices', () => {
  for (const method of ['ward', 'average', 'complete'] as const) {
    const sq = linkage(Z, method, { layout: 'square' });
    assert.deepEqual(linkage(Z, method, { layout: 'condensed' }), sq, method);
    assert.deepEqual(linkage(Z, method), sq, `${method} default layout`);
  }
});

test('ward on centroids (no distance matrix) equals scipy and the matrix chain', () => {
  const want = g.agglomerative.ward.scipy_linkage;
  const L = linkage(Z, 'ward', { layout: 'centroid' });
  for (let r = 0; r < n - 1; r++) {
    assert.equal(L[r * 4], want[r]![0]);
    assert.equal(L[r * 4 + 1], want[r]![1]);
    assert.ok(Math.abs(L[r * 4 + 2]! - want[r]![2]!) <= 1e-9);
    assert.equal(L[r * 4 + 3], want[r]![3]);
  }
  const rng = createRng(8);
  const m = 1500;
  const X = zeros(m, 5);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal() + (Math.floor(i / 5) % 6) * 1.5;
  const a = linkage(X, 'ward', { layout: 'centroid' });
  const b = linkage(X, 'ward', { layout: 'square' });
  for (let r = 0; r < m - 1; r++) {
    assert.equal(a[r * 4], b[r * 4], `row ${r}`);
    assert.equal(a[r * 4 + 1], b[r * 4 + 1], `row ${r}`);
    assert.ok(Math.abs(a[r * 4 + 2]! - b[r * 4 + 2]!) <= 1e-9 * b[r * 4 + 2]!, `row ${r} height`);
  }
  assert.throws(() => linkage(Z, 'average', { layout: 'centroid' }), /centroid layout needs ward linkage on feature rows/);
});

test('the memory guard names the limit and suggests k-means', () => {
  assert.equal(MAX_AGGLOMERATIVE_ROWS, 23170);
  assert.doesNotThrow(() => assertAgglomerativeFits(23170));
  assert.throws(() => assertAgglomerativeFits(30000), /30000 rows needs 3\.4 GiB .* 2 GiB limit .* 23170 rows.*--method kmeans/);
  assert.throws(() => linkage({ condensed: new Float64Array(3), n: 4 }, 'ward'), /need 6 values, got 3/);
});
