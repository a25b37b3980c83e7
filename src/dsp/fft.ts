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
  private readonly oddLog: boolean;
  private readonly stageTw: Float64Array[]; // per radix-4 stage: W^k, W^2k, W^3k (re, im) for k < L/4
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
    this.oddLog = bits % 2 === 1;
    this.stageTw = [];
    for (let L = (this.oddLog ? 2 : 1) * 4; L <= m; L *= 4) {
      const q = L >> 2;
      const tw = new Float64Array(6 * q);
      for (let k = 0; k < q; k++) {
        for (let j = 1; j <= 3; j++) {
          tw[6 * k + 2 * (j - 1)] = Math.cos((2 * Math.PI * j * k) / L);
          tw[6 * k + 2 * (j - 1) + 1] = -Math.sin((2 * Math.PI * j * k) / L);
        }
      }
      this.stageTw.push(tw);
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

  /** In-place forward complex FFT of size m on (zr, zi), input already in bit-reversed order: one radix-2 stage if log2(m) is odd, then radix-4 stages. */
  private complexForward(zr: Float64Array, zi: Float64Array): void {
    const m = this.m;
    let size: number;
    if (this.oddLog) {
      for (let i = 0; i < m; i += 2) {
        const ar = zr[i]!, ai = zi[i]!, br = zr[i + 1]!, bi = zi[i + 1]!;
        zr[i] = ar + br;
        zi[i] = ai + bi;
        zr[i + 1] = ar - br;
        zi[i + 1] = ai - bi;
      }
      size = 2;
    } else {
      // first radix-4 stage: all twiddles are 1
      for (let i = 0; i < m; i += 4) {
        const ar = zr[i]!, ai = zi[i]!, cr = zr[i + 1]!, ci = zi[i + 1]!;
        const br = zr[i + 2]!, bi = zi[i + 2]!, dr = zr[i + 3]!, di = zi[i + 3]!;
        const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
        const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
        zr[i] = t0r + t2r;
        zi[i] = t0i + t2i;
        zr[i + 2] = t0r - t2r;
        zi[i + 2] = t0i - t2i;
        zr[i + 1] = t1r + t3i;
        zi[i + 1] = t1i - t3r;
        zr[i + 3] = t1r - t3i;
        zi[i + 3] = t1i + t3r;
      }
      size = 4;
    }
    let s = this.oddLog ? 0 : 1;
    for (let L = size * 4; L <= m; L *= 4, s++) {
      const q = L >> 2;
      const tw = this.stageTw[s]!;
      for (let start = 0; start < m; start += L) {
        for (let k = 0; k < q; k++) {
          const o = 6 * k;
          const w1r = tw[o]!, w1i = tw[o + 1]!, w2r = tw[o + 2]!, w2i = tw[o + 3]!, w3r = tw[o + 4]!, w3i = tw[o + 5]!;
          const p0 = start + k;
          const p1 = p0 + q; // holds the DFT of x[4n+2]
          const p2 = p1 + q; // holds the DFT of x[4n+1]
          const p3 = p2 + q;
          const ar = zr[p0]!, ai = zi[p0]!;
          const cr0 = zr[p1]!, ci0 = zi[p1]!;
          const br0 = zr[p2]!, bi0 = zi[p2]!;
          const dr0 = zr[p3]!, di0 = zi[p3]!;
          const br = br0 * w1r - bi0 * w1i, bi = br0 * w1i + bi0 * w1r;
          const cr = cr0 * w2r - ci0 * w2i, ci = cr0 * w2i + ci0 * w2r;
          const dr = dr0 * w3r - di0 * w3i, di = dr0 * w3i + di0 * w3r;
          const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
          const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
          zr[p0] = t0r + t2r;
          zi[p0] = t0i + t2i;
          zr[p2] = t0r - t2r;
          zi[p2] = t0i - t2i;
          // -i·t3 = (t3i, -t3r)
          zr[p1] = t1r + t3i;
          zi[p1] = t1i - t3r;
          zr[p3] = t1r - t3i;
          zi[p3] = t1i + t3r;
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
    const half = m >> 1;
    for (let k = 1; k <= half; k++) {
      const a = zr[k]!, b = zi[k]!, c = zr[m - k]!, d = zi[m - k]!;
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const w1 = wr[k]!, w2 = wi[k]!;
      const P = or * w1 - oi * w2;
      const Q = or * w2 + oi * w1;
      outRe[k] = er + P;
      outIm[k] = ei + Q;
      // bin m - k from the same inputs (W^(m-k) = -conj(W^k))
      if (k !== m - k) {
        outRe[m - k] = er - P;
        outIm[m - k] = Q - ei;
      }
    }
  }

  /**
   * |rfft(win · x[off..off+n))| straight into out[outOff..outOff+n/2]: windowing is fused into the
   * input gather and the magnitude into the final butterfly pass. The real and imaginary parts are
   * rounded to float32 before the magnitude, as librosa's complex64 STFT stores them.
   */
  magnitudes(x: Float32Array | Float64Array, off: number, win: Float64Array, out: Float32Array, outOff: number): void {
    const m = this.m;
    const zr = this.zr;
    const zi = this.zi;
    const rev = this.rev;
    for (let j = 0; j < m; j++) {
      const r = rev[j]!;
      zr[r] = win[2 * j]! * x[off + 2 * j]!;
      zi[r] = win[2 * j + 1]! * x[off + 2 * j + 1]!;
    }
    this.complexForward(zr, zi);
    const wr = this.wr;
    const wi = this.wi;
    out[outOff] = Math.abs(Math.fround(zr[0]! + zi[0]!));
    out[outOff + m] = Math.abs(Math.fround(zr[0]! - zi[0]!));
    // bins k and m - k share their inputs: X[k] = (er + P, ei + Q), X[m-k] = (er - P, Q - ei)
    const half = m >> 1;
    for (let k = 1; k <= half; k++) {
      const a = zr[k]!, b = zi[k]!, c = zr[m - k]!, d = zi[m - k]!;
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const w1 = wr[k]!, w2 = wi[k]!;
      const P = or * w1 - oi * w2;
      const Q = or * w2 + oi * w1;
      const re = Math.fround(er + P);
      const im = Math.fround(ei + Q);
      out[outOff + k] = Math.sqrt(re * re + im * im);
      if (k !== m - k) {
        const re2 = Math.fround(er - P);
        const im2 = Math.fround(Q - ei);
        out[outOff + m - k] = Math.sqrt(re2 * re2 + im2 * im2);
      }
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
