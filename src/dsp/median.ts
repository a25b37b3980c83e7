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
  work: Float64Array,
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
  // sorted window (values) plus, for each sorted position, the ring slot it came from and, for
  // each ring slot, its sorted position: the outgoing value's position is known without a search
  const win = work.subarray(m, m + w);
  const slotOf = new Int32Array(w);
  const posOf = new Int32Array(w);
  for (let i = 0; i < w; i++) {
    // insertion sort of the first window (31 values, once per series)
    const v = ext[i]!;
    let j = i;
    while (j > 0 && win[j - 1]! > v) {
      win[j] = win[j - 1]!;
      slotOf[j] = slotOf[j - 1]!;
      posOf[slotOf[j]!] = j;
      j--;
    }
    win[j] = v;
    slotOf[j] = i;
    posOf[i] = j;
  }
  out[outOff] = win[r]!;
  let slot = 0;
  for (let i = 1; i < n; i++) {
    const nv = ext[i + w - 1]!;
    // the ring slot of the outgoing value ext[i - 1] receives the incoming one
    let p = posOf[slot]!;
    if (nv > win[p]!) {
      while (p + 1 < w && win[p + 1]! < nv) {
        win[p] = win[p + 1]!;
        const sl = slotOf[p + 1]!;
        slotOf[p] = sl;
        posOf[sl] = p;
        p++;
      }
    } else {
      while (p > 0 && win[p - 1]! > nv) {
        win[p] = win[p - 1]!;
        const sl = slotOf[p - 1]!;
        slotOf[p] = sl;
        posOf[sl] = p;
        p--;
      }
    }
    win[p] = nv;
    slotOf[p] = slot;
    posOf[slot] = p;
    slot = slot + 1 === w ? 0 : slot + 1;
    out[outOff + i * outStride] = win[r]!;
  }
}

