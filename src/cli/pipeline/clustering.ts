import { cutTree, kmeans, type LinkageMethod, linkage } from '../../cluster/index.js';
import {
  calinskiHarabaszScore,
  daviesBouldinScore,
  scoreAgainstLabels,
  silhouetteScore,
} from '../../evaluate/index.js';
import type { Matrix } from '../../util/matrix.js';

export type MethodName = 'kmeans' | 'agglomerative' | 'hdbscan';

/** One clustering of the sweep with every score (null where a score is undefined). */
export interface SweepRow {
  space: string;
  method: string;
  k: number;
  metrics: Record<string, number | null>;
}

/** Silhouette on at most this many samples (exact below; sampled estimate above). */
export const SILHOUETTE_EXACT_MAX = 4000;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Every internal and external score of one labelling of X. */
export function scoreLabels(
  X: Matrix,
  labels: Int32Array,
  genres: readonly (string | null)[],
  seed: number,
  inertia?: number,
): Record<string, number | null> {
  const distinct = new Set(labels).size;
  const internal = distinct >= 2 && distinct < X.rows;
  const s = scoreAgainstLabels(labels, genres);
  return {
    adjusted_rand: finiteOrNull(s.ari),
    adjusted_mutual_info: finiteOrNull(s.ami),
    normalized_mutual_info: finiteOrNull(s.nmi),
    homogeneity: finiteOrNull(s.homogeneity),
    completeness: finiteOrNull(s.completeness),
    v_measure: finiteOrNull(s.vMeasure),
    fowlkes_mallows: finiteOrNull(s.fowlkesMallows),
    silhouette: internal
      ? finiteOrNull(silhouetteScore(X, labels, { sampleSize: SILHOUETTE_EXACT_MAX, seed }))
      : null,
    calinski_harabasz: internal ? finiteOrNull(calinskiHarabaszScore(X, labels)) : null,
    davies_bouldin: internal ? finiteOrNull(daviesBouldinScore(X, labels)) : null,
    inertia: inertia === undefined ? null : inertia,
    n_labelled: s.nLabelled,
    n_unlabelled: s.nUnlabelled,
  };
}

/** The sum of squared distances of each row to its cluster mean (k-means' objective), for any labels. */
export function withinClusterSS(X: Matrix, labels: Int32Array): number {
  const d = X.cols;
  const sums = new Map<number, { n: number; s: Float64Array }>();
  for (let i = 0; i < X.rows; i++) {
    let g = sums.get(labels[i]!);
    if (!g) sums.set(labels[i]!, (g = { n: 0, s: new Float64Array(d) }));
    g.n++;
    for (let j = 0; j < d; j++) g.s[j]! += X.data[i * d + j]!;
  }
  let ss = 0;
  for (let i = 0; i < X.rows; i++) {
    const g = sums.get(labels[i]!)!;
    for (let j = 0; j < d; j++) {
      const v = X.data[i * d + j]! - g.s[j]! / g.n;
      ss += v * v;
    }
  }
  return ss;
}

/**
 * Sweeps k over [kMin, kMax] for k-means and agglomerative clustering on each space, scoring
 * every clustering; one linkage per space serves every k.
 */
export function sweepSpaces(
  spaces: { name: string; X: Matrix }[],
  methods: readonly ('kmeans' | 'agglomerative')[],
  kMin: number,
  kMax: number,
  genres: readonly (string | null)[],
  opts: { seed: number; linkage: LinkageMethod; nInit: number },
): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const { name, X } of spaces) {
    const top = Math.min(kMax, X.rows - 1);
    for (const method of methods) {
      const Z = method === 'agglomerative' ? linkage(X, opts.linkage) : undefined;
      for (let k = kMin; k <= top; k++) {
        let labels: Int32Array;
        let inertia: number;
        if (Z) {
          labels = cutTree(Z, X.rows, k);
          inertia = withinClusterSS(X, labels);
        } else {
          const r = kmeans(X, k, { seed: opts.seed, nInit: opts.nInit });
          labels = r.labels;
          inertia = r.inertia;
        }
        rows.push({ space: name, method, k, metrics: scoreLabels(X, labels, genres, opts.seed, inertia) });
      }
    }
  }
  return rows;
}
