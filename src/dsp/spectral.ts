import { fftFrequencies } from './mel.js';
import { wasmCentroidBandwidth, wasmContrastMeans, wasmCrossingsAt, wasmFlatnessParts } from './spectral-wasm.js';
import { DspError, type Spectrogram } from './types.js';

const TINY32 = 1.1754943508222875e-38;
const AMIN32 = Math.fround(1e-10);

function freqsFor(S: Spectrogram, sr: number): Float64Array {
  return fftFrequencies(sr, 2 * (S.nBins - 1));
}

/** Spectral centroid per frame in Hz (librosa.feature.spectral_centroid on a magnitude spectrogram). */
export function spectralCentroid(S: Spectrogram, sr = 22050): Float64Array {
  return spectralCentroidBandwidth(S, sr, false).centroid;
}

/** Σ d[o .. o+n) in float64 with four interleaved partial sums (a single running sum is latency bound). */
function frameSum(d: Float32Array, o: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += d[o + k]!;
    s1 += d[o + k + 1]!;
    s2 += d[o + k + 2]!;
    s3 += d[o + k + 3]!;
  }
  for (; k < n; k++) s0 += d[o + k]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * Spectral centroid and bandwidth (p = 2) per frame in Hz in one pass over each normalised frame
 * (each frame normalised to float32, as librosa). The bandwidth comes from the moments:
 * Σ ŝ(f − c)² = Σ ŝf² − c²(2 − Σ ŝ) with c = Σ ŝf, which loses about log10((c/bandwidth)²) of
 * float64's 16 digits (6 for a bandwidth of 1 Hz at 1 kHz) — far below float32 input precision.
 * Sums use interleaved partial sums (a single running sum is latency bound): a different order than
 * a plain loop (numpy's pairwise sum differs from both), rounding at the 1e-16 level.
 * Without `withBandwidth` the bandwidth array is left empty. The WASM kernel performs the same
 * operations in the same order (same values); `kernel: 'js'` runs this JavaScript reference.
 */
export function spectralCentroidBandwidth(
  S: Spectrogram,
  sr = 22050,
  withBandwidth = true,
  kernel: 'wasm' | 'js' = 'wasm',
): { centroid: Float64Array; bandwidth: Float64Array } {
  const f = freqsFor(S, sr);
  const f2 = f.map((x) => x * x);
  const nB = S.nBins;
  if (kernel === 'wasm') {
    const w = wasmCentroidBandwidth(S.data, nB, S.nFrames, f, f2, withBandwidth);
    if (w) return w;
  }
  const centroid = new Float64Array(S.nFrames);
  const bandwidth = new Float64Array(withBandwidth ? S.nFrames : 0);
  const d = S.data;
  for (let t = 0; t < S.nFrames; t++) {
    const o = t * nB;
    const sum = frameSum(d, o, nB);
    const inv = 1 / (sum < TINY32 ? 1 : sum);
    let a0 = 0;
    let a1 = 0;
    let q0 = 0;
    let q1 = 0;
    let n0 = 0;
    let n1 = 0;
    let k = 0;
    for (; k + 2 <= nB; k += 2) {
      const v0 = Math.fround(d[o + k]! * inv);
      const v1 = Math.fround(d[o + k + 1]! * inv);
      a0 += f[k]! * v0;
      a1 += f[k + 1]! * v1;
      q0 += f2[k]! * v0;
      q1 += f2[k + 1]! * v1;
      n0 += v0;
      n1 += v1;
    }
    for (; k < nB; k++) {
      const v = Math.fround(d[o + k]! * inv);
      a0 += f[k]! * v;
      q0 += f2[k]! * v;
      n0 += v;
    }
    const c = a0 + a1;
    centroid[t] = c;
    if (withBandwidth) bandwidth[t] = Math.sqrt(Math.max(0, q0 + q1 - c * c * (2 - (n0 + n1))));
  }
  return { centroid, bandwidth };
}

/** Spectral bandwidth per frame in Hz (librosa.feature.spectral_bandwidth, p = 2, normalised S): (Σ ŝ_k |f_k − centroid|^p)^(1/p). */
export function spectralBandwidth(S: Spectrogram, sr = 22050, p = 2, centroid?: Float64Array): Float64Array {
  if (p === 2 && centroid === undefined) return spectralCentroidBandwidth(S, sr).bandwidth;
  const f = freqsFor(S, sr);
  const c = centroid ?? spectralCentroid(S, sr);
  const nB = S.nBins;
  const out = new Float64Array(S.nFrames);
  const d = S.data;
  for (let t = 0; t < S.nFrames; t++) {
    const o = t * nB;
    const sum = frameSum(d, o, nB);
    const len = sum < TINY32 ? 1 : sum;
    const inv = 1 / len;
    const ct = c[t]!;
    let acc = 0;
    if (p === 2) {
      for (let k = 0; k < nB; k++) {
        const dev = f[k]! - ct;
        acc += Math.fround(d[o + k]! * inv) * dev * dev;
      }
      out[t] = Math.sqrt(acc);
    } else {
      for (let k = 0; k < nB; k++) acc += Math.fround(d[o + k]! / len) * Math.abs(f[k]! - ct) ** p;
      out[t] = acc ** (1 / p);
    }
  }
  return out;
}

/**
 * Roll-off frequency per frame in Hz (librosa.feature.spectral_rolloff): the lowest bin centre where
 * the cumulative magnitude reaches rollPercent of the frame's total. librosa accumulates in float32;
 * we do too, because the chosen bin can flip on the last bit.
 */
export function spectralRolloff(S: Spectrogram, sr = 22050, rollPercent = 0.85): Float64Array {
  if (!(rollPercent > 0 && rollPercent < 1)) throw new DspError(`roll_percent=${rollPercent} must lie in (0, 1)`);
  const f = freqsFor(S, sr);
  const nB = S.nBins;
  const out = new Float64Array(S.nFrames);
  const d = S.data;
  const cum = new Float32Array(nB);
  for (let t = 0; t < S.nFrames; t++) {
    const o = t * nB;
    let acc = 0;
    for (let k = 0; k < nB; k++) {
      acc = Math.fround(acc + d[o + k]!);
      cum[k] = acc;
    }
    const thr = Math.fround(rollPercent * acc);
    let k = 0;
    while (k < nB && cum[k]! < thr) k++;
    out[t] = k < nB ? f[k]! : Number.NaN;
  }
  return out;
}

/** `spectralRolloff` for several roll percents in one pass over each frame (one float32 cumulative sum); results in the order given. */
export function spectralRolloffMulti(S: Spectrogram, sr: number, rollPercents: number[]): Float64Array[] {
  for (const r of rollPercents) if (!(r > 0 && r < 1)) throw new DspError(`roll_percent=${r} must lie in (0, 1)`);
  const f = freqsFor(S, sr);
  const nB = S.nBins;
  const order = rollPercents.map((r, i) => [r, i] as const).sort((x, y) => x[0] - y[0]);
  const outs = rollPercents.map(() => new Float64Array(S.nFrames));
  const d = S.data;
  const nF = S.nFrames;
  // Four frames' sums side by side: each is still one float32 running sum in bin order, but the
  // four chains of add-and-round overlap in the CPU instead of waiting on each other.
  const cum = new Float32Array(4 * nB);
  const totals = new Float64Array(4);
  const thr = new Float64Array(order.length);
  for (let t0 = 0; t0 < nF; t0 += 4) {
    const m = Math.min(4, nF - t0);
    if (m === 4) {
      const o0 = t0 * nB;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = 0; k < nB; k++) {
        a0 = Math.fround(a0 + d[o0 + k]!);
        a1 = Math.fround(a1 + d[o0 + nB + k]!);
        a2 = Math.fround(a2 + d[o0 + 2 * nB + k]!);
        a3 = Math.fround(a3 + d[o0 + 3 * nB + k]!);
        cum[k] = a0;
        cum[nB + k] = a1;
        cum[2 * nB + k] = a2;
        cum[3 * nB + k] = a3;
      }
      totals[0] = a0;
      totals[1] = a1;
      totals[2] = a2;
      totals[3] = a3;
    } else {
      for (let q = 0; q < m; q++) {
        const o = (t0 + q) * nB;
        let acc = 0;
        for (let k = 0; k < nB; k++) {
          acc = Math.fround(acc + d[o + k]!);
          cum[q * nB + k] = acc;
        }
        totals[q] = acc;
      }
    }
    for (let q = 0; q < m; q++) {
      const c = q * nB;
      for (let j = 0; j < order.length; j++) thr[j] = Math.fround(order[j]![0] * totals[q]!);
      // thresholds ascend, so one walk over the bins finds every crossing
      let k = 0;
      for (let j = 0; j < order.length; j++) {
        while (k < nB && cum[c + k]! < thr[j]!) k++;
        outs[order[j]![1]]![t0 + q] = k < nB ? f[k]! : Number.NaN;
      }
    }
  }
  return outs;
}

/** Spectral flatness per frame (librosa.feature.spectral_flatness, power 2, amin 1e-10): geometric over arithmetic mean of max(amin, S²), unitless in [0, 1]. */
export function spectralFlatness(S: Spectrogram, power = 2, amin = 1e-10, kernel: 'wasm' | 'js' = 'wasm'): Float64Array {
  const nB = S.nBins;
  const out = new Float64Array(S.nFrames);
  const d = S.data;
  const a = Math.fround(amin);
  // the kernel does the per-value work with the same operations; the logarithm stays here
  const parts = power === 2 && kernel === 'wasm' ? wasmFlatnessParts(d, nB, S.nFrames, a) : undefined;
  if (parts) {
    for (let t = 0; t < S.nFrames; t++) {
      const sl = Math.log(parts[3 * t + 1]!) + parts[3 * t + 2]! * Math.LN2;
      out[t] = Math.exp(sl / nB) / (parts[3 * t]! / nB);
    }
    return out;
  }
  // the log of each frame's product comes from its binary exponent (kept in an integer, the
  // mantissa renormalised to [1, 2) every 16 values) and one final log: no log per chunk.
  // 16 values in [1e-10, 1e6] keep a product started in [1, 2) within float64's normal range.
  const box = new Float64Array(1);
  const hiWord = new Int32Array(box.buffer);
  const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  for (let t = 0; t < S.nFrames; t++) {
    const o = t * nB;
    let sa = 0;
    let prod = 1;
    let e2 = 0;
    let k = 0;
    while (k < nB) {
      const stop = Math.min(nB, k + 16);
      if (power === 2 && stop - k === 16) {
        // two interleaved sums and products (a single chain is latency bound)
        let sb = 0;
        let pb = 1;
        for (; k < stop; k += 2) {
          const x = d[o + k]!;
          const x1 = d[o + k + 1]!;
          let v = Math.fround(x * x);
          let v1 = Math.fround(x1 * x1);
          if (v < a) v = a;
          if (v1 < a) v1 = a;
          sa += v;
          sb += v1;
          prod *= v;
          pb *= v1;
        }
        sa += sb;
        prod *= pb;
      } else if (power === 2) {
        for (; k < stop; k++) {
          const x = d[o + k]!;
          let v = Math.fround(x * x);
          if (v < a) v = a;
          sa += v;
          prod *= v;
        }
      } else {
        for (; k < stop; k++) {
          let v = Math.fround(d[o + k]! ** power);
          if (v < a) v = a;
          sa += v;
          prod *= v;
        }
      }
      box[0] = prod;
      const hi = hiWord[HI]!;
      e2 += ((hi >>> 20) & 0x7ff) - 1023;
      hiWord[HI] = (hi & 0x800fffff) | 0x3ff00000;
      prod = box[0]!;
    }
    const sl = Math.log(prod) + e2 * Math.LN2;
    out[t] = Math.exp(sl / nB) / (sa / nB);
  }
  return out;
}

/** Options of spectral contrast; defaults mirror librosa (fmin 200 Hz, 6 bands, quantile 0.02). */
export interface ContrastOptions {
  sr?: number;
  fmin?: number;
  nBands?: number;
  quantile?: number;
  /** 'js' skips the WASM kernel (for tests; same values). */
  kernel?: 'wasm' | 'js';
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Spectral contrast in dB (librosa.feature.spectral_contrast on a magnitude spectrogram): per octave
 * band, power_to_db(mean of the top quantile) − power_to_db(mean of the bottom quantile); nBands + 1
 * rows per frame, frame-major. The 80 dB floor applies over the whole peak (valley) matrix, as librosa's.
 */
export function spectralContrast(S: Spectrogram, opts: ContrastOptions = {}): Spectrogram {
  const sr = opts.sr ?? 22050;
  const fmin = opts.fmin ?? 200;
  const nBands = opts.nBands ?? 6;
  const quantile = opts.quantile ?? 0.02;
  if (!(quantile > 0 && quantile < 1)) throw new DspError('quantile must lie in (0, 1)');
  if (fmin <= 0) throw new DspError('fmin must be positive');
  const f = freqsFor(S, sr);
  const nB = S.nBins;
  const octa = new Float64Array(nBands + 2);
  for (let i = 1; i < nBands + 2; i++) octa[i] = fmin * 2 ** (i - 1);
  for (let i = 0; i < nBands + 1; i++) {
    if (octa[i]! >= 0.5 * sr) throw new DspError('frequency band exceeds Nyquist: reduce fmin or n_bands');
  }
  // band k covers bins [lo[k], hi[k]) after librosa's extension and trimming rules
  const lo = new Int32Array(nBands + 1);
  const hi = new Int32Array(nBands + 1);
  const q = new Int32Array(nBands + 1);
  for (let k = 0; k <= nBands; k++) {
    let first = -1;
    let last = -1;
    for (let i = 0; i < nB; i++) {
      if (f[i]! >= octa[k]! && f[i]! <= octa[k + 1]!) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) throw new DspError(`spectral contrast band ${k} holds no FFT bin`);
    let start = first;
    let end = last + 1;
    if (k > 0) start = first - 1;
    if (k === nBands) end = nB;
    const count = end - start;
    q[k] = Math.max(1, roundHalfEven(quantile * count));
    if (k < nBands) end -= 1;
    lo[k] = start;
    hi[k] = end;
  }
  const nR = nBands + 1;
  const nF = S.nFrames;
  const means = (opts.kernel !== 'js' && wasmContrastMeans(S.data, nB, nF, lo, hi, q)) || contrastMeansJs(S, lo, hi, q);
  const peak = means.peak;
  const valley = means.valley;
  const dbP = dbFloat64(peak);
  const dbV = dbFloat64(valley);
  const out = new Float32Array(nF * nR);
  for (let i = 0; i < out.length; i++) out[i] = dbP[i]! - dbV[i]!;
  return { nBins: nR, nFrames: nF, data: out };
}

/** Spectral contrast's per-band valley and peak means in JavaScript (the WASM kernel's reference). */
function contrastMeansJs(S: Spectrogram, lo: Int32Array, hi: Int32Array, q: Int32Array): { peak: Float64Array; valley: Float64Array } {
  const nB = S.nBins;
  const nR = lo.length;
  const nF = S.nFrames;
  const peak = new Float64Array(nF * nR);
  const valley = new Float64Array(nF * nR);
  const d = S.data;
  let qMax = 1;
  for (let k = 0; k < nR; k++) qMax = Math.max(qMax, q[k]!);
  // the q smallest and q largest of each band, kept sorted by insertion (q is a few values)
  const lowBuf = new Float32Array(qMax);
  const highBuf = new Float32Array(qMax);
  for (let t = 0; t < nF; t++) {
    const o = t * nB;
    for (let k = 0; k < nR; k++) {
      // np.mean over sortedr[:idx] averages fewer values when the band is shorter than idx
      const n = Math.min(q[k]!, hi[k]! - lo[k]!);
      let nl = 0;
      let nh = 0;
      // fill both buffers with the first n values, then only values beyond the current n-th
      // smallest (largest) enter; the bounds live in locals
      const i0 = o + lo[k]!;
      const i1 = o + hi[k]!;
      for (let i = i0; i < i0 + n; i++) {
        const v = d[i]!;
        let j = nl++;
        while (j > 0 && lowBuf[j - 1]! > v) {
          lowBuf[j] = lowBuf[j - 1]!;
          j--;
        }
        lowBuf[j] = v;
        j = nh++;
        while (j > 0 && highBuf[j - 1]! < v) {
          highBuf[j] = highBuf[j - 1]!;
          j--;
        }
        highBuf[j] = v;
      }
      let lowMax = lowBuf[n - 1]!;
      let highMin = highBuf[n - 1]!;
      for (let i = i0 + n; i < i1; i++) {
        const v = d[i]!;
        if (v < lowMax) {
          let j = n - 1;
          while (j > 0 && lowBuf[j - 1]! > v) {
            lowBuf[j] = lowBuf[j - 1]!;
            j--;
          }
          lowBuf[j] = v;
          lowMax = lowBuf[n - 1]!;
        }
        if (v > highMin) {
          let j = n - 1;
          while (j > 0 && highBuf[j - 1]! < v) {
            highBuf[j] = highBuf[j - 1]!;
            j--;
          }
          highBuf[j] = v;
          highMin = highBuf[n - 1]!;
        }
      }
      // sum in ascending order, as np.mean over the sorted slice does
      let sv = 0;
      let sp = 0;
      for (let i = 0; i < n; i++) {
        sv += lowBuf[i]!;
        sp += highBuf[n - 1 - i]!;
      }
      // np.mean of float32 values returns float32
      valley[t * nR + k] = Math.fround(sv / n);
      peak[t * nR + k] = Math.fround(sp / n);
    }
  }
  return { peak, valley };
}

/** power_to_db on float64 values (ref 1, amin 1e-10, top_db 80 over the array). */
function dbFloat64(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    out[i] = 10 * Math.log10(Math.max(1e-10, x[i]!));
    if (out[i]! > max) max = out[i]!;
  }
  const floor = max - 80;
  for (let i = 0; i < x.length; i++) if (out[i]! < floor) out[i] = floor;
  return out;
}

/** RMS per frame from a magnitude spectrogram (librosa.feature.rms(S=...)), same unit as the signal; frameLength is n_fft. */
export function rmsFromSpectrogram(S: Spectrogram, frameLength = 2 * (S.nBins - 1)): Float64Array {
  const nB = S.nBins;
  if (nB !== Math.floor(frameLength / 2) + 1) throw new DspError(`rms: ${nB} bins do not match frame_length=${frameLength}`);
  const out = new Float64Array(S.nFrames);
  const d = S.data;
  const even = frameLength % 2 === 0;
  for (let t = 0; t < S.nFrames; t++) {
    const o = t * nB;
    let acc = 0;
    for (let k = 0; k < nB; k++) acc += Math.fround(d[o + k]! * d[o + k]!);
    const x0 = Math.fround(d[o]! * d[o]!);
    acc -= 0.5 * x0;
    if (even) {
      const xl = Math.fround(d[o + nB - 1]! * d[o + nB - 1]!);
      acc -= 0.5 * xl;
    }
    out[t] = Math.sqrt((2 * acc) / (frameLength * frameLength));
  }
  return out;
}

/** RMS per frame of the signal (librosa.feature.rms(y=...), centred frames with zero padding), same unit as y. */
export function rms(y: Float32Array, frameLength = 2048, hopLength = 512, center = true): Float64Array {
  const pad = center ? frameLength >> 1 : 0;
  const nPadded = y.length + 2 * pad;
  if (nPadded < frameLength) throw new DspError(`signal of ${y.length} samples is shorter than frame_length=${frameLength}`);
  const nFrames = 1 + Math.floor((nPadded - frameLength) / hopLength);
  // running float64 sum of float32 squares over the zero-padded signal, read at every frame's start
  // and end (both ascend with t): the same sums as a prefix-sum array, without storing one per sample
  const n = y.length;
  const atStart = new Float64Array(nFrames);
  const atEnd = new Float64Array(nFrames);
  let acc = 0;
  let j = 0;
  let a = 0;
  let b = 0;
  while (b < nFrames) {
    const ia = a < nFrames ? a * hopLength : Number.POSITIVE_INFINITY;
    const ib = b * hopLength + frameLength;
    const i = Math.min(ia, ib);
    const c = Math.min(n, Math.max(0, i - pad));
    for (; j < c; j++) {
      const v = y[j]!;
      acc += Math.fround(v * v);
    }
    if (ia <= ib) atStart[a++] = acc;
    else atEnd[b++] = acc;
  }
  const out = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) out[t] = Math.sqrt(Math.max(0, atEnd[t]! - atStart[t]!) / frameLength);
  return out;
}

/**
 * Zero-crossing rate per frame (librosa.feature.zero_crossing_rate): fraction of sign changes in each
 * centred frame; librosa pads with the edge value here (not zeros), treats |x| <= 1e-10 as 0 and 0 as positive.
 */
export function zeroCrossingRate(
  y: Float32Array,
  frameLength = 2048,
  hopLength = 512,
  center = true,
  threshold = 1e-10,
  kernel: 'wasm' | 'js' = 'wasm',
): Float64Array {
  const n = y.length;
  if (n === 0) throw new DspError('zero_crossing_rate: empty signal');
  const pad = center ? frameLength >> 1 : 0;
  const nPadded = n + 2 * pad;
  if (nPadded < frameLength) throw new DspError(`signal of ${n} samples is shorter than frame_length=${frameLength}`);
  const nFrames = 1 + Math.floor((nPadded - frameLength) / hopLength);
  // Edge padding repeats y[0] and y[n-1], which adds no crossing: only positions inside y count.
  // cs(j) = crossings at y positions 1..j-1 (a crossing at j compares y[j] with y[j-1]), read only
  // at each frame's first and last+1 position (both ascend with t) instead of stored per sample.
  const thr = -threshold;
  const firstAt = new Int32Array(nFrames);
  const endAt = new Int32Array(nFrames);
  const atFirst = new Int32Array(nFrames);
  const atEnd = new Int32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    // frame covers padded [s, s + L); its first sample never counts (librosa's pad=False)
    const s = t * hopLength - pad;
    firstAt[t] = Math.min(n, Math.max(1, s + 1));
    endAt[t] = Math.max(1, Math.min(n, s + frameLength));
  }
  // the kernel counts at both position lists merged in ascending order (integer counts: the same
  // whatever the order of summation)
  const merged = new Int32Array(2 * nFrames);
  for (let a = 0, b = 0, i = 0; i < 2 * nFrames; i++) merged[i] = b >= nFrames || (a < nFrames && firstAt[a]! <= endAt[b]!) ? firstAt[a++]! : endAt[b++]!;
  const counts = kernel === 'wasm' ? wasmCrossingsAt(y, f32AtLeast(thr), merged) : undefined;
  if (counts) {
    for (let a = 0, b = 0, i = 0; i < 2 * nFrames; i++) {
      if (b >= nFrames || (a < nFrames && firstAt[a]! <= endAt[b]!)) atFirst[a++] = counts[i]!;
      else atEnd[b++] = counts[i]!;
    }
  } else {
    let prev = y[0]! < thr ? 1 : 0;
    let acc = 0;
    let j = 1;
    let a = 0;
    let b = 0;
    while (b < nFrames) {
      const ia = a < nFrames ? firstAt[a]! : n + 1;
      const ib = endAt[b]!;
      const c = Math.min(ia, ib);
      for (; j < c; j++) {
        const cur = y[j]! < thr ? 1 : 0;
        acc += cur ^ prev;
        prev = cur;
      }
      if (ia <= ib) atFirst[a++] = acc;
      else atEnd[b++] = acc;
    }
  }
  const out = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const s = t * hopLength - pad;
    const first = Math.max(1, s + 1);
    const last = Math.min(n - 1, s + frameLength - 1);
    out[t] = last >= first ? (atEnd[t]! - atFirst[t]!) / frameLength : 0;
  }
  return out;
}

/** The smallest float32 at or above x: for every float32 v, v < x exactly when v < f32AtLeast(x). */
function f32AtLeast(x: number): number {
  const f = Math.fround(x);
  if (f >= x || Number.isNaN(f)) return f;
  const box = new Float32Array([f]);
  const bits = new Int32Array(box.buffer);
  // one step towards +∞: the magnitude grows for positive values and shrinks for negative ones
  if (f > 0) bits[0]!++;
  else if (f < 0) bits[0]!--;
  else bits[0] = 1;
  return box[0]!;
}

export { AMIN32, TINY32 };
