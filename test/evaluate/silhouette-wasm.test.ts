import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silhouetteSampled, silhouetteSamples, silhouetteScore } from '../../src/evaluate/index.js';
import { createRng } from '../../src/util/rng.js';

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

test('sampled silhouettes on the WASM kernel equal the JavaScript loop bit for bit', () => {
  const rng = createRng(8);
  let cases = 0;
  for (const [n, d, k] of [
    [40, 1, 2],
    [97, 3, 5],
    [260, 8, 4],
    [123, 17, 3],
  ] as const) {
    const data = Float64Array.from({ length: n * d }, (_, i) => rng.normal() + (Math.floor(i / d) % k) * 2);
    const X = { rows: n, cols: d, data };
    const labels = Int32Array.from({ length: n }, (_, i) => i % k);
    // sample sizes: fewer than a block of eight, a block plus an odd tail, blocks only, all but one
    for (const m of [1, 7, 8, 19, 32, n - 1]) {
      const w = silhouetteSampled(X, labels, m, 5, false, 'wasm');
      const j = silhouetteSampled(X, labels, m, 5, false, 'js');
      assert.equal(bits(w), bits(j), `n ${n} d ${d} k ${k} m ${m}`);
      cases++;
    }
  }
  assert.equal(cases, 24);
});

test('the sampled estimate with every row sampled is the exact mean silhouette, and the kernel option reaches silhouetteScore', () => {
  const rng = createRng(1);
  const n = 60;
  const X = { rows: n, cols: 2, data: Float64Array.from({ length: n * 2 }, (_, i) => rng.normal() + (Math.floor(i / 2) % 4 < 2 ? 0 : 3)) };
  const labels = Int32Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 0 : 1));
  const exact = silhouetteSamples(X, labels).reduce((a, b) => a + b, 0) / n;
  // all n rows sampled (in a shuffled order): the same silhouettes, summed in another order
  const all = silhouetteSampled(X, labels, n, 3);
  assert.ok(Math.abs(all.reduce((a, b) => a + b, 0) / n - exact) < 1e-12);
  assert.ok(exact > 0.5, `${exact}`);
  const wasm = silhouetteScore(X, labels, { sampleSize: 30, seed: 2 });
  const js = silhouetteScore(X, labels, { sampleSize: 30, seed: 2, kernel: 'js' });
  assert.ok(Object.is(wasm, js));
});
