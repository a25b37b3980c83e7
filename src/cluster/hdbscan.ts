import type { Matrix } from '../util/matrix.js';
import { NOISE } from './dbscan.js';
import { ClusterError } from './errors.js';
import { buildSortedProjection, kthNeighbourDistances } from './neighbours.js';

/** How clusters are chosen from the condensed tree (sklearn's `cluster_selection_method`). */
export type HdbscanSelection = 'eom' | 'leaf';

/** Options of HDBSCAN; names and defaults mirror sklearn.cluster.HDBSCAN (EOM selection). */
export interface HdbscanOptions {
  /** Smallest group that counts as a cluster (default 5). */
  minClusterSize?: number;
  /** Neighbours (the row itself included) that define a row's core distance (default minClusterSize). */
  minSamples?: number;
  /** Let the whole data set be one cluster when nothing better exists (default false). */
  allowSingleCluster?: boolean;
  /**
   * 'eom' (default): the most stable clusters ("excess of mass"), which on a library often means a
   * few broad ones; 'leaf': the leaves of the condensed tree, the finest clusters of at least
   * minClusterSize rows.
   */
  clusterSelectionMethod?: HdbscanSelection;
}

/** An HDBSCAN result: labels 0..m−1, −1 for rows left unassigned (noise). */
export interface HdbscanResult {
  labels: Int32Array;
  /** Cluster membership strength per row in [0, 1] (0 for noise), as sklearn's probabilities_. */
  probabilities: Float64Array;
  /** Number of clusters found (noise excluded). */
  nClusters: number;
}

/** Largest row count HDBSCAN accepts: its minimum spanning tree is O(n²) time (no n² memory). */
export const MAX_HDBSCAN_ROWS = 60000;

/**
 * HDBSCAN (Campello et al.; sklearn.cluster.HDBSCAN semantics): mutual-reachability distances,
 * their minimum spanning tree (Prim, O(n²) time, O(n) memory), the single-linkage tree condensed
 * with minClusterSize, and clusters chosen by excess of mass (or its leaves). Rows outside every chosen
 * cluster get −1.
 */
export function hdbscan(X: Matrix, opts: HdbscanOptions = {}): HdbscanResult {
  const n = X.rows;
  const d = X.cols;
  const minClusterSize = opts.minClusterSize ?? 5;
  const minSamples = opts.minSamples ?? minClusterSize;
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) {
    throw new ClusterError(`hdbscan: minClusterSize must be an integer ≥ 2, got ${minClusterSize}`);
  }
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new ClusterError(`hdbscan: minSamples must be a positive integer, got ${minSamples}`);
  }
  if (n <= minSamples) throw new ClusterError(`hdbscan: needs more than minSamples = ${minSamples} rows, got ${n}`);
  if (n > MAX_HDBSCAN_ROWS) {
    throw new ClusterError(`hdbscan: ${n} rows is above its ${MAX_HDBSCAN_ROWS}-row limit (O(n²) time); use --method kmeans`);
  }
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i]!)) {
      throw new ClusterError(`hdbscan: value at row ${Math.floor(i / d)}, column ${i % d} is ${X.data[i]}`);
    }
  }
  const core = kthNeighbourDistances(buildSortedProjection(X), minSamples);
  const mst = primMutualReachability(X, core);
  const hierarchy = singleLinkageFromMst(mst, n);
  const tree = condenseTree(hierarchy, n, minClusterSize);
  const stability = computeStability(tree, n);
  const method = opts.clusterSelectionMethod ?? 'eom';
  if (method !== 'eom' && method !== 'leaf') throw new ClusterError(`hdbscan: clusterSelectionMethod must be 'eom' or 'leaf', got '${String(method)}'`);
  const selected = method === 'leaf' ? selectLeaves(tree, n) : selectClustersEom(tree, stability, n, opts.allowSingleCluster ?? false);
  return labelRows(tree, selected, n, opts.allowSingleCluster ?? false);
}

/** MST edges [a, b, weight] of the mutual-reachability graph, in Prim's order. */
function primMutualReachability(X: Matrix, core: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = X;
  const edges = new Float64Array((n - 1) * 3);
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n);
  let cur = 0;
  for (let e = 0; e < n - 1; e++) {
    inTree[cur] = 1;
    const cc = core[cur]!;
    const oc = cur * d;
    let next = -1;
    let nextD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      let s = 0;
      const oj = j * d;
      for (let t = 0; t < d; t++) {
        const v = data[oc + t]! - data[oj + t]!;
        s += v * v;
      }
      let m = Math.sqrt(s);
      if (cc > m) m = cc;
      if (core[j]! > m) m = core[j]!;
      if (m < best[j]!) {
        best[j] = m;
        from[j] = cur;
      }
      if (best[j]! < nextD || next < 0) {
        nextD = best[j]!;
        next = j;
      }
    }
    edges[e * 3] = from[next]!;
    edges[e * 3 + 1] = next;
    edges[e * 3 + 2] = nextD;
    cur = next;
  }
  return edges;
}

/** Single-linkage merges [left, right, distance, size] from MST edges sorted by weight (stable). */
function singleLinkageFromMst(mst: Float64Array, n: number): Float64Array {
  const m = n - 1;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => mst[a * 3 + 2]! - mst[b * 3 + 2]! || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Float64Array(2 * n - 1).fill(1);
  const find = (x: number): number => {
    let p = x;
    while (parent[p] !== p) p = parent[p]!;
    while (parent[x] !== p) {
      const nx = parent[x]!;
      parent[x] = p;
      x = nx;
    }
    return p;
  };
  const out = new Float64Array(m * 4);
  for (let r = 0; r < m; r++) {
    const e = order[r]!;
    const a = find(mst[e * 3]!);
    const b = find(mst[e * 3 + 1]!);
    const id = n + r;
    parent[a] = id;
    parent[b] = id;
    size[id] = size[a]! + size[b]!;
    out[r * 4] = a;
    out[r * 4 + 1] = b;
    out[r * 4 + 2] = mst[e * 3 + 2]!;
    out[r * 4 + 3] = size[id]!;
  }
  return out;
}

/** A condensed-tree edge: parent cluster id, child (row index < n, or cluster id ≥ n), λ = 1/distance. */
interface TreeEdge {
  parent: number;
  child: number;
  lambda: number;
  childSize: number;
}

function condenseTree(h: Float64Array, n: number, minSize: number): TreeEdge[] {
  const root = 2 * n - 2;
  const sizeOf = (node: number): number => (node < n ? 1 : h[(node - n) * 4 + 3]!);
  const relabel = new Int32Array(root + 1);
  relabel[root] = n;
  let nextLabel = n + 1;
  const out: TreeEdge[] = [];
  const fallOut = (start: number, parent: number, lambda: number): void => {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node < n) out.push({ parent, child: node, lambda, childSize: 1 });
      else stack.push(h[(node - n) * 4]!, h[(node - n) * 4 + 1]!);
    }
  };
  // breadth-first from the root; subtrees that fall out are walked by fallOut and never queued
  const queue = [root];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    if (node < n) continue;
    const o = (node - n) * 4;
    const left = h[o]!;
    const right = h[o + 1]!;
    const dist = h[o + 2]!;
    const lambda = dist > 0 ? 1 / dist : Number.POSITIVE_INFINITY;
    const ls = sizeOf(left);
    const rs = sizeOf(right);
    const p = relabel[node]!;
    if (ls >= minSize && rs >= minSize) {
      relabel[left] = nextLabel++;
      out.push({ parent: p, child: relabel[left]!, lambda, childSize: ls });
      relabel[right] = nextLabel++;
      out.push({ parent: p, child: relabel[right]!, lambda, childSize: rs });
      queue.push(left, right);
    } else if (ls < minSize && rs < minSize) {
      fallOut(left, p, lambda);
      fallOut(right, p, lambda);
    } else if (ls < minSize) {
      relabel[right] = p;
      fallOut(left, p, lambda);
      queue.push(right);
    } else {
      relabel[left] = p;
      fallOut(right, p, lambda);
      queue.push(left);
    }
  }
  return out;
}

function computeStability(tree: TreeEdge[], n: number): Map<number, number> {
  const birth = new Map<number, number>();
  birth.set(n, 0);
  for (const e of tree) if (e.child >= n) birth.set(e.child, e.lambda);
  const stability = new Map<number, number>();
  for (const c of birth.keys()) stability.set(c, 0);
  for (const e of tree) {
    // λ = ∞ (duplicate rows) would make every stability infinite; cap like a finite large value
    const lambda = Number.isFinite(e.lambda) ? e.lambda : Number.MAX_VALUE / 4;
    stability.set(e.parent, stability.get(e.parent)! + (lambda - birth.get(e.parent)!) * e.childSize);
  }
  return stability;
}

function selectClustersEom(
  tree: TreeEdge[],
  stability: Map<number, number>,
  n: number,
  allowSingle: boolean,
): Set<number> {
  const children = new Map<number, number[]>();
  for (const e of tree) {
    if (e.child < n) continue;
    const list = children.get(e.parent) ?? [];
    list.push(e.child);
    children.set(e.parent, list);
  }
  const nodes = [...stability.keys()].sort((a, b) => b - a);
  const candidates = allowSingle ? nodes : nodes.filter((c) => c !== n);
  const isCluster = new Map<number, boolean>();
  for (const c of candidates) isCluster.set(c, true);
  const stab = new Map(stability);
  for (const node of candidates) {
    const kids = children.get(node) ?? [];
    let sub = 0;
    for (const k of kids) sub += stab.get(k)!;
    if (sub > stab.get(node)!) {
      isCluster.set(node, false);
      stab.set(node, sub);
    } else {
      const stack = [...kids];
      while (stack.length > 0) {
        const s = stack.pop()!;
        isCluster.set(s, false);
        stack.push(...(children.get(s) ?? []));
      }
    }
  }
  const selected = new Set<number>();
  for (const [c, yes] of isCluster) if (yes) selected.add(c);
  return selected;
}

/** The condensed tree's clusters without child clusters; the root alone when it never splits (as sklearn). */
function selectLeaves(tree: TreeEdge[], n: number): Set<number> {
  const clusters = new Set<number>([n]);
  const parents = new Set<number>();
  for (const e of tree) {
    if (e.child < n) continue;
    clusters.add(e.child);
    parents.add(e.parent);
  }
  const leaves = new Set<number>();
  for (const c of clusters) if (!parents.has(c)) leaves.add(c);
  return leaves;
}

function labelRows(tree: TreeEdge[], selected: Set<number>, n: number, allowSingle: boolean): HdbscanResult {
  const parentOf = new Map<number, number>();
  const lambdaOf = new Float64Array(n);
  for (const e of tree) {
    parentOf.set(e.child, e.parent);
    if (e.child < n) lambdaOf[e.child] = e.lambda;
  }
  const sortedSel = [...selected].sort((a, b) => a - b);
  const labelOf = new Map<number, number>();
  for (let i = 0; i < sortedSel.length; i++) labelOf.set(sortedSel[i]!, i);
  const labels = new Int32Array(n).fill(NOISE);
  const owner = new Map<number, number>();
  const resolve = (cluster: number): number => {
    const path: number[] = [];
    let c: number | undefined = cluster;
    let found = -1;
    while (c !== undefined) {
      const known = owner.get(c);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(c);
      if (selected.has(c)) {
        found = c;
        break;
      }
      c = parentOf.get(c);
    }
    for (const p of path) owner.set(p, found);
    return found;
  };
  // largest λ among each cluster's direct children in the condensed tree
  const deaths = new Map<number, number>();
  for (const e of tree) deaths.set(e.parent, Math.max(deaths.get(e.parent) ?? 0, e.lambda));
  for (let i = 0; i < n; i++) {
    const c = resolve(parentOf.get(i)!);
    if (c < 0) continue;
    if (c === n) {
      // the root as the single cluster keeps only rows that stay until its last split (as sklearn)
      if (!allowSingle || lambdaOf[i]! < (deaths.get(n) ?? 0)) continue;
    }
    labels[i] = labelOf.get(c)!;
  }
  // sklearn's probabilities: λ of the row over the largest λ among its cluster's direct children
  const probabilities = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (labels[i] === NOISE) continue;
    const ml = deaths.get(sortedSel[labels[i]!]!) ?? 0;
    const li = lambdaOf[i]!;
    probabilities[i] = ml === 0 || !Number.isFinite(li) ? 1 : Math.min(li, ml) / ml;
  }
  return { labels, probabilities, nClusters: sortedSel.length };
}
