import { wasmFilterbanks } from './spectral-wasm.js';
import { DspError, type Spectrogram } from './types.js';

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

/** Hz to mel (librosa.hz_to_mel): Slaney's linear-below-1-kHz, log-above scale, or HTK's 2595·log10(1+f/700). */
export function hzToMel(f: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + f / 700);
  if (f >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOGSTEP;
  return f / F_SP;
}

/** Mel to Hz (librosa.mel_to_hz), inverse of `hzToMel`. */
export function melToHz(m: number, htk = false): number {
  if (htk) return 700 * (10 ** (m / 2595) - 1);
  if (m >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL));
  return F_SP * m;
}

/** Centre frequencies in Hz of the FFT bins 0..n_fft/2 (librosa.fft_frequencies). */
export function fftFrequencies(sr = 22050, nFft = 2048): Float64Array {
  const val = 1 / (nFft * (1 / sr));
  const out = new Float64Array(nFft / 2 + 1);
  for (let k = 0; k < out.length; k++) out[k] = k * val;
  return out;
}

/** n frequencies in Hz evenly spaced on the mel scale between fmin and fmax (librosa.mel_frequencies). */
export function melFrequencies(n: number, fmin = 0, fmax = 11025, htk = false): Float64Array {
  const lo = hzToMel(fmin, htk);
  const hi = hzToMel(fmax, htk);
  const out = new Float64Array(n);
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = melToHz(i === n - 1 && n > 1 ? hi : lo + i * step, htk);
  return out;
}

/** Options of the mel filterbank; defaults mirror librosa.filters.mel. */
export interface MelOptions {
  sr?: number;
  nFft?: number;
  nMels?: number;
  fmin?: number;
  fmax?: number;
  htk?: boolean;
  /** 'slaney' (area normalisation, the default) or null for none. */
  norm?: 'slaney' | null;
}

/** A mel filterbank stored sparsely: band m weights bins [start[m], start[m] + weights[m].length). */
export interface MelFilterbank {
  readonly nMels: number;
  readonly nBins: number;
  readonly start: Int32Array;
  readonly weights: Float32Array[];
}

/** The mel filterbank (librosa.filters.mel), float32 weights as librosa returns them. */
export function melFilterbank(opts: MelOptions = {}): MelFilterbank {
  const sr = opts.sr ?? 22050;
  const nFft = opts.nFft ?? 2048;
  const nMels = opts.nMels ?? 128;
  const fmin = opts.fmin ?? 0;
  const fmax = opts.fmax ?? sr / 2;
  const htk = opts.htk ?? false;
  const norm = opts.norm === undefined ? 'slaney' : opts.norm;
  if (nMels < 1) throw new DspError(`n_mels=${nMels} must be positive`);
  const freqs = fftFrequencies(sr, nFft);
  const melF = melFrequencies(nMels + 2, fmin, fmax, htk);
  const nBins = freqs.length;
  const start = new Int32Array(nMels);
  const weights: Float32Array[] = [];
  for (let i = 0; i < nMels; i++) {
    const fd0 = melF[i + 1]! - melF[i]!;
    const fd1 = melF[i + 2]! - melF[i + 1]!;
    const enorm = norm === 'slaney' ? 2 / (melF[i + 2]! - melF[i]!) : 1;
    let first = -1;
    let last = -1;
    const row = new Float32Array(nBins);
    for (let k = 0; k < nBins; k++) {
      const lower = -(melF[i]! - freqs[k]!) / fd0;
      const upper = (melF[i + 2]! - freqs[k]!) / fd1;
      const w = Math.max(0, Math.min(lower, upper));
      if (w > 0) {
        // librosa stores the triangle in float32, then scales it by enorm (computed in float64)
        row[k] = norm === 'slaney' ? Math.fround(w) * enorm : w;
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first < 0) {
      start[i] = 0;
      weights.push(new Float32Array(0));
    } else {
      start[i] = first;
      weights.push(row.slice(first, last + 1));
    }
  }
  return { nMels, nBins, start, weights };
}

/** Dense nMels × nBins row-major copy of a filterbank (for inspection and tests). */
export function melFilterbankDense(fb: MelFilterbank): Float32Array {
  const out = new Float32Array(fb.nMels * fb.nBins);
  for (let m = 0; m < fb.nMels; m++) out.set(fb.weights[m]!, m * fb.nBins + fb.start[m]!);
  return out;
}

/** Applies a filterbank to a (power) spectrogram: mel bands per frame, frame-major, float32 (librosa.feature.melspectrogram with S given). */
export function applyMel(S: Spectrogram, fb: MelFilterbank): Spectrogram {
  if (S.nBins !== fb.nBins) throw new DspError(`mel filterbank has ${fb.nBins} bins, spectrogram has ${S.nBins}`);
  const w = wasmFilterbanks(S.data, S.nBins, S.nFrames, fb, null, 0);
  if (w?.sparse) return { nBins: fb.nMels, nFrames: S.nFrames, data: w.sparse };
  return applyMelJs(S, fb);
}

/** `applyMel` in plain JavaScript (float64 accumulation); the reference for the WASM kernel. */
export function applyMelJs(S: Spectrogram, fb: MelFilterbank): Spectrogram {
  const nF = S.nFrames;
  const nM = fb.nMels;
  const out = new Float32Array(nF * nM);
  const src = S.data;
  for (let t = 0; t < nF; t++) {
    const o = t * S.nBins;
    for (let m = 0; m < nM; m++) {
      const w = fb.weights[m]!;
      const s = o + fb.start[m]!;
      let acc = 0;
      for (let j = 0; j < w.length; j++) acc += w[j]! * src[s + j]!;
      out[t * nM + m] = acc;
    }
  }
  return { nBins: nM, nFrames: nF, data: out };
}

/** Mel spectrogram of a power spectrogram with librosa's defaults (128 Slaney bands, 0..sr/2). */
export function melSpectrogram(power: Spectrogram, opts: MelOptions = {}): Spectrogram {
  const nFft = opts.nFft ?? 2 * (power.nBins - 1);
  return applyMel(power, melFilterbank({ ...opts, nFft }));
}

/** Mel spectrogram (power) straight from a magnitude spectrogram: squares frame by frame (float32) without a power array; same values as `melSpectrogram(powerOf(S))`. */
export function melSpectrogramFromMagnitude(S: Spectrogram, opts: MelOptions = {}): Spectrogram {
  const nFft = opts.nFft ?? 2 * (S.nBins - 1);
  const fb = melFilterbank({ ...opts, nFft });
  const w = wasmFilterbanks(S.data, S.nBins, S.nFrames, fb, null, 0, true);
  if (w?.sparse) return { nBins: fb.nMels, nFrames: S.nFrames, data: w.sparse };
  const P = new Float32Array(S.data.length);
  for (let i = 0; i < P.length; i++) P[i] = S.data[i]! * S.data[i]!;
  return applyMelJs({ nBins: S.nBins, nFrames: S.nFrames, data: P }, fb);
}
