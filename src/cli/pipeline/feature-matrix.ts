import type { StoredTrack } from '../../store/index.js';
import type { Matrix } from '../../util/matrix.js';

/** The analysed tracks that have every wanted column finite, as a matrix, plus those left out. */
export function featureMatrix(
  tracks: readonly StoredTrack[],
  columns: readonly string[],
): { X: Matrix; kept: StoredTrack[]; dropped: { track: StoredTrack; reason: string }[] } {
  const kept: StoredTrack[] = [];
  const dropped: { track: StoredTrack; reason: string }[] = [];
  const rows: number[] = [];
  for (const t of tracks) {
    const bad = columns.find((c) => !Number.isFinite(t.values[c]));
    if (bad !== undefined) {
      const why = t.values[bad] === undefined ? 'is missing' : `is ${t.values[bad]}`;
      dropped.push({ track: t, reason: `feature ${bad} ${why}` });
      continue;
    }
    kept.push(t);
    for (const c of columns) rows.push(t.values[c]!);
  }
  return { X: { rows: kept.length, cols: columns.length, data: Float64Array.from(rows) }, kept, dropped };
}
