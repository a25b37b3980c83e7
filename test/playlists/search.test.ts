import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distancesToRow, path, similar, smallestK } from '../../src/playlists/search.js';
import { fromRows, type Matrix, zeros } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';

function gaussian(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  const m = zeros(n, d);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function dist(X: Matrix, i: number, j: number, metric: 'euclidean' | 'cosine'): number {
  const d = X.cols;
  let s = 0;
  let dot = 0;
  let a = 0;
  let b = 0;
  for (let k = 0; k < d; k++) {
    const x = X.data[i * d + k]!;
    const y = X.data[j * d + k]!;
    s += (x - y) ** 2;
    dot += x * y;
    a += x * x;
    b += y * y;
  }
  return metric === 'euclidean' ? Math.sqrt(s) : 1 - dot / Math.sqrt(a * b);
}

test('smallestK returns the k smallest allowed scores in (score, index) order', () => {
  const score = Float64Array.from([5, 1, 3, 1, 9, 0, 2, Number.NaN, 4]);
  const ex = new Uint8Array(9);
  ex[5] = 1;
  assert.deepEqual(smallestK(score, ex, 4), [1, 3, 6, 2]);
  assert.deepEqual(smallestK(score, ex, 0), []);
  assert.deepEqual(smallestK(score, ex, 100), [1, 3, 6, 2, 8, 0, 4]);
});

test('similar with one seed equals brute-force ranking (euclidean and cosine)', () => {
  const X = gaussian(500, 12, 1);
  for (const metric of ['euclidean', 'cosine'] as const) {
    const got = similar(X, [17], { n: 25, metric });
    const want = Array.from({ length: 500 }, (_, i) => i)
      .filter((i) => i !== 17)
      .sort((a, b) => dist(X, 17, a, metric) - dist(X, 17, b, metric) || a - b)
      .slice(0, 25);
    assert.deepEqual(got, want, metric);
    const all = distancesToRow(X, 17, metric);
    assert.ok(Math.abs(all[want[3]!]! - dist(X, 17, want[3]!, metric)) < 1e-12);
  }
});

test('similar with several seeds ranks by the largest distance to any seed', () => {
  const X = gaussian(400, 6, 2);
  const seeds = [3, 99, 250];
  const got = similar(X, seeds, { n: 15 });
  const worst = (i: number): number => Math.max(...seeds.map((s) => dist(X, s, i, 'euclidean')));
  const want = Array.from({ length: 400 }, (_, i) => i)
    .filter((i) => !seeds.includes(i))
    .sort((a, b) => worst(a) - worst(b) || a - b)
    .slice(0, 15);
  assert.deepEqual(got, want);
});

test('similar skips other copies of a seed or of a chosen track (fingerprint and path)', () => {
  // Rows 1 and 2 are copies of the seed's file; rows 3 and 4 are one file under two paths.
  const X = fromRows([[0], [0.1], [0.2], [1], [1.1], [2], [3], [3]]);
  const fingerprints = ['s', 's', 's', 'x', 'x', 'y', 'z', undefined];
  const paths = ['/a', '/b', '/c', '/d', '/e', '/f', '/g', '/g'];
  assert.deepEqual(similar(X, [0], { n: 10, fingerprints, paths }), [3, 5, 6]);
  assert.deepEqual(similar(X, [0], { n: 10 }), [1, 2, 3, 4, 5, 6, 7]);
});

test('similar keeps at most M consecutive tracks by one artist', () => {
  const rng = createRng(3);
  const n = 300;
  const X = zeros(n, 4);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
  // The seed's neighbourhood is dominated by one artist.
  const artists = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'Other ' + (i % 3) : 'The Band'));
  for (const M of [1, 2]) {
    const got = similar(X, [0], { n: 40, artists, artistGap: M });
    assert.equal(got.length, 40);
    const seq = ['other 0', ...got.map((i) => artists[i]!.toLowerCase())];
    let run = 1;
    for (let t = 1; t < seq.length; t++) {
      run = seq[t] === seq[t - 1] ? run + 1 : 1;
      assert.ok(run <= M, `run of ${run} > ${M} at ${t}`);
    }
    assert.equal(new Set(got).size, got.length);
  }
  // Unknown artists never form a run.
  assert.equal(similar(X, [0], { n: 40, artists: artists.map(() => undefined), artistGap: 1 }).length, 40);
  // When only one artist is left the list stops rather than breaking the rule.
  const one = similar(X, [0], { n: 40, artists: artists.map(() => 'Same'), artistGap: 2, afterSeeds: false });
  assert.equal(one.length, 2);
});

test('similar returns what there is and rejects bad seeds', () => {
  const X = gaussian(5, 2, 4);
  assert.deepEqual(similar(X, [0, 1, 2, 3, 4], { n: 3 }), []);
  assert.equal(similar(X, [0], { n: 30 }).length, 4);
  assert.throws(() => similar(X, [7]), /not a row/);
  assert.throws(() => similar(X, []), /at least one/);
});

test('path walks from A to B along a line, steps evenly, no repeats', () => {
  // Points on a line at 0..99 (shuffled rows) plus off-line noise points.
  const rng = createRng(5);
  const xs = rng.shuffle(Array.from({ length: 100 }, (_, i) => i));
  const rows = xs.map((x) => [x, 0.01 * rng.normal()]);
  for (let t = 0; t < 50; t++) rows.push([100 * rng.next(), 30 + rng.next()]);
  const X = fromRows(rows);
  const A = xs.indexOf(0);
  const B = xs.indexOf(99);
  const p = path(X, [A, B], 12);
  assert.equal(p.length, 12);
  assert.equal(p[0], A);
  assert.equal(p[11], B);
  assert.equal(new Set(p).size, 12);
  assert.deepEqual(
    p.map((i) => X.data[i * 2]!),
    [0, 9, 18, 27, 36, 45, 54, 63, 72, 81, 90, 99],
  );
  // Waypoints: A C B.
  const C = xs.indexOf(30);
  const q = path(X, [A, C, B], 11);
  assert.equal(q.length, 11);
  assert.deepEqual([q[0], q[10]], [A, B]);
  assert.ok(q.includes(C));
  const xsq = q.map((i) => X.data[i * 2]!);
  for (let t = 1; t < xsq.length; t++) assert.ok(xsq[t]! > xsq[t - 1]!, xsq.join(' '));
  assert.deepEqual(path(X, [A, B], 2), [A, B]);
  assert.throws(() => path(X, [A, B], 1), /at least 2/);
  assert.throws(() => path(X, [A, A], 5), /twice/);
});

test('path takes the nearest unused track to the moving point, ordered along the segment (brute force, cosine too)', () => {
  const X = gaussian(300, 8, 6);
  for (const metric of ['euclidean', 'cosine'] as const) {
    const p = path(X, [10, 20], 9, { metric });
    const unit = (i: number): number[] => {
      const r = Array.from(X.data.subarray(i * 8, i * 8 + 8));
      const nn = metric === 'cosine' ? Math.hypot(...r) : 1;
      return r.map((v) => v / nn);
    };
    const P = unit(10);
    const Q = unit(20);
    const used = new Set([10, 20]);
    const picks: number[] = [];
    for (let k = 1; k <= 7; k++) {
      const target = P.map((v, j) => v + (k / 8) * (Q[j]! - v));
      let best = -1;
      let bd = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 300; i++) {
        if (used.has(i)) continue;
        const r = unit(i);
        const dd = r.reduce((s, v, j) => s + (v - target[j]!) ** 2, 0);
        if (dd < bd) {
          bd = dd;
          best = i;
        }
      }
      used.add(best);
      picks.push(best);
    }
    const proj = (i: number): number => unit(i).reduce((s, v, j) => s + (v - P[j]!) * (Q[j]! - P[j]!), 0);
    picks.sort((x, y) => proj(x) - proj(y));
    assert.deepEqual(p, [10, ...picks, 20], metric);
  }
});

test('path skips copies of used files', () => {
  // At the third target (7.5) row 4 (a copy of A) and row 3 (a copy of row 2) are nearer than row 6.
  const X = fromRows([[0], [10], [5], [7.45], [7.5], [2.5], [7.6]]);
  const fingerprints = ['a', 'b', 'm', 'm', 'a', 'p', 'q'];
  assert.deepEqual(path(X, [0, 1], 5, { fingerprints }), [0, 5, 2, 6, 1]);
  assert.deepEqual(path(X, [0, 1], 5), [0, 5, 2, 4, 1]);
});
