import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeLabels, LabelError, ldaFit, leaveOneOutLda } from '../../src/evaluate/index.js';
import { fromRows, type Matrix } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';
import { readGolden } from '../helpers.js';

test('LDA on one column, worked by hand: pooled variance 2, weights mean/variance, log-prior intercepts', () => {
  // leaving out x = 4 (class b): a = {0, 1, 2} (mean 1, variance 2/3), b = {5, 9} (mean 7, variance 4);
  // priors 3/5 and 2/5, so the pooled variance is 3/5·2/3 + 2/5·4 = 2
  const X = fromRows([[0], [1], [2], [4], [5], [9]]);
  const y = ['a', 'a', 'a', 'b', 'b', 'b'];
  const { codes, count } = encodeLabels(y);
  const m = ldaFit(X, codes, count, Int32Array.from([0, 1, 2, 4, 5]), 0.3);
  assert.ok(Math.abs(m.coef[0]! - 0.5) < 1e-12);
  assert.ok(Math.abs(m.coef[1]! - 3.5) < 1e-12);
  assert.ok(Math.abs(m.intercept[0]! - (-0.25 + Math.log(0.6))) < 1e-12);
  assert.ok(Math.abs(m.intercept[1]! - (-12.25 + Math.log(0.4))) < 1e-12);
  // score at 4: a 2 − 0.25 + ln 0.6 = 1.239 beats b 14 − 12.25 + ln 0.4 = 0.834
  const r = leaveOneOutLda(X, y, 0.3);
  assert.equal(r.predicted[3], 'a');
  // leaving out 9: b = {4, 5} (variance 1/4) makes the pooled variance 1/2, and 9 scores 59.8 for b against 16.5 for a
  assert.deepEqual(r.predicted, ['a', 'a', 'a', 'a', 'b', 'b']);
  assert.ok(Math.abs(r.accuracy - 5 / 6) < 1e-15);
});

function gaussianClasses(seed: number): { X: Matrix; y: number[] } {
  const rng = createRng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    // overlapping, correlated classes, so that some rows are misread
    const a = normal();
    rows.push([c + a, 0.8 * a + 0.6 * normal() - c * 0.5, normal(), 0.3 * c + normal()]);
    y.push(c);
  }
  return { X: fromRows(rows), y };
}

test('without shrinkage the predictions are unchanged by any invertible linear map and shift of the columns', () => {
  const { X, y } = gaussianClasses(3);
  const base = leaveOneOutLda(X, y, 0);
  assert.ok(base.accuracy > 0.4 && base.accuracy < 1, `accuracy ${base.accuracy}`);
  const A = [
    [2, 1, 0, 0.5],
    [0, 1, -1, 0],
    [0.3, 0, 3, 1],
    [1, 0, 0, -2],
  ];
  const mapped = fromRows(
    Array.from({ length: X.rows }, (_, i) => A.map((r, k) => r.reduce((s, v, j) => s + v * X.data[i * 4 + j]!, 0) + k * 7)),
  );
  assert.deepEqual(leaveOneOutLda(mapped, y, 0).predicted, base.predicted);
  // shrinkage pulls towards a diagonal, which a mixing map changes, so this is a real check of the map above
  assert.notDeepEqual(leaveOneOutLda(mapped, y, 0.9).predicted, leaveOneOutLda(X, y, 0.9).predicted);
});

test('with shrinkage the predictions are unchanged by rescaling single columns (sklearn shrinks the correlations)', () => {
  const { X, y } = gaussianClasses(5);
  const scaled = fromRows(Array.from({ length: X.rows }, (_, i) => [0, 1, 2, 3].map((j) => X.data[i * 4 + j]! * [1000, 0.001, 1, 42][j]!)));
  for (const a of [0.2, 0.7, 1]) assert.deepEqual(leaveOneOutLda(scaled, y, a).predicted, leaveOneOutLda(X, y, a).predicted);
});

test('separated blobs are read back (a linear boundary misses at most a row or two), shuffled labels are not; a class of one row can never be predicted for itself', () => {
  const g = readGolden<{ Z: number[][]; kmeans_n_init10_seed0: Record<string, { labels: number[] }> }>('sklearn/geometry.json');
  const Z = fromRows(g.Z);
  const labels = g.kmeans_n_init10_seed0['5']!.labels;
  assert.ok(leaveOneOutLda(Z, labels, 0.1).accuracy >= 0.98);
  const rotated = labels.map((_, i) => labels[(i * 7 + 3) % labels.length]!);
  assert.ok(leaveOneOutLda(Z, rotated, 0.1).accuracy < 0.6);
  const lone = labels.map((l, i) => (i === 0 ? 99 : l));
  const r = leaveOneOutLda(Z, lone, 0.1);
  assert.notEqual(r.predicted[0], 99);
  assert.ok(!r.predicted.includes(99));
});

test('a singular covariance (no shrinkage, more columns than rows) and bad arguments fail clearly', () => {
  const X = fromRows([
    [0, 1, 2, 3],
    [1, 0, 2, 5],
    [3, 3, 1, 0],
    [2, 2, 2, 2],
  ]);
  assert.throws(() => leaveOneOutLda(X, [0, 0, 1, 1], 0), /singular/);
  assert.throws(() => leaveOneOutLda(X, [0, 0, 1], 0.5), LabelError);
  assert.throws(() => leaveOneOutLda(X, [0, 0, 1, 1], 1.5), /shrinkage/);
});
