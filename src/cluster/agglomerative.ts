import type { Matrix } from '../util/matrix.js';
import { type Condensed, cutTree, type LinkageMethod, linkage } from './linkage.js';

/** Agglomerative clustering into k clusters (sklearn AgglomerativeClustering): labels 0..k−1 per row. */
export function agglomerative(
  X: Matrix | Condensed,
  k: number,
  method: LinkageMethod = 'ward',
): { labels: Int32Array; linkage: Float64Array } {
  const n = 'condensed' in X ? X.n : X.rows;
  const Z = linkage(X, method);
  return { labels: cutTree(Z, n, k), linkage: Z };
}
