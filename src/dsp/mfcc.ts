import { wasmFilterbanks } from './spectral-wasm.js';
import type { Spectrogram } from './types.js';

/** The orthonormal DCT-II basis (scipy.fft.dct type 2, norm 'ortho'): nOut × n, row-major, float64. */
export function dctOrthoBasis(n: number, nOut: number): Float64Array {
  const b = new Float64Array(nOut * n);
  for (let k = 0; k < nOut; k++) {
    const scale = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let i = 0; i < n; i++) b[k * n + i] = scale * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  }
  return b;
}

/** MFCCs (librosa.feature.mfcc with S = power_to_db(mel)): DCT-II ortho over the bands of each frame; nMfcc rows per frame, frame-major. */
export function mfccFromDb(melDb: Spectrogram, nMfcc = 20): Spectrogram {
  const n = melDb.nBins;
  const basis = dctOrthoBasis(n, nMfcc);
  // float32 products like scipy's float32 DCT (librosa passes float32 dB values)
  const w = wasmFilterbanks(melDb.data, n, melDb.nFrames, null, Float32Array.from(basis), nMfcc);
  if (w?.dense) return { nBins: nMfcc, nFrames: melDb.nFrames, data: w.dense };
  const out = new Float32Array(melDb.nFrames * nMfcc);
  const src = melDb.data;
  for (let t = 0; t < melDb.nFrames; t++) {
    const o = t * n;
    for (let k = 0; k < nMfcc; k++) {
      let acc = 0;
      const bo = k * n;
      for (let i = 0; i < n; i++) acc += basis[bo + i]! * src[o + i]!;
      out[t * nMfcc + k] = acc;
    }
  }
  return { nBins: nMfcc, nFrames: melDb.nFrames, data: out };
}
