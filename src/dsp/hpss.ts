import { slidingMedian } from './median.js';
import { wasmHpssMedians, wasmHpssRms } from './median-wasm.js';
import { TINY32 } from './spectral.js';
import { type ComplexSpectrogram, DspError, type Spectrogram } from './types.js';

const f32 = Math.fround;

/** Options of HPSS; defaults mirror librosa.decompose.hpss (kernel 31, power 2, margin 1). */
export interface HpssOptions {
  kernelSize?: number | [number, number];
  power?: number;
  margin?: number | [number, number];
}

/**
 * The two median-filtered spectrograms: along time per bin (harmonic) and along frequency per frame
 * (percussive), float32 frame-major. Uses the WASM SIMD kernel when the runtime has it (identical
 * results), else `hpssMediansJs`.
 */
export function hpssMedians(S: Spectrogram, kernelHarm = 31, kernelPerc = 31): { harm: Float32Array; perc: Float32Array } {
  if (kernelHarm % 2 === 0 || kernelPerc % 2 === 0) throw new DspError('hpss: kernel sizes must be odd');
  return wasmHpssMedians(S.data, S.nBins, S.nFrames, kernelHarm, kernelPerc) ?? hpssMediansJs(S, kernelHarm, kernelPerc);
}

/** `hpssMedians` in plain JavaScript (sorted sliding windows); the reference for the WASM kernel. */
export function hpssMediansJs(S: Spectrogram, kernelHarm = 31, kernelPerc = 31): { harm: Float32Array; perc: Float32Array } {
  const nB = S.nBins;
  const nF = S.nFrames;
  if (kernelHarm % 2 === 0 || kernelPerc % 2 === 0) throw new DspError('hpss: kernel sizes must be odd');
  const d = S.data;
  const harm = new Float32Array(d.length);
  const perc = new Float32Array(d.length);
  const work = new Float64Array(Math.max(nF, nB) + 2 * Math.max(kernelHarm, kernelPerc) + 2);
  // time direction: gather blocks of 16 bins into contiguous series (a per-bin state for all bins
  // at once was measured 1.7x slower: its windows do not stay in cache)
  const BLOCK = 16;
  const cols = new Float32Array(nF * BLOCK);
  const colsOut = new Float32Array(nF * BLOCK);
  for (let k0 = 0; k0 < nB; k0 += BLOCK) {
    const nk = Math.min(BLOCK, nB - k0);
    for (let t = 0; t < nF; t++) {
      const o = t * nB + k0;
      for (let j = 0; j < nk; j++) cols[j * nF + t] = d[o + j]!;
    }
    for (let j = 0; j < nk; j++) slidingMedian(cols, j * nF, 1, nF, kernelHarm, colsOut, j * nF, 1, work);
    for (let t = 0; t < nF; t++) {
      const o = t * nB + k0;
      for (let j = 0; j < nk; j++) harm[o + j] = colsOut[j * nF + t]!;
    }
  }
  for (let t = 0; t < nF; t++) slidingMedian(d, t * nB, 1, nB, kernelPerc, perc, t * nB, 1, work);
  return { harm, perc };
}

function pair<T>(v: T | [T, T]): [T, T] {
  return Array.isArray(v) ? v : [v, v];
}

/**
 * Soft masks of HPSS (librosa.decompose.hpss with mask=True): harmonic and percussive weights in
 * [0, 1] per bin, float32 as librosa's util.softmask computes them.
 */
export function hpssMasks(S: Spectrogram, opts: HpssOptions = {}): { harmonic: Spectrogram; percussive: Spectrogram } {
  const [kh, kp] = pair(opts.kernelSize ?? 31);
  const [mh, mp] = pair(opts.margin ?? 1);
  const power = opts.power ?? 2;
  if (mh < 1 || mp < 1) throw new DspError('hpss: margins must be >= 1');
  if (!(power > 0)) throw new DspError('hpss: power must be strictly positive');
  const { harm, perc } = hpssMedians(S, kh, kp);
  const splitZeros = mh === 1 && mp === 1;
  const mH = new Float32Array(harm.length);
  const mP = new Float32Array(harm.length);
  for (let i = 0; i < harm.length; i++) {
    mH[i] = softmask1(harm[i]!, f32(perc[i]! * mh), power, splitZeros);
    mP[i] = softmask1(perc[i]!, f32(harm[i]! * mp), power, splitZeros);
  }
  return {
    harmonic: { nBins: S.nBins, nFrames: S.nFrames, data: mH },
    percussive: { nBins: S.nBins, nFrames: S.nFrames, data: mP },
  };
}

/** One element of librosa.util.softmask: (x/z)^p / ((x/z)^p + (ref/z)^p), z = max(x, ref); 0.5 or 0 when both vanish. */
function softmask1(x: number, ref: number, power: number, splitZeros: boolean): number {
  let z = Math.max(x , ref);
  if (z < TINY32) return splitZeros ? 0.5 : 0;
  z = f32(z);
  let a: number;
  let b: number;
  if (power === 2) {
    const u = f32(x / z);
    const v = f32(ref / z);
    a = f32(u * u);
    b = f32(v * v);
  } else {
    a = f32(f32(x / z) ** power);
    b = f32(f32(ref / z) ** power);
  }
  return f32(a / f32(a + b));
}

/** Harmonic and percussive magnitude spectrograms (librosa.decompose.hpss on |S|): S times each soft mask, float32. */
export function hpss(S: Spectrogram, opts: HpssOptions = {}): { harmonic: Spectrogram; percussive: Spectrogram } {
  const { harmonic, percussive } = hpssMasks(S, opts);
  const d = S.data;
  const h = harmonic.data;
  const p = percussive.data;
  for (let i = 0; i < d.length; i++) {
    h[i] = d[i]! * h[i]!;
    p[i] = d[i]! * p[i]!;
  }
  return { harmonic, percussive };
}

/** HPSS of a complex STFT (librosa.decompose.hpss on complex input): the masks applied to D, keeping its phase. */
export function hpssComplex(D: ComplexSpectrogram, mag: Spectrogram, opts: HpssOptions = {}): { harmonic: ComplexSpectrogram; percussive: ComplexSpectrogram } {
  const { harmonic, percussive } = hpssMasks(mag, opts);
  const n = D.re.length;
  const hr = new Float32Array(n);
  const hi = new Float32Array(n);
  const pr = new Float32Array(n);
  const pi = new Float32Array(n);
  const m = mag.data;
  for (let i = 0; i < n; i++) {
    const s = m[i]!;
    // (S * mask) * phase with phase = D / |D| (1 where |D| is 0)
    const sh = f32(s * harmonic.data[i]!);
    const sp = f32(s * percussive.data[i]!);
    if (s > 0) {
      const cr = D.re[i]! / s;
      const ci = D.im[i]! / s;
      hr[i] = sh * cr;
      hi[i] = sh * ci;
      pr[i] = sp * cr;
      pi[i] = sp * ci;
    } else {
      hr[i] = sh;
      pr[i] = sp;
    }
  }
  return {
    harmonic: { nBins: D.nBins, nFrames: D.nFrames, re: hr, im: hi },
    percussive: { nBins: D.nBins, nFrames: D.nFrames, re: pr, im: pi },
  };
}

/**
 * Per-frame RMS of the harmonic and percussive parts (librosa.feature.rms(S=H), rms(S=P) after
 * decompose.hpss(|STFT|)), without materialising H, P or the masks. Same unit as the signal.
 */
export function hpssRms(S: Spectrogram, opts: HpssOptions = {}): { harmonic: Float64Array; percussive: Float64Array } {
  const [kh, kp] = pair(opts.kernelSize ?? 31);
  const [mh, mp] = pair(opts.margin ?? 1);
  const power = opts.power ?? 2;
  if (mh < 1 || mp < 1) throw new DspError('hpss: margins must be >= 1');
  if (!(power > 0)) throw new DspError('hpss: power must be strictly positive');
  if (kh % 2 === 0 || kp % 2 === 0) throw new DspError('hpss: kernel sizes must be odd');
  if (mh === 1 && mp === 1 && power === 2 && S.nBins > 1) {
    const w = wasmHpssRms(S.data, S.nBins, S.nFrames, kh, kp);
    if (w) return w;
  }
  const { harm, perc } = hpssMedians(S, kh, kp);
  const splitZeros = mh === 1 && mp === 1;
  const nB = S.nBins;
  const frameLength = 2 * (nB - 1);
  const d = S.data;
  const outH = new Float64Array(S.nFrames);
  const outP = new Float64Array(S.nFrames);
  const fast = mh === 1 && mp === 1 && power === 2;
  for (let t = 0; t < S.nFrames; t++) {
    const o = t * nB;
    let sh = 0;
    let sp = 0;
    for (let k = 0; k < nB; k++) {
      const i = o + k;
      const s = d[i]!;
      let h: number;
      let p: number;
      if (fast) {
        // margin 1, power 2: both masks share z = max(harm, perc) and the squared ratios, so one
        // pass gives librosa's two softmask results bit for bit
        const hv = harm[i]!;
        const pv = perc[i]!;
        const z = Math.max(hv, pv);
        if (z < TINY32) {
          h = f32(s * 0.5);
          p = h;
        } else {
          const u = f32(hv / z);
          const v = f32(pv / z);
          const a = f32(u * u);
          const b = f32(v * v);
          const sum = f32(a + b);
          h = f32(s * f32(a / sum));
          p = f32(s * f32(b / sum));
        }
      } else {
        h = f32(s * softmask1(harm[i]!, f32(perc[i]! * mh), power, splitZeros));
        p = f32(s * softmask1(perc[i]!, f32(harm[i]! * mp), power, splitZeros));
      }
      let h2 = f32(h * h);
      let p2 = f32(p * p);
      if (k === 0 || k === nB - 1) {
        h2 *= 0.5;
        p2 *= 0.5;
      }
      sh += h2;
      sp += p2;
    }
    outH[t] = Math.sqrt((2 * sh) / (frameLength * frameLength));
    outP[t] = Math.sqrt((2 * sp) / (frameLength * frameLength));
  }
  return { harmonic: outH, percussive: outP };
}
