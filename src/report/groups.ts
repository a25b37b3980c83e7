import { clusterColor, genreColors, MISSING_COLOR } from './colors.js';
import type { RunResult } from './types.js';

/** How points are coloured: by genre tag or by cluster label. */
export type ColorBy = 'genre' | 'cluster';

/** A set of tracks drawn in one colour with one legend entry. */
export interface TrackGroup {
  label: string;
  color: string;
  /** Indices into `RunResult.tracks`. */
  members: number[];
}

/** What the tracks' reference labels are called: `genre` unless the run used folders or a label file. */
export function labelNounOf(result: RunResult): string {
  return result.labelNoun ?? 'genre';
}

/** Legend entry of the tracks without a reference label, e.g. `(no genre)` or `(no folder)`. */
export function noLabelText(result: RunResult): string {
  return `(no ${labelNounOf(result)})`;
}
/** Label used for tracks whose cluster is -1. */
export const UNASSIGNED_LABEL = 'unassigned';

/**
 * `genreOrder` plus, at its end (sorted), any genre a track carries that the order lacks — so a
 * result filled inconsistently still gives every genre its own colour instead of "no genre".
 */
export function genreOrderOf(result: RunResult): string[] {
  const known = new Set(result.genreOrder);
  const extra = new Set<string>();
  for (const t of result.tracks) if (t.genre !== null && !known.has(t.genre)) extra.add(t.genre);
  return [...result.genreOrder, ...[...extra].sort()];
}

/** A cluster as the files name it: its playlist's number and name (`03 dark-tonal-quiet`). */
export function clusterNamer(result: RunResult): (cluster: number) => string {
  const names = new Map(result.playlists.map((p) => [p.cluster, `${String(p.index + 1).padStart(2, '0')} ${p.name}`]));
  return (c) => names.get(c) ?? (c < 0 ? UNASSIGNED_LABEL : `cluster ${c}`);
}

/** Tracks grouped by genre in `genreOrder` (no-genre last) or by cluster (ascending, -1 last). */
export function trackGroups(result: RunResult, by: ColorBy): TrackGroup[] {
  if (by === 'genre') {
    const order = genreOrderOf(result);
    const colors = genreColors(order);
    const pos = new Map(order.map((g, i) => [g, i]));
    const groups: TrackGroup[] = order.map((g, i) => ({ label: g, color: colors[i]!, members: [] }));
    const none: TrackGroup = { label: noLabelText(result), color: MISSING_COLOR, members: [] };
    result.tracks.forEach((t, i) => {
      const p = t.genre === null ? undefined : pos.get(t.genre);
      (p === undefined ? none : groups[p]!).members.push(i);
    });
    return [...groups, none].filter((g) => g.members.length > 0);
  }
  const byLabel = new Map<number, number[]>();
  result.tracks.forEach((t, i) => {
    const c = t.cluster < 0 ? -1 : t.cluster;
    let m = byLabel.get(c);
    if (!m) byLabel.set(c, (m = []));
    m.push(i);
  });
  const labels = [...byLabel.keys()].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b));
  const name = clusterNamer(result);
  return labels.map((c) => ({
    label: name(c),
    color: clusterColor(c),
    members: byLabel.get(c)!,
  }));
}

/** Track indices ordered by genre (genreOrder, no-genre last), ties kept in `key` ascending order. */
export function orderByGenre(result: RunResult, key: (i: number) => number): number[] {
  const pos = new Map(genreOrderOf(result).map((g, i) => [g, i]));
  const gi = (i: number): number => {
    const g = result.tracks[i]!.genre;
    return g === null ? Number.MAX_SAFE_INTEGER : (pos.get(g) ?? Number.MAX_SAFE_INTEGER);
  };
  return result.tracks.map((_, i) => i).sort((a, b) => gi(a) - gi(b) || key(a) - key(b) || a - b);
}
