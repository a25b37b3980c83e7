import { type Contingency, contingencyMatrix, type Label } from './contingency.js';
import { lgammaInt } from './lgamma.js';

const EPS = 2 ** -52;

/** Pair counts [[tn, fp], [fn, tp]] as exact BigInts (sklearn's pair_confusion_matrix). */
export function pairConfusionMatrix(c: Contingency): [[bigint, bigint], [bigint, bigint]] {
  const n = BigInt(c.n);
  let sumSquares = 0n;
  for (let i = 0; i < c.counts.length; i++) {
    const v = BigInt(c.counts[i]!);
    sumSquares += v * v;
  }
  // contingency · clusterSizes, summed; and its transpose with classSizes
  let rowDot = 0n;
  let colDot = 0n;
  for (let a = 0; a < c.nClasses; a++) {
    for (let b = 0; b < c.nClusters; b++) {
      const v = BigInt(c.counts[a * c.nClusters + b]!);
      if (v === 0n) continue;
      rowDot += v * BigInt(c.clusterSizes[b]!);
      colDot += v * BigInt(c.classSizes[a]!);
    }
  }
  const tp = sumSquares - n;
  const fp = rowDot - sumSquares;
  const fn = colDot - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  return [
    [tn, fp],
    [fn, tp],
  ];
}

/** Rand index in [0, 1]: the fraction of sample pairs on which both labelings agree. */
export function randScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  const [[tn, fp], [fn, tp]] = pairConfusionMatrix(contingencyMatrix(labelsTrue, labelsPred));
  const num = tn + tp;
  const den = tn + fp + fn + tp;
  if (num === den || den === 0n) return 1;
  return Number(num) / Number(den);
}

/** Adjusted Rand index: 1 for identical partitions, about 0 for random ones (may be negative). */
export function adjustedRandScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  const [[tn, fp], [fn, tp]] = pairConfusionMatrix(contingencyMatrix(labelsTrue, labelsPred));
  if (fn === 0n && fp === 0n) return 1;
  const num = 2n * (tp * tn - fn * fp);
  const den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return Number(num) / Number(den);
}

/** Mutual information of a contingency table, in nats. */
export function mutualInfoFromContingency(c: Contingency): number {
  if (c.nClasses === 1 || c.nClusters === 1) return 0;
  const total = c.n;
  const logTotal = Math.log(total);
  // pi.sum() and pj.sum() both equal n
  const logPiSum = Math.log(total);
  let mi = 0;
  for (let a = 0; a < c.nClasses; a++) {
    for (let b = 0; b < c.nClusters; b++) {
      const v = c.counts[a * c.nClusters + b]!;
      if (v === 0) continue;
      const p = v / total;
      const outer = c.classSizes[a]! * c.clusterSizes[b]!;
      const logOuter = -Math.log(outer) + logPiSum + logPiSum;
      let term = p * (Math.log(v) - logTotal) + p * logOuter;
      if (Math.abs(term) < EPS) term = 0;
      mi += term;
    }
  }
  return Math.max(mi, 0);
}

/** Mutual information between two labelings, in nats (natural log), like sklearn. */
export function mutualInfoScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  return mutualInfoFromContingency(contingencyMatrix(labelsTrue, labelsPred));
}

/** Shannon entropy of group sizes, in nats (sklearn's cluster entropy). */
export function entropyOfSizes(sizes: ArrayLike<number>): number {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i]! > 0) {
      count++;
      sum += sizes[i]!;
    }
  }
  if (count === 0) return 1;
  if (count === 1) return 0;
  const logSum = Math.log(sum);
  let h = 0;
  for (let i = 0; i < sizes.length; i++) {
    const v = sizes[i]!;
    if (v > 0) h += (v / sum) * (Math.log(v) - logSum);
  }
  return -h;
}

/** Entropy of a labeling, in nats. */
export function labelEntropy(labels: ArrayLike<Label>): number {
  if (labels.length === 0) return 1;
  const counts = new Map<Label, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  return entropyOfSizes([...counts.values()]);
}

/**
 * Expected mutual information of two random labelings with the table's marginals, in nats —
 * the hypergeometric sum sklearn evaluates, with log-gamma terms so factorials do not overflow.
 */
export function expectedMutualInformation(c: Contingency): number {
  const a = c.classSizes;
  const b = c.clusterSizes;
  const n = c.n;
  if (a.length === 1 || b.length === 1) return 0;
  let maxSize = 0;
  for (const v of a) maxSize = Math.max(maxSize, v);
  for (const v of b) maxSize = Math.max(maxSize, v);
  const logN = Math.log(n);
  const lnNij = new Float64Array(maxSize + 1);
  const glnNij = new Float64Array(maxSize + 1);
  const glnN1 = lgammaInt(n + 1);
  for (let k = 1; k <= maxSize; k++) {
    lnNij[k] = logN + Math.log(k);
    glnNij[k] = lgammaInt(k + 1) + glnN1;
  }
  const logA = Array.from(a, (v) => Math.log(v));
  const logB = Array.from(b, (v) => Math.log(v));
  const glnA = Array.from(a, (v) => lgammaInt(v + 1));
  const glnB = Array.from(b, (v) => lgammaInt(v + 1));
  const glnNa = Array.from(a, (v) => lgammaInt(n - v + 1));
  const glnNb = Array.from(b, (v) => lgammaInt(n - v + 1));
  let emi = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    for (let j = 0; j < b.length; j++) {
      const bj = b[j]!;
      const start = Math.max(1, ai - n + bj);
      const end = Math.min(ai, bj);
      const fixed = glnA[i]! + glnB[j]! + glnNa[i]! + glnNb[j]!;
      for (let nij = start; nij <= end; nij++) {
        const term2 = lnNij[nij]! - logA[i]! - logB[j]!;
        const gln =
          fixed - glnNij[nij]! - lgammaInt(ai - nij + 1) - lgammaInt(bj - nij + 1) - lgammaInt(n - ai - bj + nij + 1);
        emi += (nij / n) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/** Adjusted mutual information with the arithmetic-mean normaliser (sklearn's default). */
export function adjustedMutualInfoScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  const c = contingencyMatrix(labelsTrue, labelsPred);
  if ((c.nClasses === 1 && c.nClusters === 1) || (c.nClasses === 0 && c.nClusters === 0)) return 1;
  const mi = mutualInfoFromContingency(c);
  const emi = expectedMutualInformation(c);
  const normalizer = 0.5 * (entropyOfSizes(c.classSizes) + entropyOfSizes(c.clusterSizes));
  let den = normalizer - emi;
  den = den < 0 ? Math.min(den, -EPS) : Math.max(den, EPS);
  return (mi - emi) / den;
}

/** Normalised mutual information with the arithmetic-mean normaliser (sklearn's default). */
export function normalizedMutualInfoScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  const c = contingencyMatrix(labelsTrue, labelsPred);
  if ((c.nClasses === 1 && c.nClusters === 1) || (c.nClasses === 0 && c.nClusters === 0)) return 1;
  const mi = mutualInfoFromContingency(c);
  if (mi === 0) return 0;
  return mi / (0.5 * (entropyOfSizes(c.classSizes) + entropyOfSizes(c.clusterSizes)));
}

/** Homogeneity, completeness and V-measure (weighted by beta: >1 favours completeness). */
export function homogeneityCompletenessVMeasure(
  labelsTrue: ArrayLike<Label>,
  labelsPred: ArrayLike<Label>,
  beta = 1,
): { homogeneity: number; completeness: number; vMeasure: number } {
  if (labelsTrue.length === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const c = contingencyMatrix(labelsTrue, labelsPred);
  const hC = entropyOfSizes(c.classSizes);
  const hK = entropyOfSizes(c.clusterSizes);
  const mi = mutualInfoFromContingency(c);
  const homogeneity = hC !== 0 ? mi / hC : 1;
  const completeness = hK !== 0 ? mi / hK : 1;
  const vMeasure =
    homogeneity + completeness === 0
      ? 0
      : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/** Homogeneity in [0, 1]: each cluster holds only members of one class. */
export function homogeneityScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).homogeneity;
}

/** Completeness in [0, 1]: all members of a class fall in one cluster. */
export function completenessScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).completeness;
}

/** V-measure in [0, 1]: weighted harmonic mean of homogeneity and completeness. */
export function vMeasureScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>, beta = 1): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, beta).vMeasure;
}

/** Fowlkes–Mallows index in [0, 1]: geometric mean of pairwise precision and recall. */
export function fowlkesMallowsScore(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): number {
  const c = contingencyMatrix(labelsTrue, labelsPred);
  const n = c.n;
  let tk = -n;
  for (const v of c.counts) tk += v * v;
  let pk = -n;
  for (const v of c.clusterSizes) pk += v * v;
  let qk = -n;
  for (const v of c.classSizes) qk += v * v;
  return tk !== 0 ? Math.sqrt(tk / pk) * Math.sqrt(tk / qk) : 0;
}
