import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type KMeansResult, kmeans } from '../../src/cluster/index.js';
import { fromRows, type Matrix } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';
import { readGolden } from '../helpers.js';

const bits = (a: Float64Array | Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function same(w: KMeansResult, j: KMeansResult, what: string): void {
  assert.equal(bits(w.labels), bits(j.labels), `${what}: labels`);
  assert.equal(bits(w.centers.data), bits(j.centers.data), `${what}: centres`);
  assert.ok(Object.is(w.inertia, j.inertia), `${what}: inertia ${w.inertia} vs ${j.inertia}`);
  assert.equal(w.nIter, j.nIter, `${what}: iterations`);
}

function blobs(n: number, d: number, seed: number, duplicates: boolean): Matrix {
  const rng = createRng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    // a few exact duplicate rows make equal k-means++ draws and empty clusters likely
    if (duplicates && i % 5 === 4) rows.push([...rows[i - 4]!]);
    else rows.push(Array.from({ length: d }, (_, t) => rng.normal() + 4 * ((i % 3) - 1) * (t % 2 === 0 ? 1 : 0.3)));
  }
  return fromRows(rows);
}

test('k-means on the WASM kernels gives the JavaScript loops’ labels, centres, inertia and iterations bit for bit', () => {
  let cases = 0;
  for (const d of [1, 2, 3, 7, 16]) {
    for (const [n, dup] of [
      [60, false],
      [25, true],
    ] as const) {
      const X = blobs(n, d, d * 10 + n, dup);
      for (const k of [1, 2, 3, 5, 8]) {
        for (const seed of [0, 3]) {
          const w = kmeans(X, k, { seed, nInit: 3, kernel: 'wasm' });
          const j = kmeans(X, k, { seed, nInit: 3, kernel: 'js' });
          same(w, j, `n ${n} d ${d} k ${k} seed ${seed}`);
          cases++;
        }
      }
    }
  }
  assert.equal(cases, 100);
});

test('the kernels agree on the sklearn golden blobs and on a wide matrix (odd k, more columns than rows)', () => {
  const g = readGolden<{ Z: number[][] }>('sklearn/geometry.json');
  const Z = fromRows(g.Z);
  for (const k of [2, 5, 9]) same(kmeans(Z, k, { seed: 1, kernel: 'wasm' }), kmeans(Z, k, { seed: 1, kernel: 'js' }), `golden k ${k}`);
  const wide = blobs(40, 215, 9, false);
  for (const k of [3, 7]) same(kmeans(wide, k, { seed: 2, kernel: 'wasm' }), kmeans(wide, k, { seed: 2, kernel: 'js' }), `wide k ${k}`);
});
