import { DEFAULT_FEATURE_SET } from '../features/sets.js';

/** Everything that changes the stored feature values of a track. */
export interface AnalysisSettings {
  /** Feature set name ('blog' | 'readme' | 'full'). */
  set: string;
  /** FEATURES_VERSION of the extractor. */
  featuresVersion: number;
  /** Analysis sample rate, Hz. */
  sampleRate: number;
  /** Decoder choice ('auto' | 'wasm' | 'ffmpeg'). */
  decoder: string;
}

/**
 * The settings key under which analyses are stored, e.g. `set=blog;fv=1;sr=22050;dec=auto`.
 * Two runs share stored analyses only when their keys are equal, so a new FEATURES_VERSION or
 * another sample rate or decoder never reuses stale values.
 */
export function settingsKey(s: AnalysisSettings): string {
  return `set=${s.set};fv=${s.featuresVersion};sr=${s.sampleRate};dec=${s.decoder}`;
}

/** The parts of a settings key (inverse of settingsKey); unknown fields are kept as strings. */
export function parseSettingsKey(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of key.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/**
 * The settings key a command uses when none is named: the most-analysed key of `set` (any set when
 * undefined), keys of `featuresVersion` first. Ties (a library analysed with two sets) go to the
 * default set and the default decoder, as `run` would analyse it, then to the key text. `current`
 * says whether it is of that version (a store keeps earlier versions' analyses); undefined when
 * nothing is analysed.
 */
export function mostAnalysedKey(
  list: readonly { key: string; analyses: number }[],
  featuresVersion: number,
  set?: string,
): { key: string; current: boolean } | undefined {
  const ranked = list
    .filter((s) => s.analyses > 0 && (set === undefined || parseSettingsKey(s.key).set === set))
    .map((s) => ({ ...s, current: parseSettingsKey(s.key).fv === String(featuresVersion) }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.analyses - a.analyses || unlike(a.key) - unlike(b.key) || (a.key < b.key ? -1 : 1));
  const best = ranked[0];
  return best === undefined ? undefined : { key: best.key, current: best.current };
}

/** How far a key is from what `run` analyses by default: 0 for the default set and decoder. */
function unlike(key: string): number {
  const k = parseSettingsKey(key);
  return (k.set === DEFAULT_FEATURE_SET ? 0 : 2) + (k.dec === 'auto' ? 0 : 1);
}
