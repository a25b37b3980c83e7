import {
  calinskiHarabaszScore,
  daviesBouldinScore,
  type SweepRow as EvalSweepRow,
  scoreAgainstLabels,
  silhouetteScore,
} from '../../evaluate/index.js';
import type { Matrix } from '../../util/matrix.js';

export type MethodName = 'kmeans' | 'agglomerative' | 'hdbscan';

/** One clustering with every score by sklearn name (null where a score is undefined). */
export interface SweepRow {
  space: string;
  method: string;
  k: number;
  metrics: Record<string, number | null>;
}

/** Silhouette on at most this many samples (exact below; sampled estimate above). */
export const SILHOUETTE_EXACT_MAX = 4000;

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** Every internal and external score of one labelling of X, by sklearn name. */
export function scoreLabels(
  X: Matrix,
  labels: Int32Array,
  genres: readonly (string | null)[],
  seed: number,
  inertia?: number,
  /** The mean silhouette when the caller has it already (it costs O(n²) to compute again). */
  silhouette?: number,
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
      ? finiteOrNull(silhouette ?? silhouetteScore(X, labels, { sampleSize: SILHOUETTE_EXACT_MAX, seed }))
      : null,
    calinski_harabasz: internal ? finiteOrNull(calinskiHarabaszScore(X, labels)) : null,
    davies_bouldin: internal ? finiteOrNull(daviesBouldinScore(X, labels)) : null,
    inertia: inertia === undefined ? null : inertia,
    n_labelled: s.nLabelled,
    n_unlabelled: s.nUnlabelled,
  };
}

/** The evaluate stage's sweep rows under sklearn's metric names (as metrics.csv and the report show them). */
export function sweepRowMetrics(r: EvalSweepRow): SweepRow {
  return {
    space: r.space,
    method: r.method,
    k: r.k,
    metrics: {
      adjusted_rand: finiteOrNull(r.ARI),
      adjusted_mutual_info: finiteOrNull(r.AMI),
      homogeneity: finiteOrNull(r.homogeneity),
      completeness: finiteOrNull(r.completeness),
      v_measure: finiteOrNull(r.vMeasure),
      fowlkes_mallows: finiteOrNull(r.fowlkesMallows),
      silhouette: finiteOrNull(r.silhouette),
      calinski_harabasz: finiteOrNull(r.calinskiHarabasz),
      davies_bouldin: finiteOrNull(r.daviesBouldin),
      inertia: finiteOrNull(r.inertia),
    },
  };
}
