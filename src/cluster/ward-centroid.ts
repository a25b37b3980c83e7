import type { Matrix } from '../util/matrix.js';

/**
 * Ward linkage of feature rows by the nearest-neighbour chain on cluster centroids: the Ward
 * distance of clusters A and B is sqrt(2·|A|·|B| / (|A| + |B|)) · ‖c_A − c_B‖, which is exactly what
 * scipy's Lance–Williams recurrence yields for Euclidean input. No distance matrix is stored
 * (O(n·d) memory, O(n²·d) time), so Ward has no row limit. The chain's tie rules are scipy's; merges
 * are returned unsorted, in scipy's raw nn_chain form [x, y, height, size].
 */
export function wardCentroidChain(X: Matrix): Float64Array {
  const { rows: n, cols: d } = X;
  const c = Float64Array.from(X.data);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  const Z = new Float64Array((n - 1) * 4);
  let alive = Int32Array.from({ length: n }, (_, i) => i);
  let nAlive = n;
  let dead = 0;
  const ward = (a: number, b: number): number => {
    const oa = a * d;
    const ob = b * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = c[oa + t]! - c[ob + t]!;
      s += v * v;
    }
    const na = size[a]!;
    const nb = size[b]!;
    return Math.sqrt(((2 * na * nb) / (na + nb)) * s);
  };
  let chainLength = 0;
  for (let k = 0; k < n - 1; k++) {
    if (dead > nAlive / 4) {
      let m = 0;
      const next = new Int32Array(n - k);
      for (let r = 0; r < nAlive; r++) if (size[alive[r]!]! > 0) next[m++] = alive[r]!;
      alive = next;
      nAlive = m;
      dead = 0;
    }
    if (chainLength === 0) {
      chainLength = 1;
      for (let r = 0; r < nAlive; r++) {
        if (size[alive[r]!]! > 0) {
          chain[0] = alive[r]!;
          break;
        }
      }
    }
    let x = 0;
    let y = 0;
    let currentMin = 0;
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = ward(x, y);
      } else {
        currentMin = Number.POSITIVE_INFINITY;
      }
      // inlined ward(x, i) for the scan: the hot loop of the whole algorithm
      const ox = x * d;
      const nx2 = 2 * size[x]!;
      for (let r = 0; r < nAlive; r++) {
        const i = alive[r]!;
        const ni = size[i]!;
        if (ni === 0 || i === x) continue;
        const oi = i * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const v = c[ox + t]! - c[oi + t]!;
          s += v * v;
        }
        const dist = Math.sqrt(((nx2 * ni) / (nx2 / 2 + ni)) * s);
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!;
    const ny = size[y]!;
    Z[k * 4] = x;
    Z[k * 4 + 1] = y;
    Z[k * 4 + 2] = currentMin;
    Z[k * 4 + 3] = nx + ny;
    const ox = x * d;
    const oy = y * d;
    for (let t = 0; t < d; t++) c[oy + t] = (nx * c[ox + t]! + ny * c[oy + t]!) / (nx + ny);
    size[x] = 0;
    size[y] = nx + ny;
    dead++;
  }
  return Z;
}
