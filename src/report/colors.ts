/** Colours shared by the SVG plots and the interactive map, so both agree. */

/** Colour of tracks without a genre tag and of unassigned (-1) clusters. */
export const MISSING_COLOR = '#9e9e9e';

// Anchors of a blue→green→yellow→red sequential ramp: ordered hues, so neighbouring genres in
// `genreOrder` (similar sound) get neighbouring colours, and no anchor is grey.
const RAMP: [number, number, number][] = [
  [48, 18, 59],
  [65, 105, 225],
  [32, 196, 214],
  [45, 205, 110],
  [164, 222, 52],
  [250, 190, 55],
  [235, 100, 25],
  [150, 20, 10],
];

/** Colour at position t in [0, 1] of the sequential ramp, as `#rrggbb`. */
export function rampColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  const hex = (k: number): string =>
    Math.round(a[k]! + (b[k]! - a[k]!) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** One colour per genre in `genreOrder` (same order), spread evenly along the sequential ramp. */
export function genreColors(genreOrder: readonly string[]): string[] {
  const n = genreOrder.length;
  return genreOrder.map((_, i) => rampColor(n <= 1 ? 0.5 : 0.04 + (0.92 * i) / (n - 1)));
}

// Categorical palette for clusters: cluster numbers have no order, so distinct hues.
const CLUSTER_PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#393b79',
  '#ad494a',
  '#637939',
  '#7b4173',
  '#3182bd',
  '#e6550d',
  '#31a354',
  '#756bb1',
  '#843c39',
  '#5254a3',
  '#8ca252',
];

/** Colour of cluster label `c` (-1 = unassigned gets the grey of missing values). */
export function clusterColor(c: number): string {
  if (c < 0) return MISSING_COLOR;
  return CLUSTER_PALETTE[c % CLUSTER_PALETTE.length]!;
}
