/** Index into a length-n sequence under scipy.ndimage's 'reflect' mode (d c b a | a b c d | d c b a). */
export function reflectIndex(j: number, n: number): number {
  const p = 2 * n;
  j %= p;
  if (j < 0) j += p;
  return j >= n ? p - 1 - j : j;
}

/**
 * Sliding median of odd width w over a strided sequence (scipy.ndimage.median_filter, mode 'reflect'):
 * reads x[off + i*stride] for i < n, writes out[outOff + i*outStride]. A sorted window is updated by
 * one removal and one insertion per step; `work` (length >= n + w − 1 + w) avoids allocation.
 */
export function slidingMedian(
  x: Float32Array,
  off: number,
  stride: number,
  n: number,
  w: number,
  out: Float32Array,
  outOff: number,
  outStride: number,
  work: Float32Array,
): void {
  const r = w >> 1;
  const ext = work;
  const m = n + 2 * r;
  if (n > r) {
    for (let i = 0; i < r; i++) ext[i] = x[off + (r - 1 - i) * stride]!;
    for (let i = 0; i < n; i++) ext[r + i] = x[off + i * stride]!;
    for (let i = 0; i < r; i++) ext[r + n + i] = x[off + (n - 1 - i) * stride]!;
  } else {
    for (let i = 0; i < m; i++) ext[i] = x[off + reflectIndex(i - r, n) * stride]!;
  }
  const win = work.subarray(m, m + w);
  for (let i = 0; i < w; i++) win[i] = ext[i]!;
  win.sort();
  out[outOff] = win[r]!;
  for (let i = 1; i < n; i++) {
    const old = ext[i - 1]!;
    const nv = ext[i + w - 1]!;
    if (old === nv) {
      out[outOff + i * outStride] = win[r]!;
      continue;
    }
    // locate one copy of the outgoing value: a short linear scan from the middle beats a binary
    // search here (fewer unpredictable branches for a 31-value window)
    let p = r;
    if (win[p]! < old) {
      do p++;
      while (win[p]! < old);
    } else {
      while (p > 0 && win[p - 1]! >= old) p--;
    }
    if (nv > old) {
      while (p + 1 < w && win[p + 1]! < nv) {
        win[p] = win[p + 1]!;
        p++;
      }
    } else {
      while (p > 0 && win[p - 1]! > nv) {
        win[p] = win[p - 1]!;
        p--;
      }
    }
    win[p] = nv;
    out[outOff + i * outStride] = win[r]!;
  }
}
