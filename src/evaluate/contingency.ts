/** A label of one sample: any integer or string; values are compared for identity only. */
export type Label = number | string;

/** Class × cluster counts of two labelings of the same samples (sklearn's contingency_matrix). */
export interface Contingency {
  /** Number of samples. */
  n: number;
  /** Number of distinct true classes (rows). */
  nClasses: number;
  /** Number of distinct predicted clusters (columns). */
  nClusters: number;
  /** Row-major nClasses × nClusters counts. */
  counts: Float64Array;
  /** Samples per class (row sums). */
  classSizes: Float64Array;
  /** Samples per cluster (column sums). */
  clusterSizes: Float64Array;
}

/** Error for labelings that cannot be compared (different lengths). */
export class LabelError extends Error {
  override readonly name = 'LabelError';
}

/** Dense codes 0..m-1 for the labels, numbered in sorted label order like numpy.unique. */
export function encodeLabels(labels: ArrayLike<Label>): { codes: Int32Array; count: number; names: Label[] } {
  const n = labels.length;
  const distinct = new Set<Label>();
  for (let i = 0; i < n; i++) distinct.add(labels[i]!);
  const sorted = [...distinct].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  const index = new Map<Label, number>();
  for (let i = 0; i < sorted.length; i++) index.set(sorted[i]!, i);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = index.get(labels[i]!)!;
  return { codes, count: sorted.length, names: sorted };
}

/** The contingency table of two labelings (rows: labelsTrue classes, columns: labelsPred clusters). */
export function contingencyMatrix(labelsTrue: ArrayLike<Label>, labelsPred: ArrayLike<Label>): Contingency {
  if (labelsTrue.length !== labelsPred.length) {
    throw new LabelError(
      `labelings differ in length: ${labelsTrue.length} true labels, ${labelsPred.length} predicted`,
    );
  }
  const t = encodeLabels(labelsTrue);
  const p = encodeLabels(labelsPred);
  const counts = new Float64Array(t.count * p.count);
  const classSizes = new Float64Array(t.count);
  const clusterSizes = new Float64Array(p.count);
  for (let i = 0; i < labelsTrue.length; i++) {
    const a = t.codes[i]!;
    const b = p.codes[i]!;
    counts[a * p.count + b]!++;
    classSizes[a]!++;
    clusterSizes[b]!++;
  }
  return { n: labelsTrue.length, nClasses: t.count, nClusters: p.count, counts, classSizes, clusterSizes };
}
