import { type Matrix, zeros } from '../util/matrix.js';

/** Error for matrices the encoders cannot work on (empty, non-finite values, bad sizes). */
export class EmbedError extends Error {
  override readonly name = 'EmbedError';
}

/** Throws EmbedError naming the first row and column holding NaN or ±Infinity. */
export function assertFinite(X: Matrix, what: string): void {
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i]!)) {
      throw new EmbedError(`${what}: value at row ${Math.floor(i / X.cols)}, column ${i % X.cols} is ${X.data[i]}`);
    }
  }
}

/** A fitted standard scaler: per-column mean and scale (population standard deviation). */
export interface ScalerFit {
  mean: Float64Array;
  /** Population standard deviation per column; 1 for constant columns (sklearn's convention). */
  scale: Float64Array;
  /** Population variance per column. */
  variance: Float64Array;
}

/** Per-column mean, population variance and scale exactly as sklearn's StandardScaler.fit computes them. */
export function fitStandardScaler(X: Matrix): ScalerFit {
  const { rows: n, cols: d, data } = X;
  if (n === 0) throw new EmbedError('standardScale: the matrix has no rows');
  assertFinite(X, 'standardScale');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  // sklearn's _incremental_mean_and_var: squared deviations minus the squared mean correction
  const corr = new Float64Array(d);
  const ss = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j]! - mean[j]!;
      corr[j]! += t;
      ss[j]! += t * t;
    }
  }
  const variance = new Float64Array(d);
  const scale = new Float64Array(d);
  const eps = 2 ** -52;
  for (let j = 0; j < d; j++) {
    const v = (ss[j]! - (corr[j]! * corr[j]!) / n) / n;
    variance[j] = v;
    // sklearn's _is_constant_feature: variance within rounding error of zero
    const bound = n * eps * v + (n * mean[j]! * eps) ** 2;
    scale[j] = v <= bound ? 1 : Math.sqrt(v);
  }
  return { mean, scale, variance };
}

/** Applies a fitted scaler: (x − mean) / scale per column, as a new matrix. */
export function applyScaler(X: Matrix, fit: ScalerFit): Matrix {
  const { rows: n, cols: d } = X;
  if (d !== fit.mean.length) throw new EmbedError(`scaler was fitted on ${fit.mean.length} columns, got ${d}`);
  const Z = zeros(n, d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) Z.data[i * d + j] = (X.data[i * d + j]! - fit.mean[j]!) / fit.scale[j]!;
  }
  return Z;
}

/** Standardises each column to zero mean and unit population variance (sklearn StandardScaler). */
export function standardScale(X: Matrix): { Z: Matrix; mean: Float64Array; scale: Float64Array } {
  const fit = fitStandardScaler(X);
  return { Z: applyScaler(X, fit), mean: fit.mean, scale: fit.scale };
}
