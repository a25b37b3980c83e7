/**
 * Real-input FFT of a power-of-two size n, computed as a complex FFT of size n/2 on the packed
 * even/odd samples (the usual "split" real FFT). Float64 throughout: librosa's STFT multiplies the
 * float32 frames by a float64 window, so numpy also transforms in double precision.
 * One instance owns its work buffers: reuse it across frames, never share it between threads.
 */
export class RealFFT {
  readonly n: number;
  private readonly m: number;
  private readonly rev: Uint32Array;
  private readonly cosT: Float64Array; // exp(-2πik/m), k < m/2
  private readonly sinT: Float64Array;
  private readonly wr: Float64Array; // exp(-2πik/n), k <= m
  private readonly wi: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

  constructor(n: number) {
    if (n < 4 || (n & (n - 1)) !== 0) throw new RangeError(`RealFFT: size ${n} is not a power of two >= 4`);
    this.n = n;
    const m = n >> 1;
    this.m = m;
    let bits = 0;
    while (1 << bits < m) bits++;
    this.rev = new Uint32Array(m);
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
    this.cosT = new Float64Array(Math.max(1, m >> 1));
    this.sinT = new Float64Array(Math.max(1, m >> 1));
    for (let k = 0; k < m >> 1; k++) {
      this.cosT[k] = Math.cos((2 * Math.PI * k) / m);
      this.sinT[k] = -Math.sin((2 * Math.PI * k) / m);
    }
    this.wr = new Float64Array(m + 1);
    this.wi = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.wr[k] = Math.cos((2 * Math.PI * k) / n);
      this.wi[k] = -Math.sin((2 * Math.PI * k) / n);
    }
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
  }

  /** In-place forward complex FFT of size m on (zr, zi), input already in bit-reversed order. */
  private complexForward(zr: Float64Array, zi: Float64Array): void {
    const m = this.m;
    const cosT = this.cosT;
    const sinT = this.sinT;
    // first two stages fused as radix-4 butterflies (twiddles are 1 and -i)
    if (m >= 4) {
      for (let i = 0; i < m; i += 4) {
        const ar = zr[i]!, ai = zi[i]!, br = zr[i + 1]!, bi = zi[i + 1]!;
        const cr = zr[i + 2]!, ci = zi[i + 2]!, dr = zr[i + 3]!, di = zi[i + 3]!;
        const s0r = ar + br, s0i = ai + bi, d0r = ar - br, d0i = ai - bi;
        const s1r = cr + dr, s1i = ci + di, d1r = cr - dr, d1i = ci - di;
        zr[i] = s0r + s1r;
        zi[i] = s0i + s1i;
        zr[i + 2] = s0r - s1r;
        zi[i + 2] = s0i - s1i;
        // d1 * (-i) = (d1i, -d1r)
        zr[i + 1] = d0r + d1i;
        zi[i + 1] = d0i - d1r;
        zr[i + 3] = d0r - d1i;
        zi[i + 3] = d0i + d1r;
      }
    } else if (m === 2) {
      const ar = zr[0]!, ai = zi[0]!;
      zr[0] = ar + zr[1]!;
      zi[0] = ai + zi[1]!;
      zr[1] = ar - zr[1]!;
      zi[1] = ai - zi[1]!;
      return;
    }
    for (let size = 8; size <= m; size <<= 1) {
      const half = size >> 1;
      const step = m / size;
      for (let start = 0; start < m; start += size) {
        for (let j = 0, t = 0; j < half; j++, t += step) {
          const wr = cosT[t]!;
          const wi = sinT[t]!;
          const p = start + j;
          const q = p + half;
          const xr = zr[q]!;
          const xi = zi[q]!;
          const tr = xr * wr - xi * wi;
          const ti = xr * wi + xi * wr;
          const ur = zr[p]!;
          const ui = zi[p]!;
          zr[p] = ur + tr;
          zi[p] = ui + ti;
          zr[q] = ur - tr;
          zi[q] = ui - ti;
        }
      }
    }
  }

  /** Forward transform of n real samples (x[off..off+n)) into bins 0..n/2 (outRe/outIm, length n/2+1), unnormalised like numpy.fft.rfft. */
  forward(x: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, off = 0): void {
    const m = this.m;
    const zr = this.zr;
    const zi = this.zi;
    const rev = this.rev;
    for (let j = 0; j < m; j++) {
      const r = rev[j]!;
      zr[r] = x[off + 2 * j]!;
      zi[r] = x[off + 2 * j + 1]!;
    }
    this.complexForward(zr, zi);
    const wr = this.wr;
    const wi = this.wi;
    outRe[0] = zr[0]! + zi[0]!;
    outIm[0] = 0;
    outRe[m] = zr[0]! - zi[0]!;
    outIm[m] = 0;
    for (let k = 1; k < m; k++) {
      const a = zr[k]!, b = zi[k]!, c = zr[m - k]!, d = zi[m - k]!;
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const w1 = wr[k]!, w2 = wi[k]!;
      outRe[k] = er + (or * w1 - oi * w2);
      outIm[k] = ei + (or * w2 + oi * w1);
    }
  }

  /** Inverse of `forward`: bins 0..n/2 to n real samples, normalised by 1/n like numpy.fft.irfft (imaginary parts of bins 0 and n/2 ignored). */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array, off = 0): void {
    const m = this.m;
    const zr = this.zr;
    const zi = this.zi;
    const rev = this.rev;
    const wr = this.wr;
    const wi = this.wi;
    // Z[k] = E[k] + i O[k]; we transform conj(Z) forward and conjugate back (inverse by conjugation).
    for (let k = 0; k < m; k++) {
      const xr = re[k]!;
      const xi = k === 0 ? 0 : im[k]!;
      const yr = re[m - k]!;
      const yi = k === 0 ? 0 : -im[m - k]!; // conj(X[m-k]); X[m] imag ignored
      const er = 0.5 * (xr + yr), ei = 0.5 * (xi + yi);
      const dr = 0.5 * (xr - yr), di = 0.5 * (xi - yi);
      // O = D / W^k = D * conj(W^k)
      const w1 = wr[k]!, w2 = -wi[k]!;
      const or = dr * w1 - di * w2;
      const oi = dr * w2 + di * w1;
      // Z = E + i O = (er - oi) + i (ei + or); store conj(Z) bit-reversed
      const r = rev[k]!;
      zr[r] = er - oi;
      zi[r] = -(ei + or);
    }
    this.complexForward(zr, zi);
    const s = 1 / m;
    for (let j = 0; j < m; j++) {
      out[off + 2 * j] = zr[j]! * s;
      out[off + 2 * j + 1] = -zi[j]! * s;
    }
  }
}
