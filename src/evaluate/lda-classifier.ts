import type { Matrix } from '../util/matrix.js';
import { encodeLabels, type Label, LabelError } from './contingency.js';

/** A fitted linear discriminant: one weight row and intercept per class (classes as codes 0..count−1). */
export interface LdaModel {
  /** count × cols, row-major. */
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
  readonly cols: number;
  readonly count: number;
}

/**
 * Shrunk empirical covariance of the rows `idx` of X, as sklearn's `_cov(X, shrinkage)`: the columns
 * are standardised (a constant column keeps scale 1), their correlation matrix R is shrunk to
 * (1 − a)·R + a·(trace R / d)·I and scaled back. Added into `out` times `weight`.
 */
function addShrunkCovariance(X: Matrix, idx: Int32Array, len: number, shrinkage: number, weight: number, out: Float64Array): void {
  const d = X.cols;
  const x = X.data;
  const mean = new Float64Array(d);
  for (let q = 0; q < len; q++) {
    const o = idx[q]! * d;
    for (let j = 0; j < d; j++) mean[j] += x[o + j]!;
  }
  for (let j = 0; j < d; j++) mean[j] /= len;
  const cov = new Float64Array(d * d);
  const dev = new Float64Array(d);
  for (let q = 0; q < len; q++) {
    const o = idx[q]! * d;
    for (let j = 0; j < d; j++) dev[j] = x[o + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const da = dev[a]!;
      if (da === 0) continue;
      const r = a * d;
      for (let b = a; b < d; b++) cov[r + b] += da * dev[b]!;
    }
  }
  const scale = new Float64Array(d);
  let trace = 0;
  for (let j = 0; j < d; j++) {
    const v = cov[j * d + j]! / len;
    scale[j] = v > 0 ? Math.sqrt(v) : 1;
    trace += v / (scale[j]! * scale[j]!);
  }
  const mu = trace / d;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let r = cov[a * d + b]! / len / (scale[a]! * scale[b]!);
      r *= 1 - shrinkage;
      if (a === b) r += shrinkage * mu;
      const c = weight * r * scale[a]! * scale[b]!;
      out[a * d + b] += c;
      if (a !== b) out[b * d + a] += c;
    }
  }
}

/** Solves S·W = B (S symmetric positive definite, d × d; B d × m) in place of B by Cholesky; false when S is not positive definite. */
function choleskySolve(S: Float64Array, d: number, B: Float64Array, m: number): boolean {
  const L = Float64Array.from(S);
  for (let j = 0; j < d; j++) {
    let s = L[j * d + j]!;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! * L[j * d + k]!;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = L[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / ljj;
    }
  }
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < d; i++) {
      let t = B[i * m + c]!;
      for (let k = 0; k < i; k++) t -= L[i * d + k]! * B[k * m + c]!;
      B[i * m + c] = t / L[i * d + i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let t = B[i * m + c]!;
      for (let k = i + 1; k < d; k++) t -= L[k * d + i]! * B[k * m + c]!;
      B[i * m + c] = t / L[i * d + i]!;
    }
  }
  return true;
}

/**
 * Fits a linear discriminant on the rows `idx` of X with class codes `codes`: sklearn's
 * `LinearDiscriminantAnalysis(solver='lsqr', shrinkage=shrinkage)` — priors from the class sizes,
 * the covariance the prior-weighted sum of each class's shrunk covariance. A class absent from
 * `idx` gets intercept −Infinity (it cannot be predicted). Throws when the shrunk covariance is
 * singular (shrinkage 0 with more columns than rows, or a column constant within every class).
 */
export function ldaFit(X: Matrix, codes: Int32Array, count: number, idx: Int32Array, shrinkage: number): LdaModel {
  if (!(shrinkage >= 0 && shrinkage <= 1)) throw new LabelError(`lda: shrinkage must be in [0, 1], got ${shrinkage}`);
  const d = X.cols;
  const n = idx.length;
  const members: Int32Array[] = [];
  const sizes = new Int32Array(count);
  for (let q = 0; q < n; q++) sizes[codes[idx[q]!]!]!++;
  for (let c = 0; c < count; c++) members.push(new Int32Array(sizes[c]!));
  const fill = new Int32Array(count);
  for (let q = 0; q < n; q++) {
    const c = codes[idx[q]!]!;
    members[c]![fill[c]!++] = idx[q]!;
  }
  const S = new Float64Array(d * d);
  const means = new Float64Array(d * count);
  for (let c = 0; c < count; c++) {
    const len = sizes[c]!;
    if (len === 0) continue;
    addShrunkCovariance(X, members[c]!, len, shrinkage, len / n, S);
    for (let q = 0; q < len; q++) {
      const o = members[c]![q]! * d;
      for (let j = 0; j < d; j++) means[j * count + c] += X.data[o + j]!;
    }
    for (let j = 0; j < d; j++) means[j * count + c] /= len;
  }
  const W = Float64Array.from(means);
  if (!choleskySolve(S, d, W, count)) {
    throw new LabelError('lda: the shrunk within-class covariance is singular (use shrinkage > 0, or drop constant columns)');
  }
  const coef = new Float64Array(count * d);
  const intercept = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    if (sizes[c] === 0) {
      intercept[c] = Number.NEGATIVE_INFINITY;
      continue;
    }
    let mw = 0;
    for (let j = 0; j < d; j++) {
      coef[c * d + j] = W[j * count + c]!;
      mw += means[j * count + c]! * W[j * count + c]!;
    }
    intercept[c] = -0.5 * mw + Math.log(sizes[c]! / n);
  }
  return { coef, intercept, cols: d, count };
}

/** The class code an LDA model gives row i of X (highest score; a tie goes to the lower code, as numpy's argmax). */
export function ldaPredictRow(model: LdaModel, X: Matrix, i: number): number {
  const d = model.cols;
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < model.count; c++) {
    let s = model.intercept[c]!;
    if (s === Number.NEGATIVE_INFINITY) continue;
    for (let j = 0; j < d; j++) s += model.coef[c * d + j]! * X.data[i * d + j]!;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/**
 * Leave-one-out predictions of a shrinkage LDA classifier (sklearn's
 * `cross_val_predict(LinearDiscriminantAnalysis(solver='lsqr', shrinkage=a), X, y, cv=LeaveOneOut())`):
 * each row's label as predicted from all the other rows, and the accuracy (0..1). Read as a
 * ceiling for clustering: these predicted labels, scored like a clustering (V-measure, AMI), show
 * how far a *supervised* linear reading of the columns can follow the labels.
 */
export function leaveOneOutLda(X: Matrix, labels: ArrayLike<Label>, shrinkage = 0.5): { predicted: Label[]; accuracy: number } {
  const n = X.rows;
  if (labels.length !== n) throw new LabelError(`leaveOneOutLda: ${labels.length} labels for ${n} rows`);
  if (n < 3) throw new LabelError(`leaveOneOutLda: needs at least 3 rows, got ${n}`);
  const { codes, count } = encodeLabels(labels);
  const names: Label[] = new Array(count);
  for (let i = 0; i < n; i++) names[codes[i]!] = labels[i]!;
  const idx = new Int32Array(n - 1);
  const predicted: Label[] = new Array(n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i) idx[m++] = j;
    const c = ldaPredictRow(ldaFit(X, codes, count, idx, shrinkage), X, i);
    predicted[i] = names[c]!;
    if (c === codes[i]) correct++;
  }
  return { predicted, accuracy: correct / n };
}
