// Measurement helpers for the audio tests: a power spectrum with a low-sidelobe window.

const windows = new Map<number, Float64Array>();

/** Kaiser β = 20 window of length n: sidelobes near -190 dB, so leakage cannot mask a -90 dB floor. */
function kaiserWindow(n: number): Float64Array {
  let w = windows.get(n);
  if (w) return w;
  const i0 = (v: number) => {
    let s = 1;
    let t = 1;
    for (let k = 1; k < 100; k++) {
      t *= (v * v) / 4 / (k * k);
      s += t;
    }
    return s;
  };
  const beta = 20;
  const i0b = i0(beta);
  w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = (2 * i) / (n - 1) - 1;
    w[i] = i0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
  }
  windows.set(n, w);
  return w;
}

/** Power spectrum |X_k|² (k = 0..n/2) of x (length a power of two), after a Kaiser β=20 window. */
export function powerSpectrum(x: Float32Array | Float64Array): Float64Array {
  const n = x.length;
  if ((n & (n - 1)) !== 0) throw new Error('length must be a power of two');
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const w = kaiserWindow(n);
  for (let i = 0; i < n; i++) re[i] = x[i] * w[i];
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const ar = re[i + k + len / 2];
        const ai = im[i + k + len / 2];
        const tr = ar * wr - ai * wi;
        const ti = ar * wi + ai * wr;
        re[i + k + len / 2] = re[i + k] - tr;
        im[i + k + len / 2] = im[i + k] - ti;
        re[i + k] += tr;
        im[i + k] += ti;
      }
    }
  }
  const p = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) p[k] = re[k] * re[k] + im[k] * im[k];
  return p;
}

/** Energy outside ±`halfWidth` bins of `freq` relative to the energy inside, in dB. */
export function leakageDb(p: Float64Array, freq: number, rate: number, halfWidth: number): number {
  const n = (p.length - 1) * 2;
  const k0 = Math.round((freq * n) / rate);
  let inside = 0;
  let outside = 0;
  for (let k = 0; k < p.length; k++) {
    if (Math.abs(k - k0) <= halfWidth) inside += p[k];
    else outside += p[k];
  }
  return 10 * Math.log10(outside / inside);
}

/** Root mean square. */
export function rms(x: Float32Array | Float64Array, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += x[i] * x[i];
  return Math.sqrt(e / (to - from));
}

/**
 * Mean magnitude spectrum in `nBands` equal-width bands (dB), averaged over 4096-sample frames
 * hopping by 4096, for comparing two decodes of the same file.
 */
export function bandLevelsDb(x: Float32Array, nBands: number): number[] {
  const n = 4096;
  const acc = new Float64Array(nBands);
  let frames = 0;
  for (let s = 0; s + n <= x.length; s += n) {
    const p = powerSpectrum(x.subarray(s, s + n));
    const per = (p.length - 1) / nBands;
    for (let b = 0; b < nBands; b++) {
      for (let k = Math.floor(b * per); k < Math.floor((b + 1) * per); k++) acc[b] += p[k];
    }
    frames++;
  }
  return Array.from(acc, (v) => 10 * Math.log10(v / frames + 1e-30));
}
