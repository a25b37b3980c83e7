import * as D from '../dsp/index.js';
import type { TrackContext } from './context.js';

/** A frame-level series with one or more rows per frame (frame-major when rows > 1). */
export interface FrameSeries {
  rows: number;
  nFrames: number;
  data: Float32Array | Float64Array;
}

/** A named frame-level descriptor: librosa's name, unit, rows per frame and how to compute it. */
export interface Descriptor {
  readonly name: string;
  readonly unit: string;
  readonly rows: number;
  readonly description: string;
  compute(ctx: TrackContext): FrameSeries;
}

function one(data: Float32Array | Float64Array): FrameSeries {
  return { rows: 1, nFrames: data.length, data };
}

function matrix(S: D.Spectrogram): FrameSeries {
  return { rows: S.nBins, nFrames: S.nFrames, data: S.data };
}

/** Upper band edges (Hz) of the readme set's six bark-like bands; the first starts at 0 Hz. */
export const BARK_EDGES_HZ = [100, 510, 1080, 2000, 3700, 15500] as const;

/** Mean |S| over the STFT bins in [lo, hi) for each band of BARK_EDGES_HZ (last band capped at Nyquist). */
function barkBands(ctx: TrackContext): FrameSeries {
  const S = ctx.magnitude;
  const f = D.fftFrequencies(ctx.sr, 2 * (S.nBins - 1));
  const nBands = BARK_EDGES_HZ.length;
  const lo = new Int32Array(nBands);
  const hi = new Int32Array(nBands);
  let prev = 0;
  for (let b = 0; b < nBands; b++) {
    let a = 0;
    while (a < S.nBins && f[a]! < prev) a++;
    let e = a;
    while (e < S.nBins && f[e]! < BARK_EDGES_HZ[b]!) e++;
    lo[b] = a;
    hi[b] = e;
    prev = BARK_EDGES_HZ[b]!;
  }
  const out = new Float64Array(S.nFrames * nBands);
  const d = S.data;
  const nB = S.nBins;
  const nF = S.nFrames;
  // Four frames' sums side by side: each is still summed in bin order, but the four chains of
  // additions overlap in the CPU instead of waiting on each other (the same values).
  let t = 0;
  for (; t + 4 <= nF; t += 4) {
    const o = t * nB;
    for (let b = 0; b < nBands; b++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = lo[b]!; k < hi[b]!; k++) {
        s0 += d[o + k]!;
        s1 += d[o + nB + k]!;
        s2 += d[o + 2 * nB + k]!;
        s3 += d[o + 3 * nB + k]!;
      }
      const width = hi[b]! - lo[b]!;
      out[t * nBands + b] = width > 0 ? s0 / width : 0;
      out[(t + 1) * nBands + b] = width > 0 ? s1 / width : 0;
      out[(t + 2) * nBands + b] = width > 0 ? s2 / width : 0;
      out[(t + 3) * nBands + b] = width > 0 ? s3 / width : 0;
    }
  }
  for (; t < nF; t++) {
    const o = t * nB;
    for (let b = 0; b < nBands; b++) {
      let s = 0;
      for (let k = lo[b]!; k < hi[b]!; k++) s += d[o + k]!;
      out[t * nBands + b] = hi[b]! > lo[b]! ? s / (hi[b]! - lo[b]!) : 0;
    }
  }
  return { rows: nBands, nFrames: nF, data: out };
}

const list: Descriptor[] = [
  {
    name: 'spectral_centroid',
    unit: 'Hz',
    rows: 1,
    description: 'librosa.feature.spectral_centroid',
    compute: (c) => one(c.centroid),
  },
  {
    name: 'spectral_centroid_mel',
    unit: 'mel (Slaney)',
    rows: 1,
    description: 'spectral centroid converted with librosa.hz_to_mel (Slaney scale, htk=False)',
    compute: (c) => one(c.centroid.map((hz) => D.hzToMel(hz))),
  },
  {
    name: 'spectral_bandwidth',
    unit: 'Hz',
    rows: 1,
    description: 'librosa.feature.spectral_bandwidth (p = 2)',
    compute: (c) => one(c.bandwidth),
  },
  {
    name: 'spectral_flatness',
    unit: 'ratio (0..1)',
    rows: 1,
    description: 'librosa.feature.spectral_flatness (power 2, amin 1e-10)',
    compute: (c) => one(D.spectralFlatness(c.magnitude)),
  },
  {
    name: 'spectral_rolloff',
    unit: 'Hz',
    rows: 1,
    description: 'librosa.feature.spectral_rolloff at roll_percent 0.85 (librosa default)',
    compute: (c) => one(c.rolloff(0.85)),
  },
  {
    name: 'spectral_rolloff_0.1',
    unit: 'Hz',
    rows: 1,
    description: 'roll-on: librosa.feature.spectral_rolloff at roll_percent 0.1',
    compute: (c) => one(c.rolloff(0.1)),
  },
  {
    name: 'spectral_rolloff_0.9',
    unit: 'Hz',
    rows: 1,
    description: 'roll-off: librosa.feature.spectral_rolloff at roll_percent 0.9',
    compute: (c) => one(c.rolloff(0.9)),
  },
  {
    name: 'spectral_contrast',
    unit: 'dB',
    rows: 7,
    description: 'librosa.feature.spectral_contrast (fmin 200 Hz, 6 bands + residual, quantile 0.02)',
    compute: (c) => matrix(D.spectralContrast(c.magnitude, { sr: c.sr })),
  },
  {
    name: 'zero_crossing_rate',
    unit: 'crossings per sample',
    rows: 1,
    description: 'librosa.feature.zero_crossing_rate (frame 2048, edge padding)',
    compute: (c) => one(D.zeroCrossingRate(c.y)),
  },
  {
    name: 'rms',
    unit: 'amplitude (full scale 1)',
    rows: 1,
    description: 'librosa.feature.rms(y=...)',
    compute: (c) => one(D.rms(c.y)),
  },
  {
    name: 'chroma_stft',
    unit: 'ratio (frame max 1)',
    rows: 12,
    description: 'librosa.feature.chroma_stft (tuning estimated with piptrack, rows C, C#, …, B)',
    compute: (c) => matrix(D.chromaStftFromMagnitude(c.magnitude, c.sr).chroma),
  },
  {
    name: 'melspectrogram',
    unit: 'power (amplitude²)',
    rows: 128,
    description: 'librosa.feature.melspectrogram (128 Slaney bands, power 2)',
    compute: (c) => matrix(c.mel),
  },
  {
    name: 'mfcc',
    unit: 'dB-based cepstral coefficient',
    rows: 20,
    description: 'librosa.feature.mfcc (20, DCT-II ortho on power_to_db(mel))',
    compute: (c) => matrix(D.mfccFromDb(c.melDb, 20)),
  },
  {
    name: 'bark_band_magnitude',
    unit: 'magnitude (|STFT|)',
    rows: 6,
    description: 'mean |S| of the STFT bins in [0,100), [100,510), [510,1080), [1080,2000), [2000,3700), [3700,15500) Hz',
    compute: barkBands,
  },
  {
    name: 'tempogram_flatness',
    unit: 'ratio (0..1)',
    rows: 1,
    description: 'flatness (power 1, amin 1e-10) of each frame of librosa.feature.tempogram (win 384): high when no tempo stands out',
    compute: (c) => one(D.tempogramStats(c.onset, 384).frameFlatness),
  },
  {
    name: 'hpss_rms_difference',
    unit: 'amplitude (full scale 1)',
    rows: 1,
    description: 'rms(S=H) − rms(S=P) per frame, H and P from librosa.decompose.hpss(|STFT|) (kernel 31, power 2, margin 1)',
    compute: (c) => {
      const { harmonic, percussive } = c.hpssRms;
      return one(harmonic.map((h, i) => h - percussive[i]!));
    },
  },
];

/** Every descriptor by name. */
export const DESCRIPTORS: ReadonlyMap<string, Descriptor> = new Map(list.map((d) => [d.name, d]));
