import { RealFFT } from './fft.js';
import { leaseStftMagnitude, wasmStftMagnitude } from './stft-wasm.js';
import { type ComplexSpectrogram, DspError, type Spectrogram, type StftOptions } from './types.js';
import { hann } from './window.js';

/** Number of STFT frames librosa returns for n samples (center=True: 1 + n // hop). */
export function frameCount(nSamples: number, nFft = 2048, hopLength = 512, center = true): number {
  if (center) return 1 + Math.floor(nSamples / hopLength);
  if (nSamples < nFft) throw new DspError(`signal of ${nSamples} samples is shorter than n_fft=${nFft}`);
  return 1 + Math.floor((nSamples - nFft) / hopLength);
}

/**
 * Walks the windowed frames of y (zero padded by n_fft/2 on both sides when centred) and hands each
 * FFT (bins 0..n_fft/2, float64) to `visit`. The buffers are reused: copy what you keep.
 */
export function forEachStftFrame(
  y: Float32Array,
  opts: StftOptions,
  visit: (t: number, re: Float64Array, im: Float64Array) => void,
): number {
  const nFft = opts.nFft ?? 2048;
  const hop = opts.hopLength ?? 512;
  const center = opts.center ?? true;
  const nFrames = frameCount(y.length, nFft, hop, center);
  const fft = new RealFFT(nFft);
  const win = hann(nFft);
  const buf = new Float64Array(nFft);
  const nBins = nFft / 2 + 1;
  const re = new Float64Array(nBins);
  const im = new Float64Array(nBins);
  const pad = center ? nFft >> 1 : 0;
  const n = y.length;
  for (let t = 0; t < nFrames; t++) {
    const s0 = t * hop - pad;
    if (s0 >= 0 && s0 + nFft <= n) {
      for (let i = 0; i < nFft; i++) buf[i] = win[i]! * y[s0 + i]!;
    } else {
      for (let i = 0; i < nFft; i++) {
        const s = s0 + i;
        buf[i] = s >= 0 && s < n ? win[i]! * y[s]! : 0;
      }
    }
    fft.forward(buf, re, im);
    visit(t, re, im);
  }
  return nFrames;
}

/** Complex STFT (librosa.stft): frame-major, float32 parts like librosa's complex64 output. */
export function stft(y: Float32Array, opts: StftOptions = {}): ComplexSpectrogram {
  const nFft = opts.nFft ?? 2048;
  const nBins = nFft / 2 + 1;
  const nFrames = frameCount(y.length, nFft, opts.hopLength ?? 512, opts.center ?? true);
  const outRe = new Float32Array(nBins * nFrames);
  const outIm = new Float32Array(nBins * nFrames);
  forEachStftFrame(y, opts, (t, re, im) => {
    const o = t * nBins;
    for (let k = 0; k < nBins; k++) {
      outRe[o + k] = re[k]!;
      outIm[o + k] = im[k]!;
    }
  });
  return { nBins, nFrames, re: outRe, im: outIm };
}

/** Magnitude spectrogram |stft(y)| (linear amplitude), float32 like np.abs of librosa's complex64 STFT. */
export function stftMagnitude(y: Float32Array, opts: StftOptions = {}): Spectrogram {
  const nFft = opts.nFft ?? 2048;
  const nBins = nFft / 2 + 1;
  const nFrames = frameCount(y.length, nFft, opts.hopLength ?? 512, opts.center ?? true);
  const data = new Float32Array(nBins * nFrames);
  const hop = opts.hopLength ?? 512;
  if ((opts.center ?? true) && wasmStftMagnitude(y, nFft, hop, nFrames, data)) return { nBins, nFrames, data };
  return stftMagnitudeJs(y, opts);
}

/**
 * `stftMagnitude` for one track's descriptors: the same values, left in the STFT kernel's memory
 * when it can be (the spectral kernels then read it in place, and the memory is reused for the next
 * track instead of faulting in a new array). Call `release()` when done; the spectrogram must not be
 * used afterwards.
 */
export function stftMagnitudeLeased(y: Float32Array, opts: StftOptions = {}): { S: Spectrogram; release(): void } {
  const nFft = opts.nFft ?? 2048;
  const hop = opts.hopLength ?? 512;
  const nFrames = frameCount(y.length, nFft, hop, opts.center ?? true);
  const lease = (opts.center ?? true) ? leaseStftMagnitude(y, nFft, hop, nFrames) : undefined;
  if (lease) return { S: { nBins: nFft / 2 + 1, nFrames, data: lease.data }, release: lease.release };
  return { S: stftMagnitude(y, opts), release: () => {} };
}

/** `stftMagnitude` in plain JavaScript; the reference for the WASM kernel. */
export function stftMagnitudeJs(y: Float32Array, opts: StftOptions = {}): Spectrogram {
  const nFft = opts.nFft ?? 2048;
  const nBins = nFft / 2 + 1;
  const nFrames = frameCount(y.length, nFft, opts.hopLength ?? 512, opts.center ?? true);
  const data = new Float32Array(nBins * nFrames);
  const hop = opts.hopLength ?? 512;
  const fft = new RealFFT(nFft);
  const win = hann(nFft);
  const ones = new Float64Array(nFft).fill(1);
  const edge = new Float64Array(nFft);
  const pad = (opts.center ?? true) ? nFft >> 1 : 0;
  const n = y.length;
  for (let t = 0; t < nFrames; t++) {
    const s0 = t * hop - pad;
    if (s0 >= 0 && s0 + nFft <= n) {
      fft.magnitudes(y, s0, win, data, t * nBins);
    } else {
      // frames overlapping the zero padding: window a copy
      for (let i = 0; i < nFft; i++) {
        const s = s0 + i;
        edge[i] = s >= 0 && s < n ? win[i]! * y[s]! : 0;
      }
      fft.magnitudes(edge, 0, ones, data, t * nBins);
    }
  }
  return { nBins, nFrames, data };
}

/** Magnitude of a complex spectrogram (float32). */
export function magnitude(D: ComplexSpectrogram): Spectrogram {
  const data = new Float32Array(D.re.length);
  for (let i = 0; i < data.length; i++) {
    const a = D.re[i]!;
    const b = D.im[i]!;
    data[i] = Math.sqrt(a * a + b * b);
  }
  return { nBins: D.nBins, nFrames: D.nFrames, data };
}

/** Element-wise power S**p of a magnitude spectrogram (p = 2 gives the power spectrogram), float32. */
export function powerOf(S: Spectrogram, p = 2): Spectrogram {
  const data = new Float32Array(S.data.length);
  const src = S.data;
  if (p === 2) for (let i = 0; i < data.length; i++) data[i] = src[i]! * src[i]!;
  else if (p === 1) data.set(src);
  else for (let i = 0; i < data.length; i++) data[i] = src[i]! ** p;
  return { nBins: S.nBins, nFrames: S.nFrames, data };
}

/**
 * Inverse STFT (librosa.istft, periodic Hann, center=True): overlap-add of windowed inverse FFTs
 * divided by the window's summed square, trimmed to `length` samples. Float32 output.
 */
export function istft(D: ComplexSpectrogram, length: number, opts: StftOptions = {}): Float32Array {
  const nFft = opts.nFft ?? 2 * (D.nBins - 1);
  const hop = opts.hopLength ?? nFft / 4;
  const center = opts.center ?? true;
  if (D.nBins !== nFft / 2 + 1) throw new DspError(`istft: ${D.nBins} bins do not match n_fft=${nFft}`);
  const pad = center ? nFft >> 1 : 0;
  const padded = length + 2 * pad;
  const nFrames = Math.min(D.nFrames, Math.ceil(padded / hop));
  const total = nFft + hop * (nFrames - 1);
  const acc = new Float64Array(Math.max(total, padded));
  const wss = new Float64Array(acc.length);
  const win = hann(nFft);
  const fft = new RealFFT(nFft);
  const frame = new Float64Array(nFft);
  const nBins = D.nBins;
  const re = new Float64Array(nBins);
  const im = new Float64Array(nBins);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    for (let k = 0; k < nBins; k++) {
      re[k] = D.re[o + k]!;
      im[k] = D.im[o + k]!;
    }
    fft.inverse(re, im, frame);
    const s0 = t * hop;
    for (let i = 0; i < nFft; i++) {
      acc[s0 + i]! += win[i]! * frame[i]!;
      wss[s0 + i]! += win[i]! * win[i]!;
    }
  }
  const y = new Float32Array(length);
  const tiny = 1.1754943508222875e-38;
  for (let i = 0; i < length; i++) {
    const j = i + pad;
    if (j >= acc.length) break;
    const w = Math.fround(wss[j]!);
    y[i] = w > tiny ? acc[j]! / w : acc[j]!;
  }
  return y;
}
