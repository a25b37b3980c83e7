import { wasmSignalStats } from '../dsp/spectral-wasm.js';
import { TrackContext } from './context.js';
import { AnalysisError } from './errors.js';
import { DESCRIPTORS, type FrameSeries } from './registry.js';
import { FEATURE_SETS, type FeatureSetName, featureNames } from './sets.js';
import { clipStats, mean, percentileSorted } from './summaries.js';

/** Shortest analysable signal: one full analysis window (n_fft samples). */
export const MIN_SAMPLES = 2048;
/** Peak amplitude below which a track counts as silent (−100 dBFS). */
export const SILENCE_PEAK = 1e-5;

/** Options of `extractFeatures`. */
export interface ExtractOptions {
  /** Also return the frame-level series, keyed `<descriptor>` or `<descriptor>.<band>`. */
  frames?: boolean;
}

/** Per-track values (and optionally frame series) of a feature set. */
export interface ExtractResult {
  values: Record<string, number>;
  frames?: Record<string, Float32Array>;
}

function throwNonFinite(samples: Float32Array): never {
  for (let j = 0; j < samples.length; j++) if (!Number.isFinite(samples[j]!)) throw new AnalysisError(`sample ${j} is not a finite number`);
  throw new AnalysisError('a sample is not a finite number');
}

/** Throws AnalysisError when the signal cannot be analysed (too short, not finite, silent); `kernel: 'js'` skips the WASM scan (same verdicts). */
export function checkSignal(samples: Float32Array, sampleRate: number, kernel: 'wasm' | 'js' = 'wasm'): void {
  if (!(sampleRate > 0)) throw new AnalysisError(`invalid sample rate ${sampleRate}`);
  if (samples.length < MIN_SAMPLES) {
    throw new AnalysisError(
      `audio too short: ${samples.length} samples (${(samples.length / sampleRate).toFixed(3)} s), need at least ${MIN_SAMPLES}`,
    );
  }
  const w = kernel === 'wasm' ? wasmSignalStats(samples) : undefined;
  if (w) {
    if (!w.finite) throwNonFinite(samples);
    const peak = Math.max(w.hi, -w.lo);
    if (peak < SILENCE_PEAK) throw new AnalysisError(`audio is silent (peak ${peak.toExponential(2)} below −100 dBFS)`);
    return;
  }
  // largest and smallest sample in two lanes; NaN fails every comparison, so `x - x` (0 for a
  // finite x, NaN for ±Infinity or NaN) summed over the signal flags any non-finite sample
  let hi0 = 0;
  let hi1 = 0;
  let lo0 = 0;
  let lo1 = 0;
  let bad = 0;
  const n = samples.length;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const x0 = samples[i]!;
    const x1 = samples[i + 1]!;
    if (x0 > hi0) hi0 = x0;
    if (x1 > hi1) hi1 = x1;
    if (x0 < lo0) lo0 = x0;
    if (x1 < lo1) lo1 = x1;
    bad += x0 - x0 + (x1 - x1);
  }
  for (; i < n; i++) {
    const x = samples[i]!;
    if (x > hi0) hi0 = x;
    if (x < lo0) lo0 = x;
    bad += x - x;
  }
  if (bad !== 0) throwNonFinite(samples);
  const peak = Math.max(hi0, hi1, -lo0, -lo1);
  if (peak < SILENCE_PEAK) throw new AnalysisError(`audio is silent (peak ${peak.toExponential(2)} below −100 dBFS)`);
}

/** Sum over frames of each row of a frame-major series, frames in ascending order. */
function rowSums(s: FrameSeries): Float64Array {
  const sums = new Float64Array(s.rows);
  const x = s.data;
  for (let t = 0; t < s.nFrames; t++) {
    const o = t * s.rows;
    for (let b = 0; b < s.rows; b++) sums[b] += x[o + b]!;
  }
  return sums;
}

function row(s: FrameSeries, b: number): Float64Array {
  if (s.rows === 1) return Float64Array.from(s.data);
  const out = new Float64Array(s.nFrames);
  for (let t = 0; t < s.nFrames; t++) out[t] = s.data[t * s.rows + b]!;
  return out;
}

/** Names of the descriptive values every set adds after its own (for plots; never clustering columns). */
export const DESCRIPTIVE_NAMES: readonly string[] = ['min', 'q1', 'median', 'q3', 'max'].map((q) => `spectral_centroid.${q}`);

/**
 * Five-number summary of the frame-wise spectral centroid in Hz (numpy's linear percentiles): the
 * seeds' per-file centroid plots need its spread, which a mean alone cannot show.
 */
function describeCentroid(ctx: TrackContext): Record<string, number> {
  const s = DESCRIPTORS.get('spectral_centroid')!.compute(ctx);
  const sorted = Float64Array.from(s.data).sort();
  const [min, q1, median, q3, max] = [0, 25, 50, 75, 100].map((q) => percentileSorted(sorted, q));
  return {
    'spectral_centroid.min': min!,
    'spectral_centroid.q1': q1!,
    'spectral_centroid.median': median!,
    'spectral_centroid.q3': q3!,
    'spectral_centroid.max': max!,
  };
}

/**
 * Computes a feature set for one mono signal (librosa defaults: n_fft 2048, hop 512; sr is taken as
 * given, 22,050 Hz in the pipeline). One STFT is shared by every descriptor.
 */
export function extractFeatures(samples: Float32Array, sampleRate: number, set: FeatureSetName, opts: ExtractOptions = {}): ExtractResult {
  const entries = FEATURE_SETS[set];
  if (!entries) throw new Error(`unknown feature set '${set}'`);
  checkSignal(samples, sampleRate);
  const ctx = new TrackContext(samples, sampleRate);
  try {
    const values: Record<string, number> = {};
    const frames: Record<string, Float32Array> | undefined = opts.frames ? {} : undefined;
    for (const e of entries) {
      const d = DESCRIPTORS.get(e.descriptor)!;
      const s = d.compute(ctx);
      if (!frames && s.rows > 1 && e.summaries.length === 1 && e.summaries[0] === 'mean') {
        // every row's mean in one frame-major pass: the same sums, in the same order, as mean(row)
        const sums = rowSums(s);
        for (let b = 0; b < s.rows; b++) values[`${d.name}.mean.${b}`] = s.nFrames > 0 ? sums[b]! / s.nFrames : Number.NaN;
        continue;
      }
      for (let b = 0; b < s.rows; b++) {
        const x = row(s, b);
        const suffix = s.rows === 1 ? '' : `.${b}`;
        if (frames) frames[`${d.name}${suffix}`] = Float32Array.from(x);
        let clip: ReturnType<typeof clipStats> | undefined;
        for (const m of e.summaries) {
          let v: number;
          if (m === 'mean') v = mean(x);
          else {
            clip ??= clipStats(x);
            v = m === 'clip_mean' ? clip.mean : m === 'clip_median' ? clip.median : clip.std;
          }
          values[`${d.name}.${m}${suffix}`] = v;
        }
      }
    }
    // emit in featureNames order (summary-major within a descriptor); readme16 keeps its 16 columns
    const ordered: Record<string, number> = {};
    for (const n of featureNames(set)) ordered[n] = values[n]!;
    Object.assign(ordered, describeCentroid(ctx));
    return frames ? { values: ordered, frames } : { values: ordered };
  } finally {
    ctx.dispose();
  }
}
