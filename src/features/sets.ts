import { DESCRIPTORS, type Descriptor } from './registry.js';
import { README16 } from './readme16.js';

/**
 * Bumped whenever any feature value (or name) would change. 2: mel, chroma and MFCC products in
 * float32 (as librosa's), changing values in the 7th digit.
 */
export const FEATURES_VERSION = 4;

/** The feature sets: the two seeds' sets, their union, and the seed's 16 kept readme columns. */
export type FeatureSetName = 'blog' | 'readme' | 'full' | 'readme16';
export const FEATURE_SET_NAMES: readonly FeatureSetName[] = ['blog', 'readme', 'full', 'readme16'];
/** The set analysed when none is named: it clusters the soundtracks best (docs/eval.md, table 2). */
export const DEFAULT_FEATURE_SET: FeatureSetName = 'full';

/** How a frame series becomes per-track values: plain mean, or mean/median/std after 1–99 % clipping. */
export type Summary = 'mean' | 'clip_mean' | 'clip_median' | 'clip_std';

/** One descriptor of a set with the summaries it yields. */
export interface SetEntry {
  descriptor: string;
  summaries: Summary[];
}

const MEAN: Summary[] = ['mean'];
const CLIP: Summary[] = ['clip_mean', 'clip_median', 'clip_std'];

const BLOG: SetEntry[] = [
  'spectral_bandwidth',
  'rms',
  'spectral_flatness',
  'zero_crossing_rate',
  'chroma_stft',
  'melspectrogram',
  'mfcc',
  'spectral_contrast',
].map((descriptor) => ({ descriptor, summaries: MEAN }));

const README: SetEntry[] = [
  'spectral_centroid_mel',
  'spectral_bandwidth',
  'spectral_flatness',
  'zero_crossing_rate',
  'spectral_rolloff_0.1',
  'spectral_rolloff_0.9',
  'bark_band_magnitude',
  'tempogram_flatness',
  'hpss_rms_difference',
].map((descriptor) => ({ descriptor, summaries: CLIP }));

function union(...sets: SetEntry[][]): SetEntry[] {
  const out = new Map<string, Summary[]>();
  for (const s of sets) {
    for (const e of s) {
      const have = out.get(e.descriptor) ?? [];
      for (const m of e.summaries) if (!have.includes(m)) have.push(m);
      out.set(e.descriptor, have);
    }
  }
  return [...out].map(([descriptor, summaries]) => ({ descriptor, summaries }));
}

const FULL = union(BLOG, README, [
  { descriptor: 'spectral_centroid', summaries: MEAN },
  { descriptor: 'spectral_rolloff', summaries: MEAN },
]);

/** The descriptors and summaries each set computes (readme16 computes the readme set, then keeps 16 columns). */
export const FEATURE_SETS: Readonly<Record<FeatureSetName, readonly SetEntry[]>> = {
  blog: BLOG,
  readme: README,
  full: FULL,
  readme16: README,
};

/** Value names of one set entry: `<descriptor>.<summary>` or `<descriptor>.<summary>.<band>`. */
export function entryNames(e: SetEntry): string[] {
  const d = DESCRIPTORS.get(e.descriptor);
  if (!d) throw new Error(`unknown descriptor ${e.descriptor}`);
  const names: string[] = [];
  for (const s of e.summaries) {
    if (d.rows === 1) names.push(`${d.name}.${s}`);
    else for (let b = 0; b < d.rows; b++) names.push(`${d.name}.${s}.${b}`);
  }
  return names;
}

/** The stable, ordered value names of a set (e.g. 'spectral_centroid.mean', 'mfcc.mean.3'). */
export function featureNames(set: FeatureSetName): string[] {
  if (set === 'readme16') return [...README16];
  const entries = FEATURE_SETS[set];
  if (!entries) throw new Error(`unknown feature set '${set}' (expected ${FEATURE_SET_NAMES.join(', ')})`);
  return entries.flatMap(entryNames);
}

/** True when the string names a feature set. */
export function isFeatureSetName(s: string): s is FeatureSetName {
  return (FEATURE_SET_NAMES as readonly string[]).includes(s);
}

/** The descriptor a value name belongs to (the longest descriptor name it starts with), or undefined. */
export function descriptorOfValue(name: string): Descriptor | undefined {
  let found: Descriptor | undefined;
  for (const d of DESCRIPTORS.values()) {
    if (name.startsWith(`${d.name}.`) && (found === undefined || d.name.length > found.name.length)) found = d;
  }
  return found;
}

/** True for values in units of power (amplitude²), such as the mel band means: heavy-tailed, and heard in decibels. */
export function isPowerValue(name: string): boolean {
  return descriptorOfValue(name)?.unit.startsWith('power') === true;
}
