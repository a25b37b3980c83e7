import { type Matrix, zeros } from '../util/matrix.js';
import { symmetricEigen } from './eigen.js';
import { assertFinite, EmbedError } from './scaler.js';

/** A fitted PCA, in sklearn's terms (PCA(svd_solver='full'), whiten=False). */
export interface PcaResult {
  /** nComponents × d principal axes (rows), unit length, sklearn's sign convention. */
  components: Matrix;
  /** Variance along each component (eigenvalues of the covariance, ddof 1). */
  explainedVariance: Float64Array;
  /** explainedVariance / total variance. */
  explainedVarianceRatio: Float64Array;
  /** Singular values of the centred data: sqrt(explainedVariance · (n − 1)). */
  singularValues: Float64Array;
  /** The input projected on the components (n × nComponents). */
  transformed: Matrix;
  /** Column means subtracted before projecting. */
  mean: Float64Array;
}

/** The covariance's full eigen-decomposition: every PcaResult of the same matrix is a slice of it. */
export interface PcaDecomposition {
  /** Column means. */
  mean: Float64Array;
  /** Eigenvalues of the covariance (ddof 1), descending. */
  values: Float64Array;
  /** Unit eigenvectors as rows (d × d), in the order of `values`, signs as they come. */
  vectors: Float64Array;
  /** Total variance (trace of the covariance). */
  total: number;
  rows: number;
  cols: number;
}

/** Eigen-decomposition of the d × d covariance of Z (O(n·d²) + O(d³)); `pcaFromDecomposition` turns it into any number of components. */
export function pcaDecompose(Z: Matrix): PcaDecomposition {
  const { rows: n, cols: d, data } = Z;
  if (n < 2) throw new EmbedError('pca: needs at least 2 rows');
  assertFinite(Z, 'pca');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const r = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) r[j] = data[i * d + j]! - mean[j]!;
    for (let p = 0; p < d; p++) {
      const rp = r[p]!;
      const base = p * d;
      for (let q = p; q < d; q++) cov[base + q]! += rp * r[q]!;
    }
  }
  let total = 0;
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      cov[p * d + q]! /= n - 1;
      cov[q * d + p] = cov[p * d + q]!;
    }
    total += cov[p * d + p]!;
  }
  const { values, vectors } = symmetricEigen(cov, d);
  return { mean, values, vectors, total, rows: n, cols: d };
}

/**
 * The first nComponents principal components of a decomposition, with sklearn's
 * svd_flip(u_based_decision=False) sign rule (the largest-magnitude entry of each component is
 * positive), and Z (the decomposed matrix, or new rows) projected on them.
 */
export function pcaFromDecomposition(dec: PcaDecomposition, Z: Matrix, nComponents: number): PcaResult {
  const { rows: n, cols: d, values, vectors, total, mean } = dec;
  if (!Number.isInteger(nComponents) || nComponents < 1 || nComponents > Math.min(n, d)) {
    throw new EmbedError(`pca: nComponents must be an integer from 1 to min(rows, cols) = ${Math.min(n, d)}, got ${nComponents}`);
  }
  const components = zeros(nComponents, d);
  const explainedVariance = new Float64Array(nComponents);
  const explainedVarianceRatio = new Float64Array(nComponents);
  const singularValues = new Float64Array(nComponents);
  for (let c = 0; c < nComponents; c++) {
    let best = 0;
    for (let k = 1; k < d; k++) if (Math.abs(vectors[c * d + k]!) > Math.abs(vectors[c * d + best]!)) best = k;
    const sign = vectors[c * d + best]! < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) components.data[c * d + k] = sign * vectors[c * d + k]!;
    const ev = Math.max(values[c]!, 0);
    explainedVariance[c] = ev;
    explainedVarianceRatio[c] = total > 0 ? ev / total : 0;
    singularValues[c] = Math.sqrt(ev * (n - 1));
  }
  return {
    components,
    explainedVariance,
    explainedVarianceRatio,
    singularValues,
    transformed: pcaTransform(Z, { components, mean }),
    mean,
  };
}

/**
 * Principal component analysis (sklearn's PCA(svd_solver='full')) through the eigen-decomposition
 * of the d × d covariance matrix (O(n·d²), fine for 100k rows), with sklearn's sign rule.
 */
export function pca(Z: Matrix, nComponents: number): PcaResult {
  const { rows: n, cols: d } = Z;
  if (!Number.isInteger(nComponents) || nComponents < 1 || nComponents > Math.min(n, d)) {
    throw new EmbedError(`pca: nComponents must be an integer from 1 to min(rows, cols) = ${Math.min(n, d)}, got ${nComponents}`);
  }
  return pcaFromDecomposition(pcaDecompose(Z), Z, nComponents);
}

/** Projects rows of X on fitted components: (X − mean) · componentsᵀ. */
export function pcaTransform(X: Matrix, fit: { components: Matrix; mean: Float64Array }): Matrix {
  const d = X.cols;
  const m = fit.components.rows;
  if (d !== fit.components.cols) throw new EmbedError(`pca was fitted on ${fit.components.cols} columns, got ${d}`);
  const out = zeros(X.rows, m);
  const r = new Float64Array(d);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < d; j++) r[j] = X.data[i * d + j]! - fit.mean[j]!;
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += r[j]! * fit.components.data[c * d + j]!;
      out.data[i * m + c] = s;
    }
  }
  return out;
}
