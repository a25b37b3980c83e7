import { truncateLabel } from './render.js';
import type { TrackGroup } from './groups.js';

/** Widest legend column in px; names are truncated to fit so they never overlap the plot. */
export const LEGEND_WIDTH = 190;
const MAX_ENTRIES = 40;

/** A vertical legend at the right edge listing at most 40 groups (largest first when cut). */
export function rightLegend(groups: TrackGroup[], top = 60): Record<string, unknown> {
  let shown = groups.map((g) => g.label);
  if (groups.length > MAX_ENTRIES) {
    const keep = new Set(
      [...groups]
        .sort((a, b) => b.members.length - a.members.length)
        .slice(0, MAX_ENTRIES)
        .map((g) => g.label),
    );
    shown = shown.filter((l) => keep.has(l));
  }
  return {
    type: 'plain',
    orient: 'vertical',
    right: 8,
    top,
    width: LEGEND_WIDTH - 16,
    itemWidth: 12,
    itemHeight: 10,
    itemGap: 4,
    textStyle: { fontSize: 11 },
    formatter: (name: string) => truncateLabel(name, 22),
    data: shown,
  };
}

/** A note for the subtitle when the legend had to omit groups, else ''. */
export function legendNote(groups: TrackGroup[]): string {
  return groups.length > MAX_ENTRIES ? ` · legend lists the ${MAX_ENTRIES} largest of ${groups.length} groups` : '';
}
