import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pca, standardScale } from '../../src/embed/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { readGolden } from '../helpers.js';

interface PcaGolden {
  components: number[][];
  explained_variance: number[];
  explained_variance_ratio: number[];
  singular_values: number[];
  transformed: number[][];
}
interface Geometry {
  X: number[][];
  Z: number[][];
  scaler: { mean: number[]; scale: number[] };
  pca: Record<string, PcaGolden>;
}

const g = readGolden<Geometry>('sklearn/geometry.json');

const near = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, sklearn ${want}`);

test('StandardScaler: mean, population scale and scaled data match sklearn', () => {
  const { Z, mean, scale } = standardScale(fromRows(g.X));
  for (let j = 0; j < 16; j++) {
    near(mean[j]!, g.scaler.mean[j]!, 1e-9, `mean[${j}]`);
    near(scale[j]!, g.scaler.scale[j]!, 1e-9, `scale[${j}]`);
  }
  for (let i = 0; i < 120; i++) for (let j = 0; j < 16; j++) near(Z.data[i * 16 + j]!, g.Z[i]![j]!, 1e-9, `Z[${i}][${j}]`);
});

test('StandardScaler: a constant column gets scale 1 and scales to 0', () => {
  const { Z, scale } = standardScale(fromRows([[1, 0.1], [2, 0.1], [3, 0.1]]));
  assert.equal(scale[1], 1);
  for (const v of [Z.data[1]!, Z.data[3]!, Z.data[5]!]) assert.ok(Math.abs(v) < 1e-15, `constant column scaled to ${v}`);
  assert.ok(Math.abs(Z.data[0]! + 1.224744871391589) < 1e-12);
  assert.throws(() => standardScale(fromRows([[1, Number.NaN]])), /row 0, column 1 is NaN/);
});

for (const nc of ['1', '2', '3', '8', '16']) {
  test(`PCA(${nc}) matches sklearn (full SVD, svd_flip) to 1e-6: components, variances, singular values, data`, () => {
    const want = g.pca[nc]!;
    const k = Number(nc);
    const r = pca(fromRows(g.Z), k);
    assert.equal(r.components.rows, k);
    for (let c = 0; c < k; c++) {
      near(r.explainedVariance[c]!, want.explained_variance[c]!, 1e-6, `explained_variance[${c}]`);
      near(r.explainedVarianceRatio[c]!, want.explained_variance_ratio[c]!, 1e-6, `ratio[${c}]`);
      near(r.singularValues[c]!, want.singular_values[c]!, 1e-6, `singular_values[${c}]`);
      for (let j = 0; j < 16; j++) near(r.components.data[c * 16 + j]!, want.components[c]![j]!, 1e-6, `components[${c}][${j}]`);
    }
    for (let i = 0; i < 120; i++) {
      for (let c = 0; c < k; c++) near(r.transformed.data[i * k + c]!, want.transformed[i]![c]!, 1e-6, `transformed[${i}][${c}]`);
    }
  });
}

test('PCA rejects impossible component counts with a clear message', () => {
  assert.throws(() => pca(fromRows(g.Z), 17), /min\(rows, cols\) = 16, got 17/);
  assert.throws(() => pca(fromRows(g.Z), 0), /got 0/);
});
