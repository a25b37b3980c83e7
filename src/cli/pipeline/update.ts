/** `--update`: the earlier run's playlists, read back from its clusters.csv, extended by new tracks. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEARCH_SPACE, type EarlierPlace, parseCsv, type UpdatedPlaylists, updatePlaylists } from '../../playlists/index.js';
import type { StoredTrack } from '../../store/index.js';
import type { Matrix } from '../../util/matrix.js';
import { count } from '../../util/text.js';

/**
 * The feature set and columns of the run that wrote outDir's playlists (from its metrics.json; empty
 * when unknown), so that `--update` without --set analyses and places tracks as that run did.
 */
function earlierRunSettings(outDir: string): { set?: string; features?: string } {
  try {
    const m = JSON.parse(readFileSync(join(outDir, 'metrics.json'), 'utf8')) as { settings?: { set?: unknown; features?: unknown } };
    const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
    return { set: str(m.settings?.set), features: str(m.settings?.features) };
  } catch {
    return {};
  }
}

/**
 * `--update` without --set or --features: the earlier run's, when metrics.json records them (written
 * since the seventh session). Returns the line to log, or undefined when nothing was taken.
 */
export function inheritEarlierSettings(values: Record<string, unknown>, outDir: string): string | undefined {
  if (values.update !== true || values.set !== undefined || values.features !== undefined) return undefined;
  const e = earlierRunSettings(outDir);
  if (e.set === undefined) return undefined;
  values.set = e.set;
  if (e.features !== undefined) values.features = e.features;
  return `--update: the '${e.set}' set${e.features && e.features !== 'all' ? ` (features ${e.features})` : ''}, as the run that made the playlists`;
}

/** The clusters.csv an earlier run left in its out folder, parsed once per run. */
export interface EarlierRun {
  file: string;
  header: string[];
  rows: string[][];
}

/** outDir/clusters.csv of the earlier run; undefined when there is none. */
export function readEarlierRun(outDir: string): EarlierRun | undefined {
  const file = join(outDir, 'clusters.csv');
  if (!existsSync(file)) return undefined;
  const recs = parseCsv(readFileSync(file, 'utf8'));
  return { file, header: recs[0] ?? [], rows: recs.slice(1) };
}

/** The playlist files (`03-dark-smooth.m3u8`) the earlier run wrote; none without one. */
export function earlierPlaylistFiles(run: EarlierRun | undefined): string[] {
  const c = run ? run.header.indexOf('playlist') : -1;
  if (!run || c < 0) return [];
  return [...new Set(run.rows.map((r) => r[c] ?? '').filter((f) => /^\d+-.+\.m3u8$/.test(f)))];
}

/**
 * Paths that the earlier run put in a playlist (empty without one): under `--update` such a file
 * keeps standing for its recording when another copy of it arrives.
 */
export function earlierPlacedPaths(run: EarlierRun | undefined): Set<string> {
  if (!run) return new Set();
  const [cPath, cList] = [run.header.indexOf('path'), run.header.indexOf('playlist')];
  if (cPath < 0 || cList < 0) return new Set();
  return new Set(run.rows.filter((r) => /^\d+-.+\.m3u8$/.test(r[cList] ?? '') && r[cPath]).map((r) => r[cPath]!));
}

/** Nearest placed tracks that vote on a new track's playlist. */
export const UPDATE_NEIGHBOURS = 5;

/**
 * Keeps the earlier run's playlists for `tracks` (rows of `search`, the space `similar` uses and
 * the playlists are ordered in): placed tracks stay, new ones join by their nearest placed tracks
 * and go where they lengthen the playlist's path least.
 */
export function updateFromEarlierRun(
  run: EarlierRun,
  tracks: readonly StoredTrack[],
  search: Matrix,
): UpdatedPlaylists & { reason: string; placedNow: boolean[] } {
  const { file, header } = run;
  const col = (name: string): number => {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`--update: ${file} has no '${name}' column (not a clusters.csv of this tool)`);
    return c;
  };
  const [cPath, cList, cPos] = [col('path'), col('playlist'), col('position')];
  // Written since the seventh session; older files match by path only.
  const cPrint = header.indexOf('fingerprint');
  const byPath = new Map<string, EarlierPlace>();
  const byPrint = new Map<string, string>();
  const names = new Set<string>();
  for (const r of run.rows) {
    const m = /^(\d+)-(.+)\.m3u8$/.exec(r[cList] ?? '');
    if (!m || r[cPath] === undefined) continue;
    byPath.set(r[cPath]!, { playlist: m[2]!, number: Number(m[1]), position: Number(r[cPos]) || 0 });
    if (cPrint >= 0 && r[cPrint]) byPrint.set(r[cPrint]!, r[cPath]!);
    names.add(m[2]!);
  }
  if (byPath.size === 0) throw new Error(`--update: ${file} lists no track in a playlist`);
  const here = new Set(tracks.map((t) => t.path));
  // A file whose earlier path is gone but whose content is the same (the library moved to another
  // drive or folder) takes its earlier place; each earlier place is taken once.
  const taken = new Set<string>(tracks.filter((t) => byPath.has(t.path)).map((t) => t.path));
  let moved = 0;
  const earlier = tracks.map((t) => {
    const direct = byPath.get(t.path);
    if (direct) return direct;
    const was = byPrint.get(t.fingerprint);
    if (was === undefined || here.has(was) || taken.has(was)) return undefined;
    taken.add(was);
    moved++;
    return byPath.get(was);
  });
  const gone = [...byPath.keys()].filter((p) => !taken.has(p)).length;
  const updated = updatePlaylists(search, search, earlier, { neighbours: UPDATE_NEIGHBOURS });
  const left = new Set(updated.playlists.map((p) => p.name));
  const emptied = [...names].filter((n) => !left.has(n));
  let reason = `--update: ${count(updated.kept, 'track')} kept their playlists, ${updated.added} new placed by their ${UPDATE_NEIGHBOURS} nearest placed tracks (${DEFAULT_SEARCH_SPACE})`;
  if (moved > 0) reason += ` (${moved} found under a new path)`;
  if (gone > 0) reason += `, ${gone} no longer in the library`;
  if (emptied.length > 0) reason += `; ${count(emptied.length, 'playlist')} left empty: ${emptied.join(', ')}`;
  return { ...updated, reason, placedNow: earlier.map((e) => e === undefined) };
}
