/**
 * Tiny, dependency-free descriptors used by the demo tests to check that the synthetic styles are
 * acoustically distinct: frame RMS, zero-crossing rate, spectral centroid, flatness and flux.
 */

const FFT_N = 1024;
const COS = Float64Array.from({ length: FFT_N / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / FFT_N));
const SIN = Float64Array.from({ length: FFT_N / 2 }, (_, k) => Math.sin((2 * Math.PI * k) / FFT_N));

/** In-place iterative radix-2 FFT of (re, im), length FFT_N. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len / 2;
    const step = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = COS[k * step]!;
        const wi = -SIN[k * step]!;
        const a = i + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
      }
    }
  }
}

export interface StyleStats {
  rmsDb: number; // mean frame RMS in dBFS
  rmsVar: number; // coefficient of variation of frame RMS
  zcr: number; // zero crossings per sample
  centroidHz: number; // mean spectral centroid
  flatness: number; // mean spectral flatness (0 tonal .. 1 white noise)
  flux: number; // mean positive spectral flux of the log spectrum per frame
}

/** Descriptors of a mono signal over frames of 1024 samples, hop 512. */
export function styleStats(x: Float32Array, sr: number): StyleStats {
  const N = FFT_N;
  const hop = 512;
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const prev = new Float64Array(N / 2 + 1);
  const win = Float64Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
  let frames = 0;
  let rmsSum = 0;
  let rmsSq = 0;
  let rmsDbSum = 0;
  let zc = 0;
  let cent = 0;
  let flat = 0;
  let flux = 0;
  for (let s = 0; s + N <= x.length; s += hop) {
    let e = 0;
    for (let i = 0; i < N; i++) {
      const v = x[s + i]!;
      e += v * v;
      re[i] = v * win[i]!;
      im[i] = 0;
      if (i > 0 && (x[s + i - 1]! >= 0) !== (v >= 0)) zc++;
    }
    const rms = Math.sqrt(e / N);
    rmsSum += rms;
    rmsSq += rms * rms;
    rmsDbSum += 20 * Math.log10(rms + 1e-9);
    fft(re, im);
    let p = 0;
    let pf = 0;
    let logSum = 0;
    let fl = 0;
    for (let k = 0; k <= N / 2; k++) {
      const pw = re[k]! * re[k]! + im[k]! * im[k]! + 1e-12;
      p += pw;
      pf += pw * ((k * sr) / N);
      logSum += Math.log(pw);
      const lg = Math.log(pw);
      if (frames > 0 && lg > prev[k]!) fl += lg - prev[k]!;
      prev[k] = lg;
    }
    cent += pf / p;
    flat += Math.exp(logSum / (N / 2 + 1)) / (p / (N / 2 + 1));
    flux += fl / (N / 2 + 1);
    frames++;
  }
  const mean = rmsSum / frames;
  return {
    rmsDb: rmsDbSum / frames,
    rmsVar: Math.sqrt(Math.max(0, rmsSq / frames - mean * mean)) / (mean + 1e-12),
    zcr: zc / (frames * (N - 1)),
    centroidHz: cent / frames,
    flatness: flat / frames,
    flux: flux / Math.max(1, frames - 1),
  };
}
