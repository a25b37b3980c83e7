import { join } from 'node:path';
import { csvRow } from '../../store/index.js';
import type { StoredTrack } from '../../store/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { SweepRow } from './clustering.js';

/** One row of clusters.csv. */
export interface ClusterRow {
  track: StoredTrack;
  genre: string | null;
  cluster: number;
  playlist: string;
  position: number;
  xy: readonly number[];
  xyz: readonly number[];
}

const num = (v: number): string => (Number.isFinite(v) ? String(v) : '');

/** Writes clusters.csv: one row per track with tags, cluster, playlist position and plot coordinates. */
export function writeClustersCsv(outDir: string, rows: readonly ClusterRow[]): string {
  const file = join(outDir, 'clusters.csv');
  let s = csvRow(['row', 'path', 'title', 'artist', 'album', 'genre', 'duration_s', 'cluster', 'playlist', 'position', 'x2', 'y2', 'x3', 'y3', 'z3', 'fingerprint']);
  rows.forEach((r, i) => {
    const t = r.track.tags;
    s += csvRow([
      String(i + 1),
      r.track.path,
      t.title ?? '',
      t.artist ?? '',
      t.album ?? '',
      r.genre ?? '',
      num(r.track.durationSec),
      String(r.cluster),
      r.playlist,
      String(r.position + 1),
      ...r.xy.map(num),
      ...r.xyz.map(num),
      // Lets `--update` find a track again after the library has moved (another drive or folder).
      r.track.fingerprint,
    ]);
  });
  writeFileAtomic(file, s);
  return file;
}

/** Writes features.csv: path, then every named feature column (raw, unscaled values). */
export function writeFeaturesCsv(outDir: string, tracks: readonly StoredTrack[], columns: readonly string[]): string {
  const file = join(outDir, 'features.csv');
  let s = csvRow(['path', ...columns]);
  for (const t of tracks) s += csvRow([t.path, ...columns.map((c) => num(t.values[c] ?? Number.NaN))]);
  writeFileAtomic(file, s);
  return file;
}

/** Writes metrics.csv (one row per clustering: the sweep, then the chosen one) and metrics.json. */
export function writeMetrics(
  outDir: string,
  sweep: readonly SweepRow[],
  chosen: SweepRow & { reason: string },
  extra: Record<string, unknown>,
): { csv: string; json: string } {
  const keys = [...new Set([...sweep, chosen].flatMap((r) => Object.keys(r.metrics)))];
  let s = csvRow(['kind', 'space', 'method', 'k', ...keys]);
  const line = (kind: string, r: SweepRow): string =>
    csvRow([kind, r.space, r.method, String(r.k), ...keys.map((k) => (r.metrics[k] == null ? '' : String(r.metrics[k])))]);
  for (const r of sweep) s += line('sweep', r);
  s += line('chosen', chosen);
  const csv = join(outDir, 'metrics.csv');
  const json = join(outDir, 'metrics.json');
  writeFileAtomic(csv, s);
  writeFileAtomic(json, `${JSON.stringify({ chosen, ...extra, sweep }, null, 1)}\n`);
  return { csv, json };
}
