import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moreLikeThis, similar } from '../../src/playlists/index.js';
import { createRng } from '../../src/util/rng.js';
import type { Matrix } from '../../src/util/matrix.js';

function blobs(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  const centres = Array.from({ length: 6 }, () => Array.from({ length: d }, () => rng.normal() * 4));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) data[i * d + c] = centres[i % 6]![c]! + rng.normal();
  return { rows: n, cols: d, data };
}

test('exact lists are what `similar` answers for each track alone', () => {
  const X = blobs(120, 5, 3);
  const fps = Array.from({ length: X.rows }, (_, i) => `fp${i}`);
  const m = moreLikeThis(X, 10, fps);
  assert.equal(m.exact, true);
  for (let i = 0; i < X.rows; i++) assert.deepEqual(m.lists[i], similar(X, [i], { n: 10, fingerprints: fps }), `track ${i}`);
});

test('copies of a file (same fingerprint) are never listed, neither for the file nor twice for another', () => {
  const X = blobs(40, 3, 5);
  // rows 1 and 2 are copies of row 0: the same content under three paths, at the same coordinates
  for (const r of [1, 2]) for (let c = 0; c < 3; c++) X.data[r * 3 + c] = X.data[c]!;
  const fps = Array.from({ length: 40 }, (_, i) => (i <= 2 ? 'same' : `fp${i}`));
  const m = moreLikeThis(X, 8, fps);
  for (const r of [0, 1, 2]) {
    assert.equal(m.lists[r]!.length, 8);
    assert.ok(m.lists[r]!.every((j) => j > 2), `row ${r} lists no copy of itself`);
  }
  for (let i = 3; i < 40; i++) {
    const copies = m.lists[i]!.filter((j) => j <= 2);
    assert.ok(copies.length <= 1, `row ${i} lists the file once at most`);
    assert.deepEqual(m.lists[i], similar(X, [i], { n: 8, fingerprints: fps }));
  }
});

test('above the exact limit the lists are approximate, deterministic, and mostly the exact ones', () => {
  const X = blobs(600, 8, 7);
  const fps = Array.from({ length: X.rows }, (_, i) => `fp${i}`);
  const exact = moreLikeThis(X, 10, fps);
  const approx = moreLikeThis(X, 10, fps, 0, 100);
  assert.equal(approx.exact, false);
  assert.deepEqual(moreLikeThis(X, 10, fps, 0, 100).lists, approx.lists, 'same seed, same lists');
  let hits = 0;
  for (let i = 0; i < X.rows; i++) {
    const a = approx.lists[i]!;
    assert.equal(a.length, 10);
    assert.ok(!a.includes(i) && new Set(a).size === 10, `row ${i}: no self, no repeats`);
    const want = new Set(exact.lists[i]);
    hits += a.filter((j) => want.has(j)).length;
  }
  assert.ok(hits / (10 * X.rows) > 0.9, `recall ${hits / (10 * X.rows)}`);
});

test('tiny libraries: as many neighbours as there are other tracks', () => {
  const X: Matrix = { rows: 3, cols: 1, data: Float64Array.from([0, 1, 5]) };
  assert.deepEqual(moreLikeThis(X, 10, ['a', 'b', 'c']).lists, [[1, 2], [0, 2], [1, 0]]);
  assert.throws(() => moreLikeThis(X, 10, ['a']), /fingerprints/);
});
