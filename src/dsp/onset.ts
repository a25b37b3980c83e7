import type { Spectrogram } from './types.js';

/** Options of onset strength; defaults mirror librosa.onset.onset_strength (lag 1, mean over bands, centred). */
export interface OnsetOptions {
  lag?: number;
  aggregate?: 'mean' | 'median';
  center?: boolean;
  nFft?: number;
  hopLength?: number;
}

/**
 * Onset strength envelope (librosa.onset.onset_strength) from a dB mel spectrogram: per frame, the
 * mean (or median) over bands of max(0, S[t] − S[t − lag]), shifted right by lag + n_fft/(2·hop)
 * frames as librosa does for centred frames, one value per frame. Unit: dB (float32).
 */
export function onsetStrength(melDb: Spectrogram, opts: OnsetOptions = {}): Float32Array {
  const lag = opts.lag ?? 1;
  const agg = opts.aggregate ?? 'mean';
  const center = opts.center ?? true;
  const nFft = opts.nFft ?? 2048;
  const hop = opts.hopLength ?? 512;
  const nB = melDb.nBins;
  const nF = melDb.nFrames;
  const padWidth = lag + (center ? Math.floor(nFft / (2 * hop)) : 0);
  const nOut = center ? nF : nF - lag + padWidth;
  const out = new Float32Array(Math.max(0, nOut));
  const d = melDb.data;
  const tmp = new Float32Array(nB);
  for (let j = 0; j + lag < nF; j++) {
    const t = j + padWidth;
    if (t >= out.length) break;
    const a = (j + lag) * nB;
    const b = j * nB;
    if (agg === 'mean') {
      let acc = 0;
      for (let k = 0; k < nB; k++) {
        const v = Math.fround(d[a + k]! - d[b + k]!);
        if (v > 0) acc += v;
      }
      out[t] = acc / nB;
    } else {
      for (let k = 0; k < nB; k++) {
        const v = Math.fround(d[a + k]! - d[b + k]!);
        tmp[k] = Math.max(v , 0);
      }
      tmp.sort();
      out[t] = nB % 2 === 1 ? tmp[(nB - 1) >> 1]! : Math.fround((tmp[nB / 2 - 1]! + tmp[nB / 2]!) / 2);
    }
  }
  return out;
}
