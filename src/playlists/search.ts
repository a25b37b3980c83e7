/**
 * Exact nearest-neighbour playlists over an encoded space: "more like this" radio from seed tracks
 * and a gradual path from one track to another. Plain loops over Float64Array and partial
 * selection; on 100k tracks × 64 dimensions a query takes a few tens of milliseconds.
 */
import type { Matrix } from '../util/matrix.js';

/** Distance between tracks: Euclidean, or cosine (1 − cos of the angle between rows). */
export type Metric = 'euclidean' | 'cosine';

/** Per-track identity used to avoid repeats: the same file content under two paths counts once. */
export interface TrackIdentity {
  /** Content fingerprint per row (undefined: unknown, never equal to another). */
  fingerprints?: readonly (string | undefined)[];
  /** File path per row (duplicates of a path count once). */
  paths?: readonly (string | undefined)[];
  /** True when rows i and j hold one recording in different files (e.g. FLAC and MP3 of one track). */
  sameRecording?: (i: number, j: number) => boolean;
}

/** Options of {@link similar}. */
export interface SimilarOptions extends TrackIdentity {
  /** Number of tracks to return (default 30). */
  n?: number;
  metric?: Metric;
  /** At most this many consecutive tracks by one artist (default: no limit). */
  artistGap?: number;
  /** Artist per row (compared case-insensitively; unknown artists never form a run). */
  artists?: readonly (string | undefined)[];
  /** The returned list follows the seeds in the playlist, so the artist rule counts them too (default true). */
  afterSeeds?: boolean;
}

/** Options of {@link path}. */
export interface PathOptions extends TrackIdentity {
  metric?: Metric;
}

/** Raised for a search that cannot be answered (bad seeds, too few tracks, …). */
export class SearchError extends Error {
  readonly stage = 'playlists';
  constructor(message: string) {
    super(message);
    this.name = 'SearchError';
  }
}

function checkRows(X: Matrix, rows: readonly number[], what: string): void {
  if (rows.length === 0) throw new SearchError(`${what}: give at least one track`);
  for (const r of rows) {
    if (!Number.isInteger(r) || r < 0 || r >= X.rows) throw new SearchError(`${what}: track ${r} is not a row of the ${X.rows}-track space`);
  }
}

/**
 * Distance of every row of X to row q, into `out`. Cosine distance is 1 − x·q / (|x||q|); a zero
 * row is at distance 1 from everything.
 */
export function distancesToRow(X: Matrix, q: number, metric: Metric, out: Float64Array = new Float64Array(X.rows)): Float64Array {
  const { rows: n, cols: d, data } = X;
  const qo = q * d;
  if (metric === 'euclidean') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) {
        const t = data[o + k]! - data[qo + k]!;
        s += t * t;
      }
      out[i] = Math.sqrt(s);
    }
    return out;
  }
  let qq = 0;
  for (let k = 0; k < d; k++) qq += data[qo + k]! * data[qo + k]!;
  const qn = Math.sqrt(qq);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    let xx = 0;
    const o = i * d;
    for (let k = 0; k < d; k++) {
      const x = data[o + k]!;
      dot += x * data[qo + k]!;
      xx += x * x;
    }
    const den = Math.sqrt(xx) * qn;
    out[i] = den > 0 ? 1 - dot / den : 1;
  }
  return out;
}

/**
 * For every row, its largest distance to any of the rows `qs` (squared for Euclidean, which ranks
 * the same). One pass over X whatever the number of seeds: at 100k × 64 the matrix is 51 MB, so
 * reading it once matters more than the arithmetic.
 */
export function worstDistanceToRows(X: Matrix, qs: readonly number[], metric: Metric): Float64Array {
  const { rows: n, cols: d, data } = X;
  const m = qs.length;
  const Q = new Float64Array(m * d);
  for (let s = 0; s < m; s++) {
    let nn = 0;
    for (let k = 0; k < d; k++) nn += data[qs[s]! * d + k]! ** 2;
    // Cosine: compare with unit-length seeds (a zero seed stays zero: distance 1 from everything).
    const sc = metric === 'cosine' ? (nn > 0 ? 1 / Math.sqrt(nn) : 0) : 1;
    for (let k = 0; k < d; k++) Q[s * d + k] = data[qs[s]! * d + k]! * sc;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let worst = Number.NEGATIVE_INFINITY;
    if (metric === 'euclidean') {
      for (let s = 0; s < m; s++) {
        const qo = s * d;
        let acc = 0;
        for (let k = 0; k < d; k++) {
          const t = data[o + k]! - Q[qo + k]!;
          acc += t * t;
        }
        if (acc > worst) worst = acc;
      }
    } else {
      let xx = 0;
      for (let k = 0; k < d; k++) xx += data[o + k]! * data[o + k]!;
      const xn = xx > 0 ? 1 / Math.sqrt(xx) : 0;
      for (let s = 0; s < m; s++) {
        const qo = s * d;
        let dot = 0;
        for (let k = 0; k < d; k++) dot += data[o + k]! * Q[qo + k]!;
        const dist = 1 - dot * xn;
        if (dist > worst) worst = dist;
      }
    }
    out[i] = worst;
  }
  return out;
}

/**
 * Indices of the `k` smallest `score`s among rows with `excluded[i] === 0`, ascending by
 * (score, index). A bounded max-heap: O(n log k) instead of a full sort.
 */
export function smallestK(score: Float64Array, excluded: Uint8Array, k: number): number[] {
  const heap = new Int32Array(Math.max(0, k));
  let size = 0;
  // "a after b" in (score, index) order: the heap's root is the worst kept row.
  const after = (a: number, b: number): boolean => score[a]! > score[b]! || (score[a] === score[b] && a > b);
  const down = (p: number): void => {
    for (;;) {
      const l = 2 * p + 1;
      if (l >= size) return;
      let c = l;
      if (l + 1 < size && after(heap[l + 1]!, heap[l]!)) c = l + 1;
      if (!after(heap[c]!, heap[p]!)) return;
      const t = heap[c]!;
      heap[c] = heap[p]!;
      heap[p] = t;
      p = c;
    }
  };
  if (k <= 0) return [];
  for (let i = 0; i < score.length; i++) {
    if (excluded[i] || Number.isNaN(score[i]!)) continue;
    if (size < k) {
      let p = size++;
      heap[p] = i;
      while (p > 0) {
        const parent = (p - 1) >> 1;
        if (!after(heap[p]!, heap[parent]!)) break;
        const t = heap[parent]!;
        heap[parent] = heap[p]!;
        heap[p] = t;
        p = parent;
      }
    } else if (after(heap[0]!, i)) {
      heap[0] = i;
      down(0);
    }
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => score[a]! - score[b]! || a - b);
}

/** Marks rows that repeat an already used track (same fingerprint, same path or same recording). */
class RepeatGuard {
  private readonly fps = new Set<string>();
  private readonly paths = new Set<string>();
  private readonly used: number[] = [];
  constructor(private readonly id: TrackIdentity) {}
  /** True when row i repeats a used track. */
  repeats(i: number): boolean {
    const f = this.id.fingerprints?.[i];
    const p = this.id.paths?.[i];
    if ((f !== undefined && f !== '' && this.fps.has(f)) || (p !== undefined && this.paths.has(p))) return true;
    const same = this.id.sameRecording;
    return same !== undefined && this.used.some((u) => same(u, i));
  }
  use(i: number): void {
    const f = this.id.fingerprints?.[i];
    const p = this.id.paths?.[i];
    if (f !== undefined && f !== '') this.fps.add(f);
    if (p !== undefined) this.paths.add(p);
    this.used.push(i);
  }
}

const artistKey = (a: string | undefined): string => (a ?? '').trim().toLowerCase();

/**
 * "More like this": the `n` tracks nearest to the seed rows, nearest first, as row indices (seeds
 * not included). With several seeds a track's distance is its largest distance to any seed, so the
 * result is close to all of them rather than very close to one. Never returns a seed, a second
 * copy of a path, or a file whose recording was already used (seeds included); with `artistGap`
 * M, no more than M consecutive tracks by one artist (the next-nearest allowed track is taken
 * instead). May return fewer than n when the library runs out.
 */
export function similar(X: Matrix, seeds: readonly number[], opts: SimilarOptions = {}): number[] {
  checkRows(X, seeds, 'similar');
  const nWanted = opts.n ?? 30;
  if (!Number.isInteger(nWanted) || nWanted < 0) throw new SearchError(`similar: n must be a non-negative integer, got ${nWanted}`);
  const gap = opts.artistGap ?? Number.POSITIVE_INFINITY;
  if (!(gap >= 1)) throw new SearchError(`similar: artist gap must be at least 1, got ${gap}`);
  const metric = opts.metric ?? 'euclidean';
  const N = X.rows;
  const score = worstDistanceToRows(X, seeds, metric);
  const excluded = new Uint8Array(N);
  for (const s of seeds) excluded[s] = 1;
  let available = 0;
  for (let i = 0; i < N; i++) if (!excluded[i]) available++;

  const artists = opts.artists;
  const history = opts.afterSeeds === false || !artists ? [] : seeds.map((s) => artistKey(artists[s]));
  // Grow the candidate pool until it yields n tracks or holds every available row: the greedy
  // choice below only depends on the candidates' order, so a larger pool extends the same answer.
  let pool = Math.min(available, Math.max(nWanted * 4, nWanted + 64));
  for (;;) {
    const cand = smallestK(score, excluded, pool);
    const out = pick(cand, seeds, nWanted, gap, artists, history, opts);
    if (out.length >= nWanted || pool >= available) return out;
    pool = Math.min(available, pool * 4);
  }
}

function pick(
  cand: number[],
  seeds: readonly number[],
  nWanted: number,
  gap: number,
  artists: readonly (string | undefined)[] | undefined,
  history: string[],
  id: TrackIdentity,
): number[] {
  // Repeats are checked only for candidates, never by a pass over the whole library.
  const guard = new RepeatGuard(id);
  for (const s of seeds) guard.use(s);
  const seq = [...history];
  const out: number[] = [];
  const pending: number[] = [];
  let next = 0;
  const runOf = (a: string): number => {
    let r = 0;
    for (let t = seq.length - 1; t >= 0 && seq[t] === a; t--) r++;
    return r;
  };
  while (out.length < nWanted) {
    let chosen = -1;
    // Deferred tracks (nearest first) before new candidates.
    for (let p = 0; p < pending.length && chosen < 0; p++) {
      const a = artists ? artistKey(artists[pending[p]!]) : '';
      if (a === '' || runOf(a) < gap) {
        chosen = pending[p]!;
        pending.splice(p, 1);
      }
    }
    while (chosen < 0 && next < cand.length) {
      const c = cand[next++]!;
      if (guard.repeats(c)) continue;
      guard.use(c);
      const a = artists ? artistKey(artists[c]) : '';
      if (a === '' || runOf(a) < gap) chosen = c;
      else pending.push(c);
    }
    if (chosen < 0) break;
    out.push(chosen);
    seq.push(artists ? artistKey(artists[chosen]) : '');
  }
  return out;
}

/**
 * A gradual playlist through the waypoint rows (A, B or A, C, …, B): `steps` tracks in all,
 * waypoints included. The tracks between two waypoints P and Q are spread over the segments in
 * proportion to their lengths; step k of m on a segment takes the nearest unused track to the point
 * P + k/(m+1)·(Q − P), and the tracks so chosen are then played in the order of their projection
 * onto the segment (where they lie along the way). No track, path or fingerprint is used twice. With the cosine metric the rows
 * are compared after scaling to unit length. Returns row indices, starting at A and ending at B.
 */
export function path(X: Matrix, waypoints: readonly number[], steps: number, opts: PathOptions = {}): number[] {
  checkRows(X, waypoints, 'path');
  if (waypoints.length < 2) throw new SearchError('path: give at least two tracks (A and B)');
  if (new Set(waypoints).size !== waypoints.length) throw new SearchError('path: a track appears twice among the waypoints');
  if (!Number.isInteger(steps) || steps < waypoints.length) {
    throw new SearchError(`path: steps must be an integer of at least ${waypoints.length} (the waypoints), got ${steps}`);
  }
  const metric = opts.metric ?? 'euclidean';
  const { rows: N, cols: d, data } = X;
  const cosine = metric === 'cosine';
  // Row i as used by the metric: unit length for cosine (zero rows stay zero).
  const inv = (i: number): number => {
    if (!cosine) return 1;
    let nn = 0;
    for (let k = 0; k < d; k++) nn += data[i * d + k]! ** 2;
    return nn > 0 ? 1 / Math.sqrt(nn) : 0;
  };
  const point = (i: number): Float64Array => {
    const p = new Float64Array(d);
    const s = inv(i);
    for (let k = 0; k < d; k++) p[k] = data[i * d + k]! * s;
    return p;
  };
  const used = new Uint8Array(N);
  const guard = new RepeatGuard(opts);
  for (const w of waypoints) {
    used[w] = 1;
    guard.use(w);
  }

  // Spread the in-between tracks over the segments by length (largest remainder, ties to the first).
  const W = waypoints.map(point);
  const seg = W.slice(1).map((q, s) => {
    let t = 0;
    for (let k = 0; k < d; k++) t += (q[k]! - W[s]![k]!) ** 2;
    return Math.sqrt(t);
  });
  const between = steps - waypoints.length;
  const total = seg.reduce((a, b) => a + b, 0);
  const share = seg.map((l) => (total > 0 ? (between * l) / total : between / seg.length));
  const count = share.map(Math.floor);
  let left = between - count.reduce((a, b) => a + b, 0);
  const byRemainder = share.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    count[i]!++;
  }

  const out: number[] = [waypoints[0]!];
  // |x − (P + αu)|² = |x − P|² − 2α (x − P)·u + α²|u|², with a_i = |x_i − P|² and b_i = (x_i − P)·u
  // for every segment computed in one pass over X, so each step is one pass over n numbers.
  const S = seg.length;
  const U = new Float64Array(S * d);
  const PP = new Float64Array(S * d);
  const uu = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    for (let k = 0; k < d; k++) {
      PP[s * d + k] = W[s]![k]!;
      U[s * d + k] = W[s + 1]![k]! - W[s]![k]!;
      uu[s]! += U[s * d + k]! ** 2;
    }
  }
  const A = new Float64Array(S * N);
  const Bv = new Float64Array(S * N);
  const xs = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    const o = i * d;
    let sc = 1;
    if (cosine) {
      let nn = 0;
      for (let k = 0; k < d; k++) nn += data[o + k]! * data[o + k]!;
      sc = nn > 0 ? 1 / Math.sqrt(nn) : 0;
    }
    // Euclidean reads the row in place; cosine scales a copy to unit length.
    let src = data;
    let base = o;
    if (cosine) {
      for (let k = 0; k < d; k++) xs[k] = data[o + k]! * sc;
      src = xs;
      base = 0;
    }
    for (let s = 0; s < S; s++) {
      if (count[s] === 0) continue;
      const so = s * d;
      let aa = 0;
      let bb = 0;
      for (let k = 0; k < d; k++) {
        const t = src[base + k]! - PP[so + k]!;
        aa += t * t;
        bb += t * U[so + k]!;
      }
      A[s * N + i] = aa;
      Bv[s * N + i] = bb;
    }
  }
  for (let s = 0; s < S; s++) {
    const m = count[s]!;
    if (m > 0) {
      const a = A.subarray(s * N, (s + 1) * N);
      const b = Bv.subarray(s * N, (s + 1) * N);
      const us = uu[s]!;
      // Candidates: the K unused tracks nearest to the segment itself. A track outside them is at
      // least `bound` from every point of the segment, so a candidate nearer than that is the exact
      // answer; otherwise that step falls back to a full scan.
      const segD = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const t = us > 0 ? Math.min(1, Math.max(0, b[i]! / us)) : 0;
        segD[i] = a[i]! - 2 * t * b[i]! + t * t * us;
      }
      const K = Math.min(N, 8 * m + 64);
      const cand = smallestK(segD, used, K + 1);
      const bound = cand.length > K ? segD[cand[K]!]! : Number.POSITIVE_INFINITY;
      if (cand.length > K) cand.length = K;
      const picks: number[] = [];
      for (let step = 1; step <= m; step++) {
        const alpha = step / (m + 1);
        const c = alpha * alpha * us;
        let best = -1;
        // Repeats (another copy of a used file) are rejected only when they win, then we search again.
        for (;;) {
          best = -1;
          let bestD = Number.POSITIVE_INFINITY;
          for (const i of cand) {
            if (used[i]) continue;
            const dist = a[i]! - 2 * alpha * b[i]! + c;
            if (dist < bestD || (dist === bestD && i < best)) {
              bestD = dist;
              best = i;
            }
          }
          if (!(bestD < bound)) {
            best = -1;
            bestD = Number.POSITIVE_INFINITY;
            for (let i = 0; i < N; i++) {
              if (used[i]) continue;
              const dist = a[i]! - 2 * alpha * b[i]! + c;
              if (dist < bestD) {
                bestD = dist;
                best = i;
              }
            }
          }
          if (best < 0 || !guard.repeats(best)) break;
          used[best] = 1;
        }
        if (best < 0) break;
        picks.push(best);
        used[best] = 1;
        guard.use(best);
      }
      // Play the segment's tracks in the order they lie along it (projection b/|u|², stable): the
      // moving point chose them, their place on the way orders them, so the sound does not step
      // back and forth between neighbouring targets.
      if (us > 0) {
        const at = new Map(picks.map((i) => [i, b[i]! / us]));
        picks.sort((x, y) => at.get(x)! - at.get(y)!);
      }
      out.push(...picks);
    }
    out.push(waypoints[s + 1]!);
  }
  return out;
}
