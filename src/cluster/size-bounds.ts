import type { Matrix } from '../util/matrix.js';
import { ClusterError } from './errors.js';
import { kmeans } from './kmeans.js';

/** The cluster sizes that count as "about `target`": at least ⌈target / 2⌉, at most ⌊3 × target / 2⌋ rows. */
export function sizeBounds(target: number): { min: number; max: number } {
  if (!Number.isInteger(target) || target < 1) throw new ClusterError(`sizeBounds: target must be a positive integer, got ${target}`);
  return { min: Math.ceil(target / 2), max: Math.max(1, Math.floor((3 * target) / 2)) };
}

/** Options of boundClusterSizes. */
export interface SizeBoundOptions {
  /** Seed of the k-means that cuts oversized clusters. */
  seed: number;
  /** k-means restarts per cut (default 10). */
  nInit?: number;
}

/**
 * Labels 0..K−1 (in order of each cluster's first row) whose clusters hold between ⌈target / 2⌉
 * and ⌊3 × target / 2⌋ rows where the data allow. A cluster above the bound is cut by k-means on
 * its own rows into ⌈size / target⌉ parts (and a part still above it is cut again), so each part
 * is a coherent piece of it; then clusters below the bound, smallest first, join the cluster whose
 * centroid is nearest among those with room for them. A cluster no other has room for stays small.
 * Negative labels (unassigned) are kept as they are.
 */
export function boundClusterSizes(X: Matrix, labels: Int32Array, target: number, opts: SizeBoundOptions): Int32Array {
  const { min, max } = sizeBounds(target);
  const n = X.rows;
  if (labels.length !== n) throw new ClusterError(`boundClusterSizes: ${labels.length} labels for ${n} rows`);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0) continue;
    let g = groups.get(l);
    if (!g) groups.set(l, (g = []));
    g.push(i);
  }
  const pieces: number[][] = [];
  const pending = [...groups.values()];
  while (pending.length > 0) {
    const g = pending.shift()!;
    if (g.length <= max) {
      pieces.push(g);
      continue;
    }
    pending.unshift(...cut(X, g, Math.ceil(g.length / target), opts));
  }
  mergeSmall(X, pieces, min, max);
  const out = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (labels[i]! < 0) out[i] = labels[i]!;
  const first = (p: number[]): number => p.reduce((a, b) => Math.min(a, b), n);
  pieces.sort((a, b) => first(a) - first(b));
  pieces.forEach((p, c) => {
    for (const i of p) out[i] = c;
  });
  return out;
}

/** Rows `g` cut into `parts` pieces by k-means; in row order when k-means cannot tell them apart (identical rows). */
function cut(X: Matrix, g: number[], parts: number, opts: SizeBoundOptions): number[][] {
  const d = X.cols;
  const sub = new Float64Array(g.length * d);
  for (let j = 0; j < g.length; j++) sub.set(X.data.subarray(g[j]! * d, (g[j]! + 1) * d), j * d);
  const { labels } = kmeans({ rows: g.length, cols: d, data: sub }, parts, { seed: opts.seed, nInit: opts.nInit ?? 10 });
  const out: number[][] = Array.from({ length: parts }, () => []);
  for (let j = 0; j < g.length; j++) out[labels[j]!]!.push(g[j]!);
  const split = out.filter((p) => p.length > 0);
  if (split.length > 1) return split;
  // All rows at one point: any cut is as good as another, and the row order keeps it stable.
  const size = Math.ceil(g.length / parts);
  const chunks: number[][] = [];
  for (let s = 0; s < g.length; s += size) chunks.push(g.slice(s, s + size));
  return chunks;
}

/** Joins pieces below `min` rows, smallest first, to the piece with the nearest centroid that stays within `max`. */
function mergeSmall(X: Matrix, pieces: number[][], min: number, max: number): void {
  const d = X.cols;
  const centroids = pieces.map((p) => {
    const c = new Float64Array(d);
    for (const r of p) for (let t = 0; t < d; t++) c[t]! += X.data[r * d + t]!;
    for (let t = 0; t < d; t++) c[t]! /= p.length;
    return c;
  });
  const stuck = new Set<number[]>();
  for (;;) {
    let s = -1;
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (p.length < min && !stuck.has(p) && (s < 0 || p.length < pieces[s]!.length)) s = i;
    }
    if (s < 0) return;
    const small = pieces[s]!;
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < pieces.length; i++) {
      if (i === s || pieces[i]!.length + small.length > max) continue;
      let dist = 0;
      for (let t = 0; t < d; t++) dist += (centroids[i]![t]! - centroids[s]![t]!) ** 2;
      if (dist < bestD) {
        bestD = dist;
        best = i;
      }
    }
    if (best < 0) {
      stuck.add(small);
      continue;
    }
    const into = pieces[best]!;
    const c = centroids[best]!;
    for (let t = 0; t < d; t++) c[t] = (c[t]! * into.length + centroids[s]![t]! * small.length) / (into.length + small.length);
    into.push(...small);
    pieces.splice(s, 1);
    centroids.splice(s, 1);
  }
}
