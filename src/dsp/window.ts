/** Hann window of length n; periodic (scipy `get_window('hann', n, fftbins=True)`, librosa's default) unless `symmetric`. */
export function hann(n: number, symmetric = false): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  const denom = symmetric ? n - 1 : n;
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / denom);
  return w;
}
