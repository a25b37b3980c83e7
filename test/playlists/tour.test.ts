import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRows, type Matrix, zeros } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';
import { approxKNearestLists, kNearestLists } from '../../src/playlists/neighbours.js';
import { orderTour, tourLength } from '../../src/playlists/tour.js';

function randomPoints(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  const m = zeros(n, d);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function isPermutation(order: number[], n: number): boolean {
  if (order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

/** Best open-path length over all permutations (tiny n only). */
function optimalOpenLength(points: Matrix): number {
  const n = points.rows;
  const idx = Array.from({ length: n }, (_, i) => i);
  let best = Number.POSITIVE_INFINITY;
  const perm = (k: number): void => {
    if (k === n) {
      best = Math.min(best, tourLength(points, idx));
      return;
    }
    for (let i = k; i < n; i++) {
      [idx[k], idx[i]] = [idx[i]!, idx[k]!];
      perm(k + 1);
      [idx[k], idx[i]] = [idx[i]!, idx[k]!];
    }
  };
  perm(0);
  return best;
}

test('orderTour handles 0, 1, 2 points', () => {
  assert.deepEqual(orderTour(zeros(0, 3), 1), []);
  assert.deepEqual(orderTour(zeros(1, 3), 1), [0]);
  assert.deepEqual(orderTour(zeros(2, 3), 1), [0, 1]);
});

test('orderTour visits points on a line in line order', () => {
  const xs = [5, 1, 9, 3, 7, 0, 8, 2, 6, 4];
  const pts = fromRows(xs.map((x) => [x, 0]));
  const order = orderTour(pts, 3);
  const seq = order.map((i) => xs[i]!);
  const asc = [...xs].sort((a, b) => a - b);
  assert.ok(
    JSON.stringify(seq) === JSON.stringify(asc) || JSON.stringify(seq) === JSON.stringify([...asc].reverse()),
    `got ${seq}`,
  );
});

test('orderTour is a permutation, deterministic per seed, and has no improving 2-opt move', () => {
  const pts = randomPoints(300, 4, 11);
  const a = orderTour(pts, 7);
  const b = orderTour(pts, 7);
  assert.ok(isPermutation(a, 300));
  assert.deepEqual(a, b);
  // Exhaustive 2-opt check over all pairs (the search itself only looks at 10 neighbours).
  const len = tourLength(pts, a);
  let improvable = 0;
  for (let i = 0; i < a.length - 1; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const t = [...a.slice(0, i), ...a.slice(i, j + 1).reverse(), ...a.slice(j + 1)];
      if (tourLength(pts, t) < len - 1e-6 * len) improvable++;
    }
  }
  // Candidate lists can miss a few long-range moves; they must be rare and the tour short.
  assert.ok(improvable <= 3, `${improvable} improving 2-opt moves remain`);
});

test('orderTour is within 5 % of the optimum on small instances', () => {
  for (let s = 0; s < 12; s++) {
    const pts = randomPoints(8, 2, 100 + s);
    const got = tourLength(pts, orderTour(pts, s));
    const opt = optimalOpenLength(pts);
    assert.ok(got <= opt * 1.05 + 1e-9, `seed ${s}: ${got} vs optimum ${opt}`);
  }
});

test('orderTour beats plain nearest neighbour and input order on 2,000 points in a square', () => {
  const rng = createRng(5);
  const rows: number[][] = [];
  for (let i = 0; i < 2000; i++) rows.push([rng.next(), rng.next()]);
  const pts = fromRows(rows);
  const order = orderTour(pts, 1);
  assert.ok(isPermutation(order, 2000));
  const plain = tourLength(pts, orderTour(pts, 1, { neighbours: 10, orOpt: false }));
  const nn = tourLength(pts, orderTour(pts, 1, { improve: false }));
  const identity = tourLength(pts, Array.from({ length: 2000 }, (_, i) => i));
  const got = tourLength(pts, order);
  assert.ok(got <= plain + 1e-9, `${got} vs 2-opt only ${plain}`);
  assert.ok(got < nn * 0.9, `${got} vs nearest neighbour ${nn}`);
  assert.ok(got < identity * 0.1, `${got} vs input order ${identity}`);
});

test('large clusters use approximate candidate lists: high recall, valid and short tours', () => {
  const rng = createRng(8);
  const n = 4500;
  const X = zeros(n, 8);
  for (let i = 0; i < n; i++) {
    const c = i % 5;
    for (let k = 0; k < 8; k++) X.data[i * 8 + k] = (k === c ? 5 : 0) + rng.normal();
  }
  const exact = kNearestLists(X, 10);
  const approx = approxKNearestLists(X, 10, 1);
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const s = new Set(exact.idx.subarray(i * 10, i * 10 + 10));
    for (const j of approx.idx.subarray(i * 10, i * 10 + 10)) if (s.has(j)) hit++;
  }
  assert.ok(hit / (n * 10) > 0.8, `recall ${hit / (n * 10)}`);
  const order = orderTour(X, 2);
  assert.ok(isPermutation(order, n));
  const nn = tourLength(X, orderTour(X, 2, { improve: false }));
  const exactTour = tourLength(X, orderTour(X, 2, { exactUpTo: n }));
  const got = tourLength(X, order);
  assert.ok(got < nn, `${got} vs nearest neighbour ${nn}`);
  assert.ok(got < exactTour * 1.02, `${got} vs exact lists ${exactTour}`);
});
