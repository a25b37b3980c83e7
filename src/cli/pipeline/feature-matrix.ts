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

/** Columns [a | w·b] side by side (rows must match). */
export function appendColumns(a: Matrix, b: Matrix, weight: number): Matrix {
  if (a.rows !== b.rows) throw new Error(`appendColumns: ${a.rows} vs ${b.rows} rows`);
  const cols = a.cols + b.cols;
  const data = new Float64Array(a.rows * cols);
  for (let i = 0; i < a.rows; i++) {
    data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), i * cols);
    for (let j = 0; j < b.cols; j++) data[i * cols + a.cols + j] = weight * b.data[i * b.cols + j]!;
  }
  return { rows: a.rows, cols, data };
}
