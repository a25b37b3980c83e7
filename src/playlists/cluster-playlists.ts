import { type Matrix, zeros } from '../util/matrix.js';
import { nameClusters } from './naming.js';
import { orderTour, type TourOptions } from './tour.js';

/** One playlist before writing: a cluster's tracks in playing order. */
export interface ClusterPlaylist {
  /** Cluster label; −1 for the unassigned tracks. */
  label: number;
  /** File-system-safe name (`bright-percussive`, …; `unassigned` for label −1). */
  name: string;
  /** Track indices (rows of `points`) in tour order. */
  members: number[];
}

/** Rows `idx` of X as a new matrix. */
export function selectRows(X: Matrix, idx: readonly number[]): Matrix {
  const out = zeros(idx.length, X.cols);
  for (let t = 0; t < idx.length; t++) out.data.set(X.data.subarray(idx[t]! * X.cols, (idx[t]! + 1) * X.cols), t * X.cols);
  return out;
}

/**
 * Playlists for a clustering: one per label 0 … max (empty clusters are skipped), named by
 * {@link nameClusters} from the per-track feature `values`, each ordered by a short open tour through
 * its rows of `points` (the CLI passes the space `similar` searches); tracks labelled −1 form a last
 * playlist named `unassigned`, ordered the same way. Every track is in exactly one playlist.
 */
export function buildClusterPlaylists(
  points: Matrix,
  labels: ArrayLike<number>,
  values: readonly Record<string, number>[],
  seed: number,
  tourOpts: TourOptions = {},
): ClusterPlaylist[] {
  const n = points.rows;
  if (labels.length !== n || values.length !== n) {
    throw new Error(`buildClusterPlaylists: ${n} points, ${labels.length} labels, ${values.length} value records`);
  }
  const names = nameClusters(values, labels);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < -1) throw new Error(`buildClusterPlaylists: label ${l} of track ${i} is not −1 or a cluster index`);
    const g = groups.get(l);
    if (g) g.push(i);
    else groups.set(l, [i]);
  }
  const out: ClusterPlaylist[] = [];
  const order = (members: number[]): number[] => orderTour(selectRows(points, members), seed, tourOpts).map((t) => members[t]!);
  for (let c = 0; c < names.length; c++) {
    const members = groups.get(c);
    if (members) out.push({ label: c, name: names[c]!, members: order(members) });
  }
  const un = groups.get(-1);
  if (un) out.push({ label: -1, name: 'unassigned', members: order(un) });
  return out;
}
