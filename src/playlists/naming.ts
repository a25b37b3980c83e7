/**
 * Playlist names from sound: each cluster is described by the interpretable descriptors in which it
 * differs most from the whole library (e.g. `bright-percussive-loud`).
 */

/** One interpretable direction of the feature space, with a word for each end. */
interface Axis {
  readonly id: string;
  readonly high: string;
  readonly low: string;
  /** Feature columns of this axis with their sign (+1: high value means `high`). */
  readonly columns: { name: string; sign: number }[];
}

/** How a cluster sits on one axis: mean axis score of the cluster in library standard deviations. */
export interface AxisEffect {
  axis: string;
  word: string;
  effect: number;
}

const LEVEL_SUMMARIES = new Set(['mean', 'clip_mean', 'median', 'clip_median', 'value']);
const SPREAD_SUMMARIES = new Set(['std', 'clip_std']);
const ALL_SUMMARIES = new Set([...LEVEL_SUMMARIES, ...SPREAD_SUMMARIES, 'min', 'max']);

/** Splits `spectral_rolloff_0.9.clip_median.2` into descriptor, summary and band. */
export function parseFeatureName(name: string): { descriptor: string; summary: string; band: string } {
  const parts = name.split('.');
  for (let i = 1; i < parts.length; i++) {
    if (ALL_SUMMARIES.has(parts[i]!)) {
      return { descriptor: parts.slice(0, i).join('.'), summary: parts[i]!, band: parts.slice(i + 1).join('.') };
    }
  }
  // A scalar descriptor with no summary part (e.g. `tempo`).
  return { descriptor: name, summary: 'value', band: '' };
}

/**
 * Rules mapping descriptors to axes, in the order words appear in a name. `sign` says which way a
 * high value points; `spread` selects the std summaries instead of the level summaries.
 */
const RULES: { id: string; high: string; low: string; match: (desc: string) => number; spread?: boolean }[] = [
  {
    id: 'brightness',
    high: 'bright',
    low: 'dark',
    match: (d) => (/^spectral_(centroid|rolloff|bandwidth)/.test(d) ? 1 : 0),
  },
  {
    id: 'percussion',
    high: 'percussive',
    low: 'smooth',
    // hpss_rms_difference is RMS(harmonic) − RMS(percussive): high means harmonic, hence −1.
    match: (d) => (/^hpss.*(difference|diff)/.test(d) ? -1 : /^(onset_strength|hpss.*percussive)/.test(d) ? 1 : 0),
  },
  {
    id: 'tempo',
    high: 'fast',
    low: 'slow',
    match: (d) => (/^(tempo|beat_track|bpm)(\b|_|$)/.test(d) && !/^tempogram/.test(d) ? 1 : 0),
  },
  {
    id: 'pulse',
    high: 'floating',
    low: 'rhythmic',
    // A flat tempogram has no dominant tempo.
    match: (d) => (/^tempogram.*flatness/.test(d) ? 1 : 0),
  },
  {
    id: 'noisiness',
    high: 'noisy',
    low: 'tonal',
    match: (d) => (/^(spectral_flatness|zero_crossing_rate)/.test(d) ? 1 : 0),
  },
  {
    id: 'loudness',
    high: 'loud',
    low: 'quiet',
    match: (d) => (/^(rms|bark)/.test(d) ? 1 : 0),
  },
  {
    id: 'dynamics',
    high: 'dynamic',
    low: 'steady',
    match: (d) => (/^rms$/.test(d) ? 1 : 0),
    spread: true,
  },
];

/** Name of the derived per-track value behind the `bass` axis. */
const BASS_COLUMN = '(low-band fraction)';
/** Name of the derived per-track value behind the `percussion` axis when a loudness column exists. */
const HARMONIC_SHARE_COLUMN = '(harmonic-percussive difference / loudness)';

/**
 * RMS(harmonic) − RMS(percussive) relative to the track's loudness (`rms.mean`, else the mean of the
 * bark band magnitudes), or undefined without both. The plain difference scales with loudness, so
 * on its own it calls every quiet track "neither" and every loud one extreme; the ratio asks how
 * much of the sound is harmonic, whatever its level.
 */
function harmonicShare(featureNames: readonly string[]): ((v: Record<string, number>) => number) | undefined {
  const has = new Set(featureNames);
  const diff = ['hpss_rms_difference.clip_mean', 'hpss_rms_difference.mean', 'hpss_rms_difference.clip_median'].find((n) => has.has(n));
  if (!diff) return undefined;
  let level: ((v: Record<string, number>) => number) | undefined;
  if (has.has('rms.mean')) level = (v) => v['rms.mean'] ?? Number.NaN;
  else {
    const bark = featureNames.filter((n) => /^bark_band_magnitude\.clip_mean\.\d+$/.test(n));
    if (bark.length > 0) level = (v) => bark.reduce((a, n) => a + (v[n] ?? Number.NaN), 0) / bark.length;
  }
  if (!level) return undefined;
  const lv = level;
  return (v) => {
    const l = lv(v);
    return l > 0 ? (v[diff] ?? Number.NaN) / l : Number.NaN;
  };
}

/**
 * Share of the low bands in a track's band magnitudes: bark bands below 510 Hz (readme set), else
 * the lowest tenth of the mel bands (below ≈ 250 Hz at 22,050 Hz), or undefined when neither exists.
 */
function bassFraction(featureNames: readonly string[]): ((v: Record<string, number>) => number) | undefined {
  const bands = (re: RegExp): string[] =>
    featureNames
      .map((n) => [n, re.exec(n)?.[1]] as const)
      .filter((x): x is readonly [string, string] => x[1] !== undefined)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((x) => x[0]);
  let all = bands(/^bark_band_magnitude\.clip_mean\.(\d+)$/);
  if (all.length === 0) all = bands(/^bark_band_magnitude\.mean\.(\d+)$/);
  let nLow = 2;
  if (all.length < 3) {
    all = bands(/^melspectrogram\.mean\.(\d+)$/);
    nLow = Math.ceil(all.length / 10);
  }
  if (all.length < 3) return undefined;
  const low = all.slice(0, nLow);
  return (v) => {
    let a = 0;
    let l = 0;
    for (const n of all) a += v[n] ?? Number.NaN;
    for (const n of low) l += v[n] ?? Number.NaN;
    return a > 0 ? l / a : Number.NaN;
  };
}

/** The axes available for these feature names (axes without a matching column are left out). */
export function namingAxes(featureNames: readonly string[]): Axis[] {
  const axes: Axis[] = [];
  for (const r of RULES) {
    const columns: { name: string; sign: number }[] = [];
    for (const name of featureNames) {
      const { descriptor, summary } = parseFeatureName(name);
      const sign = r.match(descriptor);
      if (sign === 0) continue;
      if (r.spread ? SPREAD_SUMMARIES.has(summary) : LEVEL_SUMMARIES.has(summary)) columns.push({ name, sign });
    }
    if (columns.length > 0) axes.push({ id: r.id, high: r.high, low: r.low, columns });
  }
  const percussion = axes.find((a) => a.id === 'percussion');
  if (percussion && harmonicShare(featureNames)) {
    // the loudness-relative share replaces the absolute HPSS columns; onset columns stay
    const others = percussion.columns.filter((c) => !/^hpss.*(difference|diff)/.test(parseFeatureName(c.name).descriptor));
    axes[axes.indexOf(percussion)] = { ...percussion, columns: [{ name: HARMONIC_SHARE_COLUMN, sign: -1 }, ...others] };
  }
  const bass = bassFraction(featureNames);
  if (bass) axes.push({ id: 'bass', high: 'bassy', low: 'airy', columns: [{ name: BASS_COLUMN, sign: 1 }] });
  // Feature sets of MFCCs only: the first coefficients track loudness and spectral tilt.
  if (axes.length === 0) {
    const has = new Set(featureNames);
    if (has.has('mfcc.mean.1')) axes.push({ id: 'brightness', high: 'bright', low: 'dark', columns: [{ name: 'mfcc.mean.1', sign: -1 }] });
    if (has.has('mfcc.mean.0')) axes.push({ id: 'loudness', high: 'loud', low: 'quiet', columns: [{ name: 'mfcc.mean.0', sign: 1 }] });
  }
  return axes;
}

/** Per-track score on each axis: the mean of its signed, library-standardised columns (NaN ignored). */
function axisScores(values: readonly Record<string, number>[], axes: Axis[]): Float64Array[] {
  const n = values.length;
  return axes.map((axis) => {
    const score = new Float64Array(n);
    const count = new Float64Array(n);
    for (const { name, sign } of axis.columns) {
      let s = 0;
      let s2 = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i]![name];
        if (v === undefined || !Number.isFinite(v)) continue;
        s += v;
        s2 += v * v;
        m++;
      }
      if (m < 2) continue;
      const mean = s / m;
      const sd = Math.sqrt(Math.max(0, s2 / m - mean * mean));
      if (!(sd > 1e-12 * (1 + Math.abs(mean)))) continue;
      for (let i = 0; i < n; i++) {
        const v = values[i]![name];
        if (v === undefined || !Number.isFinite(v)) continue;
        score[i]! += (sign * (v - mean)) / sd;
        count[i]! += 1;
      }
    }
    for (let i = 0; i < n; i++) score[i] = count[i]! > 0 ? score[i]! / count[i]! : 0;
    return score;
  });
}

/**
 * Each cluster's effect on every available axis: the cluster's mean axis score divided by the
 * library's standard deviation of that score, sorted by |effect| descending. Index = cluster label
 * (0 … max label); label −1 (unassigned) is ignored.
 */
export function clusterProfiles(values: readonly Record<string, number>[], labels: ArrayLike<number>): AxisEffect[][] {
  if (values.length !== labels.length) {
    throw new Error(`clusterProfiles: ${values.length} tracks but ${labels.length} labels`);
  }
  const names = new Set<string>();
  for (const v of values) for (const k of Object.keys(v)) names.add(k);
  const sorted = [...names].sort();
  const axes = namingAxes(sorted);
  const bass = bassFraction(sorted);
  const share = harmonicShare(sorted);
  const withDerived =
    bass || share
      ? values.map((v) => ({
          ...v,
          ...(bass ? { [BASS_COLUMN]: bass(v) } : {}),
          ...(share ? { [HARMONIC_SHARE_COLUMN]: share(v) } : {}),
        }))
      : values;
  const scores = axisScores(withDerived, axes);
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i]! + 1);
  const n = values.length;
  const sds = scores.map((s) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += s[i]!;
    m /= n || 1;
    let v = 0;
    for (let i = 0; i < n; i++) v += (s[i]! - m) ** 2;
    return { mean: m, sd: Math.sqrt(v / (n || 1)) };
  });
  const out: AxisEffect[][] = [];
  for (let c = 0; c < k; c++) {
    const effects: AxisEffect[] = [];
    for (let a = 0; a < axes.length; a++) {
      let s = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        if (labels[i] !== c) continue;
        s += scores[a]![i]!;
        m++;
      }
      const { mean, sd } = sds[a]!;
      const effect = m === 0 || !(sd > 0) ? 0 : (s / m - mean) / sd;
      effects.push({ axis: axes[a]!.id, word: effect >= 0 ? axes[a]!.high : axes[a]!.low, effect });
    }
    // Stable sort keeps the rule order on ties.
    effects.sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect));
    out.push(effects);
  }
  return out;
}

const AXIS_ORDER = ['brightness', 'bass', ...RULES.map((r) => r.id).filter((id) => id !== 'brightness')];

/** The name from the chosen effects, words in a fixed axis order (brightness, percussion, tempo, …). */
function joinWords(chosen: AxisEffect[]): string {
  return [...chosen]
    .sort((x, y) => AXIS_ORDER.indexOf(x.axis) - AXIS_ORDER.indexOf(y.axis))
    .map((e) => e.word)
    .join('-');
}

/** Keeps only lowercase letters, digits and single hyphens (safe on every file system). */
export function safeName(s: string): string {
  const t = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return t.slice(0, 60).replace(/-+$/, '') || 'cluster';
}

/** Effects smaller than this (in library standard deviations) are not worth a third word. */
export const THIRD_WORD_MIN_EFFECT = 0.3;

/**
 * Index (into cluster `c`'s profile) of the unused axis that best tells `c` from the other
 * `members`: an axis whose word differs from some namesake's first, then the one on which `c` lies
 * furthest beyond the namesakes' mean in its own word's direction (by at least
 * THIRD_WORD_MIN_EFFECT); −1 when no axis qualifies.
 */
function distinguishingWord(profiles: readonly AxisEffect[][], c: number, members: readonly number[], used: readonly number[]): number {
  const own = profiles[c]!;
  let best = -1;
  let bestDiffers = false;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < own.length; i++) {
    if (used.includes(i)) continue;
    const { axis, word, effect } = own[i]!;
    let differs = false;
    let sum = 0;
    let m = 0;
    for (const o of members) {
      if (o === c) continue;
      const e = profiles[o]!.find((x) => x.axis === axis);
      if (!e) continue;
      if (e.word !== word) differs = true;
      sum += e.effect;
      m++;
    }
    const score = Math.sign(effect) * (effect - (m > 0 ? sum / m : 0));
    // a difference within the noise of a cluster mean earns no word
    if (score < THIRD_WORD_MIN_EFFECT) continue;
    // profiles are sorted by |effect|, so ties keep the stronger axis
    if ((differs && !bestDiffers) || (differs === bestDiffers && score > bestScore)) {
      best = i;
      bestDiffers = differs;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A short, unique, file-system-safe name per cluster (index = label 0 … max label) describing how
 * its sound differs from the library: the words of the two axes with the largest |effect|, plus a
 * third when its |effect| ≥ 0.3 library standard deviations (e.g. `bright-percussive-loud`).
 * Names that collide get, each, the word of the axis on which the cluster stands out most from its
 * namesakes, while that tells them apart; those still alike keep their first words and get a
 * numeric suffix `-2`, `-3`, … (no six-word names that differ only in the suffix).
 * `values` are per-track named features (raw or scaled: each column is standardised here).
 */
export function nameClusters(values: readonly Record<string, number>[], labels: ArrayLike<number>): string[] {
  const profiles = clusterProfiles(values, labels);
  const firstCount = profiles.map((p) => {
    let m = Math.min(2, p.length);
    if (p.length > 2 && Math.abs(p[2]!.effect) >= THIRD_WORD_MIN_EFFECT) m = 3;
    return m;
  });
  // each cluster's words, as indices into its profile (strongest first)
  const first = firstCount.map((m) => Array.from({ length: m }, (_, i) => i));
  const chosen = first.map((w) => [...w]);
  const nameOf = (c: number): string =>
    profiles[c]!.length === 0 ? `cluster-${c + 1}` : safeName(joinWords(chosen[c]!.map((i) => profiles[c]![i]!)));
  const names = profiles.map((_, c) => nameOf(c));
  // the clusters of each name, in label order
  const sharing = (): number[][] => {
    const groups = new Map<string, number[]>();
    names.forEach((nm, c) => {
      const g = groups.get(nm);
      if (g) g.push(c);
      else groups.set(nm, [c]);
    });
    return [...groups.values()];
  };
  // Collisions: each colliding cluster gets one more word while that helps, the word of the axis on
  // which it stands out most from its namesakes (so two clusters that differ in pulse are called
  // `…-floating` and `…-rhythmic`, not both `…-noisy-loud` first because both are noisy and loud).
  for (let round = 0; round < 3; round++) {
    let changed = false;
    for (const members of sharing()) {
      if (members.length < 2) continue;
      const picks = members.map((c) => distinguishingWord(profiles, c, members, chosen[c]!));
      members.forEach((c, j) => {
        const pick = picks[j]!;
        if (pick < 0) return;
        chosen[c]!.push(pick);
        names[c] = nameOf(c);
        changed = true;
      });
    }
    if (!changed) break;
  }
  // Clusters the extra words did not tell apart go back to their first words.
  for (const members of sharing()) {
    if (members.length < 2) continue;
    for (const c of members) {
      chosen[c] = [...first[c]!];
      names[c] = nameOf(c);
    }
  }
  const seen = new Map<string, number>();
  const taken = new Set(names);
  return names.map((nm) => {
    const count = (seen.get(nm) ?? 0) + 1;
    seen.set(nm, count);
    if (count === 1) return nm;
    let suffix = count;
    while (taken.has(`${nm}-${suffix}`)) suffix++;
    const out = `${nm}-${suffix}`;
    taken.add(out);
    return out;
  });
}
