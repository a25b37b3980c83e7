export { RealFFT } from './fft.js';
export { hann } from './window.js';
export { type ComplexSpectrogram, DspError, type Spectrogram, type StftOptions } from './types.js';
export { forEachStftFrame, frameCount, istft, magnitude, powerOf, stft, stftMagnitude, stftMagnitudeJs, stftMagnitudeLeased } from './stft.js';
export {
  applyMel,
  applyMelJs,
  fftFrequencies,
  hzToMel,
  type MelFilterbank,
  type MelOptions,
  melFilterbank,
  melFilterbankDense,
  melFrequencies,
  melSpectrogram,
  melSpectrogramFromMagnitude,
  melToHz,
} from './mel.js';
export { type DbOptions, powerToDb } from './db.js';
export { dctOrthoBasis, mfccFromDb } from './mfcc.js';
export {
  type ContrastOptions,
  rms,
  rmsFromSpectrogram,
  spectralBandwidth,
  spectralCentroid,
  spectralCentroidBandwidth,
  spectralContrast,
  spectralFlatness,
  spectralRolloff,
  spectralRolloffMulti,
  zeroCrossingRate,
} from './spectral.js';
export {
  type ChromaFilterOptions,
  chromaFilterbank,
  chromaStft,
  chromaStftFromMagnitude,
  estimateTuning,
  type PiptrackOptions,
  piptrack,
  piptrackJs,
  pitchTuning,
} from './chroma.js';
export { type OnsetOptions, onsetStrength } from './onset.js';
export { type BeatOptions, beatTrack, flatness, forEachTempogramFrame, type TempoOptions, type TempogramOptions, tempo, tempogram, tempogramStats, tempogramStatsJs, tempogramStatsUnpaired } from './rhythm.js';
export { reflectIndex, slidingMedian } from './median.js';
export { type HpssOptions, hpss, hpssComplex, hpssMasks, hpssMedians, hpssMediansJs, hpssRms } from './hpss.js';
export { wasmMedianAvailable } from './median-wasm.js';
export { audioSignature, compareSignatures, type SignatureMatch, sameRecording, SAME_RECORDING_MAX_LEVEL_DB, signatureLevelDb, signatureStartSec } from './signature.js';
