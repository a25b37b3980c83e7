import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UMAP } from 'umap-js';
import { findABParams } from 'umap-js/dist/umap.js';
import { umap } from '../../src/embed/index.js';
import { defaultUmapEpochs, fuzzyEdges, type KnnGraph } from '../../src/embed/umap-graph.js';
import { umapNeighbours } from '../../src/embed/umap-knn.js';
import { layoutSchedule, optimizeLayoutJs } from '../../src/embed/umap-layout.js';
import { POW_TABLES, powPositive } from '../../src/embed/umap-pow.js';
import { optimizeLayoutWasm } from '../../src/embed/umap-wasm.js';
import { toRows } from '../../src/util/matrix.js';
import { createRng, createSfc32 } from '../../src/util/rng.js';

/** Five noisy blobs, n × d. */
function blobs(n: number, d: number, seed: number): { rows: number; cols: number; data: Float64Array } {
  const r = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = (i % 5) * 3 * ((j % 3) - 1) + r.normal();
  return { rows: n, cols: d, data };
}

/** umap-js's neighbour search, not part of its typed API. */
interface UmapKnn {
  nearestNeighbors(x: number[][]): { knnIndices: number[][]; knnDistances: number[][] };
}

/** Our neighbours, graph, initial layout and layout loop, with the layout's pow chosen: what umap() does. */
function ourUmap(X: ReturnType<typeof blobs>, dims: number, seed: number, nEpochs: number, pow: (x: number, y: number) => number): Float64Array {
  const rng = createSfc32(seed);
  const k = 15;
  const edges = fuzzyEdges(umapNeighbours(X, k, rng.next), nEpochs);
  const Y = new Float64Array(X.rows * dims);
  for (let i = 0; i < Y.length; i++) Y[i] = rng.next() * 20 + -10;
  const { a, b } = findABParams(1, 0.1);
  optimizeLayoutJs(Y, dims, edges, layoutSchedule(edges, nEpochs), { a, b, nEpochs }, rng, pow);
  return Y;
}

test('UMAP neighbour search: umap-js\'s nearestNeighbors() bit for bit (kernel and JS twin), leaving the random stream where umap-js does', () => {
  for (const [n, d, k] of [
    [40, 3, 5],
    [700, 30, 15],
  ] as const) {
    const X = blobs(n, d, n + 1);
    const refRng = createSfc32(11);
    const ref = (new UMAP({ nNeighbors: k, random: refRng.next }) as unknown as UmapKnn).nearestNeighbors(toRows(X));
    for (const kernel of ['wasm', 'js'] as const) {
      const rng = createSfc32(11);
      const g = umapNeighbours(X, k, rng.next, kernel);
      assert.deepEqual(Array.from(g.indices), ref.knnIndices.flat(), `${kernel} n ${n}`);
      assert.deepEqual(Array.from(g.distances), ref.knnDistances.flat(), `${kernel} n ${n}`);
      assert.deepEqual(rng.state(), refRng.state());
    }
  }
});

test('UMAP neighbours, graph, initial layout and layout loop: with Math.pow, umap-js\'s fit() bit for bit', () => {
  for (const [n, d, dims, nEpochs] of [
    [120, 6, 2, 60],
    [300, 20, 3, 500],
  ] as const) {
    const X = blobs(n, d, n);
    const rng = createRng(5);
    const ref = new UMAP({ nComponents: dims, nNeighbors: 15, minDist: 0.1, nEpochs, random: () => rng.next() }).fit(toRows(X));
    const ours = ourUmap(X, dims, 5, nEpochs, Math.pow);
    assert.deepEqual(Array.from(ours), ref.flat(), `n ${n}`);
  }
});

test('the layout kernel gives the JavaScript twin\'s coordinates and leaves the random stream where the twin does', () => {
  const X = blobs(400, 10, 2);
  const k = 15;
  const g = umapNeighbours(X, k, createSfc32(1).next);
  for (const dims of [1, 2, 3, 8]) {
    const nEpochs = defaultUmapEpochs(X.rows);
    const edges = fuzzyEdges(g, nEpochs);
    const init = new Float64Array(X.rows * dims);
    const r0 = createSfc32(dims);
    for (let i = 0; i < init.length; i++) init[i] = r0.next() * 20 - 10;
    const { a, b } = findABParams(1, 0.1);
    const p = { a, b, nEpochs };
    const js = init.slice();
    const rJs = createSfc32(77);
    optimizeLayoutJs(js, dims, edges, layoutSchedule(edges, nEpochs), p, rJs);
    const wasm = init.slice();
    const rW = createSfc32(77);
    assert.ok(optimizeLayoutWasm(wasm, dims, edges, layoutSchedule(edges, nEpochs), p, rW), 'the kernel ran');
    assert.deepEqual(wasm, js, `dims ${dims}`);
    assert.deepEqual(rW.state(), rJs.state());
    assert.notDeepEqual(js, init);
  }
});

test('fuzzy graph: symmetric fuzzy union, sorted edges, weights in (0, 1], weak edges dropped', () => {
  // 4 points on a line; k = 3 neighbours including the point itself
  const g: KnnGraph = {
    n: 4,
    k: 3,
    indices: Int32Array.from([0, 1, 2, 1, 0, 2, 2, 1, 3, 3, 2, 1]),
    distances: Float64Array.from([0, 1, 2, 0, 1, 1, 0, 1, 2, 0, 2, 3]),
  };
  const e = fuzzyEdges(g, 1);
  const keys = Array.from(e.tail, (t, i) => t * 4 + e.head[i]!);
  assert.deepEqual(keys, [...keys].sort((x, y) => x - y));
  const w = new Map(keys.map((key, i) => [key, e.weight[i]!]));
  for (const [key, v] of w) {
    assert.ok(v > 0 && v <= 1);
    assert.equal(w.get((key % 4) * 4 + Math.floor(key / 4)), v, 'symmetric');
  }
  // the nearest neighbour is at membership 1, so its union weight is 1
  assert.equal(w.get(0 * 4 + 1), 1);
  // with 1000 epochs the threshold max/1000 keeps every edge; with 1 it keeps only the heaviest
  assert.ok(fuzzyEdges(g, 1000).weight.length > e.weight.length);
  assert.ok(e.weight.every((v) => v === 1));
});

test('powPositive: x^y to 1e-12 over the whole positive range, 0 and Infinity beyond it', () => {
  const r = createRng(4);
  let worst = 0;
  for (let i = 0; i < 200000; i++) {
    const x = Math.exp((r.next() - 0.5) * 1400);
    const y = -1 + r.next() * 3;
    const want = x ** y;
    if (want === 0 || !Number.isFinite(want) || want < 1e-300 || want > 1e300) continue;
    worst = Math.max(worst, Math.abs(powPositive(x, y) / want - 1));
  }
  for (const x of [5e-324, 1e-310, 2.2250738585072014e-308, 1, 1.5, 2 - 2 ** -52, 2, 3.5, 1e300]) {
    for (const y of [0.8942, -0.1058, 1.9]) {
      const want = x ** y;
      if (want > 1e-300 && want < 1e300) worst = Math.max(worst, Math.abs(powPositive(x, y) / want - 1));
    }
  }
  assert.ok(worst < 1e-12, `worst relative error ${worst}`);
  assert.equal(powPositive(1, 0.8942), 1);
  assert.equal(powPositive(1e-300, 4), 0);
  assert.equal(powPositive(1e300, 2), Infinity);
  assert.equal(POW_TABLES.length, 768);
});

test('umap(): rows beyond the default epochs and one-dimensional output stay finite and seeded', () => {
  const X = blobs(60, 4, 3);
  const a = umap(X, { nComponents: 1, seed: 2 });
  assert.deepEqual(a.data, umap(X, { nComponents: 1, seed: 2 }).data);
  assert.ok(a.data.every(Number.isFinite));
});
