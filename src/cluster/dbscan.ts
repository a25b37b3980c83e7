import type { Matrix } from '../util/matrix.js';
import { ClusterError } from './errors.js';
import { buildSortedProjection, radiusNeighbours } from './neighbours.js';

/** Label of rows that belong to no cluster (noise / unassigned), as in sklearn. */
export const NOISE = -1;

/**
 * DBSCAN (sklearn.cluster.DBSCAN, Euclidean): a row with at least minSamples rows (itself included)
 * within eps is a core row; clusters are connected core rows plus their border rows, found in
 * row order by depth-first expansion as sklearn does. Labels 0..m−1, −1 for noise.
 */
export function dbscan(X: Matrix, opts: { eps?: number; minSamples?: number } = {}): Int32Array {
  const eps = opts.eps ?? 0.5;
  const minSamples = opts.minSamples ?? 5;
  if (!(eps > 0)) throw new ClusterError(`dbscan: eps must be > 0, got ${eps}`);
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new ClusterError(`dbscan: minSamples must be a positive integer, got ${minSamples}`);
  }
  const n = X.rows;
  const index = buildSortedProjection(X);
  const isCore = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    radiusNeighbours(index, i, eps, () => {
      c++;
    });
    if (c >= minSamples) isCore[i] = 1;
  }
  const labels = new Int32Array(n).fill(NOISE);
  let label = 0;
  const stack: number[] = [];
  for (let start = 0; start < n; start++) {
    if (labels[start] !== NOISE || !isCore[start]) continue;
    let i = start;
    for (;;) {
      if (labels[i] === NOISE) {
        labels[i] = label;
        if (isCore[i]) {
          radiusNeighbours(index, i, eps, (j) => {
            if (labels[j] === NOISE) stack.push(j);
          });
        }
      }
      if (stack.length === 0) break;
      i = stack.pop()!;
    }
    label++;
  }
  return labels;
}
