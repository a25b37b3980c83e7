import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adjustedMutualInfoScore,
  adjustedRandScore,
  completenessScore,
  fowlkesMallowsScore,
  homogeneityScore,
  mutualInfoScore,
  normalizedMutualInfoScore,
  randScore,
  scoreAgainstLabels,
  vMeasureScore,
} from '../../src/evaluate/index.js';
import { readGolden } from '../helpers.js';

interface Case {
  name: string;
  labels_true: number[];
  labels_pred: number[];
  [metric: string]: unknown;
}

const golden = readGolden<{ cases: Case[] }>('sklearn/label_metrics.json');
const TOL = 1e-9;

const metrics: Record<string, (t: number[], p: number[]) => number> = {
  adjusted_rand_score: adjustedRandScore,
  rand_score: randScore,
  adjusted_mutual_info_score: adjustedMutualInfoScore,
  normalized_mutual_info_score: normalizedMutualInfoScore,
  mutual_info_score: mutualInfoScore,
  homogeneity_score: homogeneityScore,
  completeness_score: completenessScore,
  v_measure_score: (t, p) => vMeasureScore(t, p),
  v_measure_score_beta_0_5: (t, p) => vMeasureScore(t, p, 0.5),
  fowlkes_mallows_score: fowlkesMallowsScore,
};

for (const c of golden.cases) {
  test(`label metrics match sklearn 1.9.1 within 1e-9: ${c.name}`, () => {
    let checked = 0;
    for (const [key, fn] of Object.entries(metrics)) {
      const want = c[key];
      assert.equal(typeof want, 'number', `${c.name}: golden lacks ${key}`);
      const got = fn(c.labels_true, c.labels_pred);
      assert.ok(Math.abs(got - (want as number)) <= TOL, `${c.name} ${key}: got ${got}, sklearn ${want}`);
      checked++;
    }
    assert.equal(checked, 10);
  });
}

test('string labels give the same scores as the integer codes they stand for', () => {
  const c = golden.cases.find((x) => x.name === 'sklearn_doc')!;
  const names = c.labels_true.map((v) => ['rock', 'jazz', 'folk'][v]!);
  assert.equal(adjustedRandScore(names, c.labels_pred), c.adjusted_rand_score);
  assert.ok(Math.abs(adjustedMutualInfoScore(names, c.labels_pred) - (c.adjusted_mutual_info_score as number)) < TOL);
});

test('scoreAgainstLabels leaves out tracks without a genre and counts them', () => {
  const pred = [0, 0, 1, 1, 2, 2, 1];
  const truth = ['a', 'a', 'b', undefined, 'c', 'c', '  '];
  const s = scoreAgainstLabels(pred, truth);
  assert.equal(s.nLabelled, 5);
  assert.equal(s.nUnlabelled, 2);
  assert.equal(s.ari, 1);
  assert.equal(s.vMeasure, 1);
  const partial = scoreAgainstLabels([0, 1, 1, 0], ['a', 'a', 'b', 'b']);
  assert.ok(partial.ari < 0.5);
  assert.equal(partial.nUnlabelled, 0);
  const none = scoreAgainstLabels([0, 1], [undefined, undefined]);
  assert.ok(Number.isNaN(none.ari));
  assert.equal(none.nUnlabelled, 2);
  assert.throws(() => scoreAgainstLabels([0], ['a', 'b']), /1 predictions for 2/);
});

test('AMI of large random labelings stays near 0 and is finite (log-gamma path)', () => {
  const n = 5000;
  const t: number[] = [];
  const p: number[] = [];
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    t.push(s % 7);
    s = (s * 1103515245 + 12345) % 2147483648;
    p.push(s % 16);
  }
  const ami = adjustedMutualInfoScore(t, p);
  assert.ok(Number.isFinite(ami));
  assert.ok(Math.abs(ami) < 0.01, `AMI of independent labelings ${ami}`);
  assert.ok(adjustedMutualInfoScore(t, t) > 0.999999);
});
