import { fftFrequencies } from './mel.js';
import { powerOf } from './stft.js';
import { TINY32 } from './spectral.js';
import { wasmFilterbanks, wasmPiptrackPeaks } from './spectral-wasm.js';
import type { Spectrogram } from './types.js';

const f32 = Math.fround;

/** Options of piptrack; defaults mirror librosa.piptrack (fmin 150 Hz, fmax 4 kHz, threshold 0.1 of each frame's max). */
export interface PiptrackOptions {
  sr?: number;
  fmin?: number;
  fmax?: number;
  threshold?: number;
  /** 'power' (what librosa's chroma passes, the default) or 'magnitude' (squared here, frame by frame, in float32). */
  input?: 'power' | 'magnitude';
}

/**
 * Pitch tracking by parabolic interpolation (librosa.piptrack) on a spectrogram (librosa's chroma
 * passes the power spectrogram). Returns the detected (frequency Hz, magnitude) pairs, in float32
 * with librosa's float32/float64 mix reproduced so that the tuning histogram sees the same values.
 */
export function piptrack(S: Spectrogram, opts: PiptrackOptions = {}): { pitches: Float32Array; mags: Float32Array } {
  const r = piptrackRange(S, opts);
  const w = wasmPiptrackPeaks(S.data, S.nBins, S.nFrames, r.kLo, r.kHi, r.threshold, opts.input === 'magnitude', r.sr, 2 * (S.nBins - 1));
  return w ?? piptrackJs(S, opts);
}

/** The bins piptrack searches (fmin ≤ f < fmax) and the resolved options. */
function piptrackRange(S: Spectrogram, opts: PiptrackOptions): { sr: number; threshold: number; kLo: number; kHi: number } {
  const sr = opts.sr ?? 22050;
  const fmin = Math.max(opts.fmin ?? 150, 0);
  const fmax = Math.min(opts.fmax ?? 4000, sr / 2);
  const freqs = fftFrequencies(sr, 2 * (S.nBins - 1));
  let kLo = 0;
  while (kLo < S.nBins && !(freqs[kLo]! >= fmin)) kLo++;
  let kHi = kLo;
  while (kHi < S.nBins && freqs[kHi]! < fmax) kHi++;
  return { sr, threshold: opts.threshold ?? 0.1, kLo, kHi };
}

/** `piptrack` in plain JavaScript; the reference for the WASM kernel (same values, same order). */
export function piptrackJs(S: Spectrogram, opts: PiptrackOptions = {}): { pitches: Float32Array; mags: Float32Array } {
  const sr = opts.sr ?? 22050;
  const fmin = Math.max(opts.fmin ?? 150, 0);
  const fmax = Math.min(opts.fmax ?? 4000, sr / 2);
  const threshold = opts.threshold ?? 0.1;
  const nB = S.nBins;
  const nFft = 2 * (nB - 1);
  const freqs = fftFrequencies(sr, nFft);
  let kLo = 0;
  while (kLo < nB && !(freqs[kLo]! >= fmin)) kLo++;
  let kHi = kLo;
  while (kHi < nB && freqs[kHi]! < fmax) kHi++;
  // peaks go straight into float32 arrays, doubled when full
  let pitches = new Float32Array(1024);
  let mags = new Float32Array(1024);
  let nPeaks = 0;
  const src = S.data;
  const square = opts.input === 'magnitude';
  const d = new Float32Array(nB); // this frame's power
  const o = 0; // d holds one frame
  const thr = new Float32Array(nB);
  // only bins kLo-1 .. kHi are read below; the frame maximum needs every bin
  const a0 = Math.max(0, kLo - 1);
  const a1 = Math.min(nB, kHi + 1);
  for (let t = 0; t < S.nFrames; t++) {
    const so = t * nB;
    // four running maxima: one compare chain per lane instead of one for the whole frame
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let k4 = 0;
    for (; k4 + 4 <= nB; k4 += 4) {
      const v0 = src[so + k4]!;
      const v1 = src[so + k4 + 1]!;
      const v2 = src[so + k4 + 2]!;
      const v3 = src[so + k4 + 3]!;
      if (v0 > m0) m0 = v0;
      if (v1 > m1) m1 = v1;
      if (v2 > m2) m2 = v2;
      if (v3 > m3) m3 = v3;
    }
    for (; k4 < nB; k4++) if (src[so + k4]! > m0) m0 = src[so + k4]!;
    let mx = Math.max(m0, m1, m2, m3);
    // squaring is monotone and rounds the same way, so max(S²) = (max S)² in float32
    if (square) mx = f32(mx * mx);
    const ref = f32(threshold * mx);
    if (square) {
      for (let k = a0; k < a1; k++) {
        const v = f32(src[so + k]! * src[so + k]!);
        d[k] = v;
        thr[k] = v > ref ? v : 0;
      }
    } else {
      for (let k = a0; k < a1; k++) {
        const v = src[so + k]!;
        d[k] = v;
        thr[k] = v > ref ? v : 0;
      }
    }
    for (let k = kLo; k < kHi; k++) {
      let isMax: boolean;
      if (k === 0) isMax = false; // numba's stencil yields 0 at the border
      else if (k === nB - 1) isMax = thr[k]! > thr[k - 1]!;
      else isMax = thr[k]! > thr[k - 1]! && thr[k]! >= thr[k + 1]!;
      if (!isMax) continue;
      let shift = 0;
      let avg: number;
      if (k > 0 && k < nB - 1) {
        const xm = d[o + k - 1]!, x0 = d[o + k]!, xp = d[o + k + 1]!;
        const a = f32(xp + xm) - 2 * x0;
        const b = f32(xp - xm) / 2;
        shift = Math.abs(b) >= Math.abs(a) ? 0 : f32(-b / a);
        avg = f32(f32(xp - xm) / 2);
      } else if (k === 0) {
        avg = f32(d[o + 1]! - d[o]!);
      } else {
        avg = f32(d[o + k]! - d[o + k - 1]!);
      }
      const dskew = f32(f32(0.5 * avg) * shift);
      if (nPeaks === pitches.length) {
        const p2 = new Float32Array(2 * nPeaks);
        p2.set(pitches);
        pitches = p2;
        const m2 = new Float32Array(2 * nPeaks);
        m2.set(mags);
        mags = m2;
      }
      pitches[nPeaks] = ((k + shift) * sr) / nFft;
      mags[nPeaks++] = d[o + k]! + dskew;
    }
  }
  return { pitches: pitches.slice(0, nPeaks), mags: mags.slice(0, nPeaks) };
}

/** Tuning offset in fractions of a bin, in [-0.5, 0.5) (librosa.pitch_tuning): the peak of the histogram of pitch residuals. */
export function pitchTuning(frequencies: ArrayLike<number>, resolution = 0.01, binsPerOctave = 12): number {
  const nEdges = Math.ceil(1 / resolution) + 1;
  const nBinsH = nEdges - 1;
  const step = 1 / nBinsH;
  const edges = new Float64Array(nEdges);
  for (let i = 0; i < nEdges; i++) edges[i] = i * step + -0.5;
  edges[nEdges - 1] = 0.5;
  const counts = new Int32Array(nBinsH);
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const fr = frequencies[i]!;
    if (!(fr > 0)) continue;
    any = true;
    // float32 arithmetic as numpy applies it to float32 pitches
    const oct = f32(Math.log2(f32(fr / 27.5)));
    let r = f32(f32(binsPerOctave * oct) % 1);
    if (r < 0) r = f32(r + 1);
    if (r >= 0.5) r = f32(r - 1);
    if (r < edges[0]! || r > edges[nEdges - 1]!) continue;
    let j = Math.min(nBinsH - 1, Math.max(0, Math.floor((r + 0.5) * nBinsH)));
    while (j > 0 && r < edges[j]!) j--;
    while (j < nBinsH - 1 && r >= edges[j + 1]!) j++;
    counts[j]!++;
  }
  if (!any) return 0;
  let best = 0;
  for (let j = 1; j < nBinsH; j++) if (counts[j]! > counts[best]!) best = j;
  return edges[best]!;
}

/** Tuning estimate (librosa.estimate_tuning with S given): piptrack, keep peaks at or above the median magnitude, histogram at `resolution`. Fractions of a bin. */
export function estimateTuning(S: Spectrogram, sr = 22050, resolution = 0.01, binsPerOctave = 12, input: 'power' | 'magnitude' = 'power'): number {
  const { pitches, mags } = piptrack(S, { sr, input });
  // only peaks with pitch > 0 take part in the median
  const pos = new Float32Array(pitches.length);
  let n = 0;
  for (let i = 0; i < pitches.length; i++) if (pitches[i]! > 0) pos[n++] = mags[i]!;
  let thr = 0;
  if (n > 0) {
    // numpy's median (float32): the middle value, or the float32 mean of the two middle values
    const hi = selectKth(pos, n, n >> 1);
    if (n % 2 === 1) thr = hi;
    else {
      // after selection every value below index n/2 is ≤ hi: the lower middle is their maximum
      let lo = -Infinity;
      for (let i = 0; i < n >> 1; i++) if (pos[i]! > lo) lo = pos[i]!;
      thr = f32(f32(lo + hi) / 2);
    }
  }
  const sel = new Float32Array(pitches.length);
  let m = 0;
  for (let i = 0; i < pitches.length; i++) if (pitches[i]! > 0 && mags[i]! >= thr) sel[m++] = pitches[i]!;
  return pitchTuning(sel.subarray(0, m), resolution, binsPerOctave);
}

/**
 * The k-th smallest of a[0 .. n) (0-based; NaN-free input), reordering a so that a[i] ≤ a[k] for
 * i < k and a[i] ≥ a[k] for i > k (Hoare partitioning, median-of-three pivots): the value a full
 * sort would put at index k, in linear expected time.
 */
function selectKth(a: Float32Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as pivot (guards against sorted input)
    let x = a[lo]!;
    let y = a[mid]!;
    let z = a[hi]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Options of the chroma filterbank; defaults mirror librosa.filters.chroma. */
export interface ChromaFilterOptions {
  sr?: number;
  nFft?: number;
  nChroma?: number;
  tuning?: number;
  ctroct?: number;
  octwidth?: number | null;
  baseC?: boolean;
}

/** The chroma filterbank (librosa.filters.chroma, L2-normalised columns, octave weighting centred at ctroct): nChroma × (n_fft/2+1), row-major float32. */
export function chromaFilterbank(opts: ChromaFilterOptions = {}): Float32Array {
  const sr = opts.sr ?? 22050;
  const nFft = opts.nFft ?? 2048;
  const nC = opts.nChroma ?? 12;
  const tuning = opts.tuning ?? 0;
  const ctroct = opts.ctroct ?? 5;
  const octwidth = opts.octwidth === undefined ? 2 : opts.octwidth;
  const baseC = opts.baseC ?? true;
  const a440 = 440 * 2 ** (tuning / nC);
  const step = sr / nFft;
  const frq = new Float64Array(nFft);
  for (let i = 1; i < nFft; i++) frq[i] = nC * Math.log2((i * step) / (a440 / 16));
  frq[0] = frq[1]! - 1.5 * nC;
  const bw = new Float64Array(nFft);
  for (let i = 0; i < nFft - 1; i++) bw[i] = Math.max(frq[i + 1]! - frq[i]!, 1);
  bw[nFft - 1] = 1;
  const half = Math.round(nC / 2);
  const nKeep = Math.floor(1 + nFft / 2);
  const w = new Float64Array(nC * nFft);
  for (let i = 0; i < nFft; i++) {
    let norm = 0;
    for (let c = 0; c < nC; c++) {
      const x = frq[i]! - c + half + 10 * nC;
      const dd = (((x % nC) + nC) % nC) - half;
      const v = Math.exp(-0.5 * ((2 * dd) / bw[i]!) ** 2);
      w[c * nFft + i] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    const scale = norm < 2.2250738585072014e-308 ? 1 : norm;
    const oct = octwidth === null ? 1 : Math.exp(-0.5 * ((frq[i]! / nC - ctroct) / octwidth) ** 2);
    for (let c = 0; c < nC; c++) w[c * nFft + i] = (w[c * nFft + i]! / scale) * oct;
  }
  const shiftRows = baseC ? 3 * Math.floor(nC / 12) : 0;
  const out = new Float32Array(nC * nKeep);
  for (let c = 0; c < nC; c++) {
    const src = (c + shiftRows) % nC;
    for (let i = 0; i < nKeep; i++) out[c * nKeep + i] = w[src * nFft + i]!;
  }
  return out;
}

/**
 * Chromagram (librosa.feature.chroma_stft) from a power spectrogram: 12 pitch classes per frame
 * starting at C, each frame scaled to max 1 (norm = inf). Tuning is estimated with piptrack unless
 * given. Returns the chroma (frame-major) and the tuning used (fractions of a bin).
 */
export function chromaStft(power: Spectrogram, sr = 22050, tuning?: number, nChroma = 12): { chroma: Spectrogram; tuning: number } {
  return chromaImpl(power, sr, tuning, nChroma, false);
}

/** `chromaStft` from the magnitude spectrogram, squaring frame by frame (no power array); same values. */
export function chromaStftFromMagnitude(S: Spectrogram, sr = 22050, tuning?: number, nChroma = 12): { chroma: Spectrogram; tuning: number } {
  return chromaImpl(S, sr, tuning, nChroma, true);
}

function chromaImpl(input: Spectrogram, sr: number, tuning: number | undefined, nChroma: number, fromMagnitude: boolean): { chroma: Spectrogram; tuning: number } {
  const tun = tuning ?? estimateTuning(input, sr, 0.01, nChroma, fromMagnitude ? 'magnitude' : 'power');
  const nB = input.nBins;
  const fb = chromaFilterbank({ sr, nFft: 2 * (nB - 1), tuning: tun, nChroma });
  let power = input;
  // every row is non-zero at every bin (Gaussian octave weighting), so the product stays dense;
  // four chroma rows per pass keep the accumulators in registers
  const w = wasmFilterbanks(input.data, nB, input.nFrames, null, fb, nChroma, fromMagnitude);
  let out = w?.dense;
  if (!out) {
    if (fromMagnitude) power = powerOf(input, 2);
    out = chromaProductJs(power, fb, nChroma);
  }
  for (let t = 0; t < power.nFrames; t++) {
    const oc = t * nChroma;
    let mx = 0;
    for (let j = 0; j < nChroma; j++) mx = Math.max(mx, Math.abs(out[oc + j]!));
    const len = mx < TINY32 ? 1 : mx;
    for (let j = 0; j < nChroma; j++) out[oc + j] = out[oc + j]! / len;
  }
  return { chroma: { nBins: nChroma, nFrames: power.nFrames, data: out }, tuning: tun };
}

/** Raw chroma (filterbank × power per frame, before normalisation) in JavaScript, float64 accumulation. */
function chromaProductJs(power: Spectrogram, fb: Float32Array, nChroma: number): Float32Array {
  const nB = power.nBins;
  const fb64 = Float64Array.from(fb);
  const out = new Float32Array(power.nFrames * nChroma);
  const d = power.data;
  for (let t = 0; t < power.nFrames; t++) {
    const o = t * nB;
    const oc = t * nChroma;
    let c = 0;
    for (; c + 4 <= nChroma; c += 4) {
      const r0 = c * nB;
      const r1 = r0 + nB;
      const r2 = r1 + nB;
      const r3 = r2 + nB;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = 0; k < nB; k++) {
        const v = d[o + k]!;
        a0 += fb64[r0 + k]! * v;
        a1 += fb64[r1 + k]! * v;
        a2 += fb64[r2 + k]! * v;
        a3 += fb64[r3 + k]! * v;
      }
      out[oc + c] = a0;
      out[oc + c + 1] = a1;
      out[oc + c + 2] = a2;
      out[oc + c + 3] = a3;
    }
    for (; c < nChroma; c++) {
      let a = 0;
      for (let k = 0; k < nB; k++) a += fb64[c * nB + k]! * d[o + k]!;
      out[oc + c] = a;
    }
  }
  return out;
}
