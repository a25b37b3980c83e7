import type { Matrix } from '../util/matrix.js';
import { createRng } from '../util/rng.js';
import { approxKNearestLists, kNearestLists, sqDist } from './neighbours.js';

/** Options of {@link orderTour}. */
export interface TourOptions {
  /** Candidate neighbours per point for the local search (default 10). */
  neighbours?: number;
  /** Above this many points the candidate lists are approximate (random-projection trees) (default 4000). */
  exactUpTo?: number;
  /** Also move segments of 1–3 points elsewhere (Or-opt) (default true). */
  orOpt?: boolean;
  /** Run the local search at all; false gives the plain nearest-neighbour tour (default true). */
  improve?: boolean;
}

/** Length of the open path through `order` (sum of Euclidean distances between consecutive rows). */
export function tourLength(points: Matrix, order: ArrayLike<number>): number {
  let s = 0;
  for (let t = 1; t < order.length; t++) s += Math.sqrt(sqDist(points.data, points.cols, order[t - 1]!, order[t]!));
  return s;
}

/**
 * Groups of nearby rows (tree leaves) with their centroids and unvisited counts, so that the
 * nearest-neighbour construction of a large tour, when all candidates of the current point are
 * used, looks only into the few groups whose centroids are nearest instead of every unvisited row.
 */
class LeafBuckets {
  private readonly leafOf: Int32Array;
  private readonly left: Int32Array;
  private readonly centroids: Float64Array;
  private readonly order: Int32Array;
  private readonly dist: Float64Array;

  constructor(
    private readonly points: Matrix,
    private readonly leaves: Int32Array[],
  ) {
    const d = points.cols;
    this.leafOf = new Int32Array(points.rows);
    this.left = new Int32Array(leaves.length);
    this.centroids = new Float64Array(leaves.length * d);
    leaves.forEach((rows, l) => {
      this.left[l] = rows.length;
      for (const r of rows) {
        this.leafOf[r] = l;
        for (let c = 0; c < d; c++) this.centroids[l * d + c]! += points.data[r * d + c]! / rows.length;
      }
    });
    this.order = new Int32Array(leaves.length);
    this.dist = new Float64Array(leaves.length);
  }

  visit(r: number): void {
    this.left[this.leafOf[r]!]!--;
  }

  /** The nearest unvisited row among the 3 non-empty groups with the nearest centroids (−1: none left). */
  nearestUnvisited(cur: number, unvPos: Int32Array): number {
    const { cols: d, data } = this.points;
    let m = 0;
    for (let l = 0; l < this.leaves.length; l++) {
      if (this.left[l]! <= 0) continue;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = data[cur * d + c]! - this.centroids[l * d + c]!;
        s += t * t;
      }
      this.dist[l] = s;
      this.order[m++] = l;
    }
    const cand = Array.from(this.order.subarray(0, m)).sort((a, b) => this.dist[a]! - this.dist[b]! || a - b);
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (const l of cand.slice(0, 3)) {
      for (const r of this.leaves[l]!) {
        if (unvPos[r]! < 0) continue;
        const s = sqDist(data, d, cur, r);
        if (s < bestD || (s === bestD && r < best)) {
          bestD = s;
          best = r;
        }
      }
    }
    return best;
  }
}

/** The row farthest from the centroid (lowest index on ties): a natural end of an open tour. */
function farthestFromCentroid(points: Matrix): number {
  const { rows: n, cols: d, data } = points;
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) c[k]! += data[i * d + k]!;
  for (let k = 0; k < d; k++) c[k]! /= n;
  let best = 0;
  let bestD = -1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const t = data[i * d + k]! - c[k]!;
      s += t * t;
    }
    if (s > bestD) {
      bestD = s;
      best = i;
    }
  }
  return best;
}

/**
 * A short open tour through the rows of `points` (Euclidean), as a permutation of row indices.
 * Nearest neighbour from the row farthest from the centroid, then 2-opt and Or-opt moves
 * (segments of 1–3) over k-nearest candidate lists with a work queue until no move shortens the
 * path. The seed only sets the order in which the local search visits points, so the result is
 * deterministic for a given seed. Time ≈ O(n² · d) for the candidate lists plus the local search.
 */
export function orderTour(points: Matrix, seed: number, opts: TourOptions = {}): number[] {
  const n = points.rows;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const d = points.cols;
  const data = points.data;
  const K = opts.neighbours ?? 10;
  const exact = n <= (opts.exactUpTo ?? 4000);
  const lists = exact ? { ...kNearestLists(points, K), leaves: [] as Int32Array[] } : approxKNearestLists(points, K, seed);
  const { k, idx: nb } = lists;
  const buckets = exact ? undefined : new LeafBuckets(points, lists.leaves);
  const orOpt = opts.orOpt ?? true;
  const D = (a: number, b: number): number => Math.sqrt(sqDist(data, d, a, b));
  // Missing ends (index -1) cost nothing: that is what makes the tour open.
  const dd = (a: number, b: number): number => (a < 0 || b < 0 ? 0 : D(a, b));

  // Nearest neighbour construction. The candidate list is sorted, so (for exact lists) its first
  // unvisited entry is the nearest unvisited point overall; only when all candidates are used do we
  // scan the rest.
  const tour = new Int32Array(n);
  const unv = new Int32Array(n);
  const unvPos = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    unv[i] = i;
    unvPos[i] = i;
  }
  let nUnv = n;
  const take = (c: number): void => {
    const p = unvPos[c]!;
    const last = unv[--nUnv]!;
    unv[p] = last;
    unvPos[last] = p;
    unvPos[c] = -1;
  };
  let cur = farthestFromCentroid(points);
  tour[0] = cur;
  take(cur);
  for (let t = 1; t < n; t++) {
    let next = -1;
    for (let q = 0; q < k; q++) {
      const c = nb[cur * k + q]!;
      if (unvPos[c]! >= 0) {
        next = c;
        break;
      }
    }
    if (next < 0 && buckets) next = buckets.nearestUnvisited(cur, unvPos);
    if (next < 0) {
      let best = Number.POSITIVE_INFINITY;
      for (let u = 0; u < nUnv; u++) {
        const c = unv[u]!;
        const s = sqDist(data, d, cur, c);
        if (s < best || (s === best && c < next)) {
          best = s;
          next = c;
        }
      }
    }
    tour[t] = next;
    take(next);
    buckets?.visit(next);
    cur = next;
  }

  if (opts.improve === false) return Array.from(tour);
  const pos = new Int32Array(n);
  for (let t = 0; t < n; t++) pos[tour[t]!] = t;
  const at = (p: number): number => (p >= 0 && p < n ? tour[p]! : -1);
  const reverse = (l: number, r: number): void => {
    while (l < r) {
      const a = tour[l]!;
      const b = tour[r]!;
      tour[l] = b;
      pos[b] = l;
      tour[r] = a;
      pos[a] = r;
      l++;
      r--;
    }
  };

  // Work queue of points whose surroundings changed ("don't look bits").
  const queue = new Int32Array(n);
  const inQ = new Uint8Array(n);
  let qHead = 0;
  let qLen = 0;
  const push = (c: number): void => {
    if (c < 0 || inQ[c]) return;
    inQ[c] = 1;
    queue[(qHead + qLen) % n] = c;
    qLen++;
  };
  const order = createRng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  for (const c of order) push(c);
  const tol = (x: number): number => 1e-10 * (1 + x);

  // 2-opt: a new edge (a, c) replaces (a, b) and (c, e), where b and e are the neighbours of a
  // and c on the same side; the path between them is reversed.
  const try2opt = (a: number): boolean => {
    const i = pos[a]!;
    let bestGain = 0;
    let bestC = -1;
    let bestDir = 0;
    for (let dir = 1; dir >= -1; dir -= 2) {
      const b = at(i + dir);
      if (b < 0) continue;
      const dAB = D(a, b);
      for (let q = 0; q < k; q++) {
        const c = nb[a * k + q]!;
        if (c < 0) break;
        const dAC = D(a, c);
        if (dAC >= dAB) break;
        if (c === b) continue;
        const e = at(pos[c]! + dir);
        if (e === a) continue;
        const gain = dAB + dd(c, e) - dAC - dd(b, e);
        if (gain > bestGain + tol(dAB)) {
          bestGain = gain;
          bestC = c;
          bestDir = dir;
        }
      }
    }
    if (bestC < 0) return false;
    const b = at(i + bestDir);
    const j = pos[bestC]!;
    const e = at(j + bestDir);
    if (bestDir === 1) {
      if (i < j) reverse(i + 1, j);
      else reverse(j + 1, i);
    } else if (j < i) reverse(j, i - 1);
    else reverse(i, j - 1);
    push(a);
    push(b);
    push(bestC);
    push(e);
    return true;
  };

  // Or-opt: move the segment of L = 1..3 points starting or ending at `a` between two adjacent
  // points u, v (either may be a path end), in whichever orientation is shorter.
  const seg = new Int32Array(3);
  const tryOr = (a: number): boolean => {
    const i = pos[a]!;
    let bestGain = 0;
    let bS = -1;
    let bL = 0;
    let bU = -1;
    let bV = -1;
    let bRev = false;
    for (let L = 1; L <= 3 && L < n; L++) {
      for (let side = 0; side < (L === 1 ? 1 : 2); side++) {
        const s = side === 0 ? i : i - L + 1;
        if (s < 0 || s + L > n) continue;
        const s1 = tour[s]!;
        const s2 = tour[s + L - 1]!;
        const p = at(s - 1);
        const nx = at(s + L);
        const removeGain = dd(p, s1) + dd(s2, nx) - dd(p, nx);
        if (removeGain <= tol(removeGain)) continue;
        for (let endI = 0; endI < 2; endI++) {
          const sx = endI === 0 ? s1 : s2;
          if (endI === 1 && s2 === s1) break;
          for (let q = 0; q < k; q++) {
            const c = nb[sx * k + q]!;
            if (c < 0 || D(sx, c) >= removeGain) break;
            const pc = pos[c]!;
            if (pc >= s && pc < s + L) continue;
            for (let w = 0; w < 2; w++) {
              const pu = w === 0 ? pc : pc - 1;
              const pv = pu + 1;
              if ((pu >= s && pu < s + L) || (pv >= s && pv < s + L)) continue;
              if (pu < -1 || pv > n) continue;
              const u = at(pu);
              const v = at(pv);
              if (u < 0 && v < 0) continue;
              const fwd = dd(u, s1) + dd(s2, v);
              const rev = dd(u, s2) + dd(s1, v);
              const add = Math.min(fwd, rev) - dd(u, v);
              const gain = removeGain - add;
              if (gain > bestGain + tol(removeGain)) {
                bestGain = gain;
                bS = s;
                bL = L;
                bU = pu;
                bV = pv;
                bRev = rev < fwd;
              }
            }
          }
        }
      }
    }
    if (bS < 0) return false;
    const s = bS;
    const L = bL;
    const touched = [tour[s]!, tour[s + L - 1]!, at(s - 1), at(s + L), at(bU), at(bV)];
    for (let t = 0; t < L; t++) seg[t] = tour[s + (bRev ? L - 1 - t : t)]!;
    if (bU >= s + L) {
      // Insertion point after the segment: shift the points in between back by L.
      for (let t = s + L; t <= bU; t++) {
        tour[t - L] = tour[t]!;
        pos[tour[t - L]!] = t - L;
      }
      for (let t = 0; t < L; t++) {
        tour[bU - L + 1 + t] = seg[t]!;
        pos[seg[t]!] = bU - L + 1 + t;
      }
    } else {
      // Insertion point before the segment: shift the points in between forward by L.
      for (let t = s - 1; t >= bV; t--) {
        tour[t + L] = tour[t]!;
        pos[tour[t + L]!] = t + L;
      }
      for (let t = 0; t < L; t++) {
        tour[bV + t] = seg[t]!;
        pos[seg[t]!] = bV + t;
      }
    }
    for (const c of touched) push(c);
    return true;
  };

  // Every applied move shortens the path by more than the tolerance, so this terminates; the cap
  // only guards against pathological inputs.
  let moves = 0;
  const maxMoves = 100 * n;
  while (qLen > 0 && moves < maxMoves) {
    const a = queue[qHead]!;
    qHead = (qHead + 1) % n;
    qLen--;
    inQ[a] = 0;
    if (try2opt(a) || (orOpt && tryOr(a))) {
      moves++;
      push(a);
    }
  }
  return Array.from(tour);
}
