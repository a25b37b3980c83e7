/**
 * The space `similar` and `path` search in, built from the feature store alone (no audio is
 * decoded): stored feature values → power in decibels → standard scaling → the chosen projection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pca, standardScale, trainAutoencoder } from '../embed/index.js';
import { FEATURES_VERSION, featureNames, isFeatureSetName, isPowerValue, README16 } from '../features/index.js';
import { GONE_REASON, splitByPresence } from '../library/index.js';
import { type FeatureStore, mostAnalysedKey, parseSettingsKey, type StoredTrack } from '../store/index.js';
import type { Matrix } from '../util/matrix.js';
import { spreadsheetCsvRecords } from '../util/csv.js';
import { SearchError } from './search.js';

/** How to build the search space. */
export interface SearchSpaceOptions {
  /** Feature set whose analyses to use (default: the set with the most analyses in the store). */
  set?: string;
  /** Exact settings key (overrides `set`). */
  settingsKey?: string;
  /** Columns: 'all' features of the set (default; every stored column when the set is unknown), 'readme16', or a comma-separated list of names. */
  features?: string;
  /** 'full' (scaled features), 'pcaN' or 'aeN' (N dimensions) (default DEFAULT_SEARCH_SPACE). */
  space?: string;
  /** Seed of the autoencoder (default 0). */
  seed?: number;
  /** Autoencoder epochs at most (default 2000). */
  epochLimit?: number;
  /** Stored tracks to leave out of the search (`--exclude`); counted in `SearchRows.excluded`. */
  exclude?: (path: string) => boolean;
}

/** The space `similar` and `path` search in unless told (measured: docs/eval.md, table 5). */
export const DEFAULT_SEARCH_SPACE = 'pca32';

/** Tracks and their coordinates: row i of X is tracks[i]. */
export interface SearchSpace {
  X: Matrix;
  tracks: StoredTrack[];
  /** Stored tracks left out because a wanted feature is missing or not finite. */
  dropped: { path: string; reason: string }[];
  settingsKey: string;
  columns: string[];
  space: string;
}

/**
 * The settings key to search: the given one, else the most-analysed key of `set` (any set when
 * undefined) among analyses of this release's FEATURES_VERSION. A store keeps the analyses of
 * earlier versions; counting them in would pick stale values whenever they are as many.
 */
export function chooseSearchKey(store: FeatureStore, set?: string, key?: string): string {
  const all = store.settingsList();
  if (key !== undefined) {
    if (!all.some((s) => s.key === key)) throw new SearchError(`${store.path}: no analyses under settings '${key}'`);
    return key;
  }
  const best = mostAnalysedKey(all, FEATURES_VERSION, set);
  const forSet = set === undefined ? '' : ` for feature set '${set}'`;
  if (best === undefined) throw new SearchError(`${store.path}: no analyses${forSet} in this store (run 'mir-cluster-playlist analyze' first)`);
  if (!best.current) {
    throw new SearchError(
      `${store.path}: its analyses${forSet} are of features version ${parseSettingsKey(best.key).fv ?? '?'}, and this release computes version ${FEATURES_VERSION}: analyse the library again ('mir-cluster-playlist analyze' or 'run'; the store reuses nothing stale)`,
    );
  }
  return best.key;
}

/** Power below this counts as this much when taken to decibels (librosa's power_to_db amin). */
const POWER_FLOOR = 1e-10;

/**
 * Feature rows as the search spaces measure them: power values (the mel band means) in decibels,
 * then every column standard-scaled. Raw power is heavy-tailed (a few loud tracks set a band's
 * variance); in decibels the nearest track is from the same soundtrack 58 % of the time instead of
 * 49 % on the evaluation library (docs/eval.md, table 5). Clustering keeps the raw power: there the
 * decibels measured worse.
 */
export function searchScaled(X: Matrix, columns: readonly string[]): Matrix {
  if (columns.length !== X.cols) throw new SearchError(`${columns.length} column names for ${X.cols} columns`);
  const power = columns.map(isPowerValue);
  if (!power.includes(true)) return standardScale(X).Z;
  const data = Float64Array.from(X.data);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      if (power[j]) data[i * X.cols + j] = 10 * Math.log10(Math.max(data[i * X.cols + j]!, POWER_FLOOR));
    }
  }
  return standardScale({ rows: X.rows, cols: X.cols, data }).Z;
}

/**
 * Raw feature rows in the space `similar` searches by default (DEFAULT_SEARCH_SPACE of
 * `searchScaled`): what the playlists are ordered in, and what the report's lists and `--update`
 * search. A single row has no principal components and stays as scaled.
 */
export function defaultSearchRows(X: Matrix, columns: readonly string[]): Matrix {
  const scaled = searchScaled(X, columns);
  return X.rows < 2 ? scaled : projectSpace(scaled, DEFAULT_SEARCH_SPACE);
}

/** Coordinates of the scaled rows Z in `space`: full, pcaN or aeN. */
export function projectSpace(Z: Matrix, space: string, seed = 0, epochLimit = 2000): Matrix {
  if (space === 'full') return Z;
  const m = /^(pca|ae)(\d+)$/.exec(space);
  if (!m || Number(m[2]) < 1) throw new SearchError(`unknown space '${space}' (full, pcaN or aeN, e.g. pca8, ae8)`);
  const dims = Math.min(Number(m[2]), Z.cols, Math.max(1, Z.rows - 1));
  if (m[1] === 'pca') return pca(Z, dims).transformed;
  return trainAutoencoder(Z, { bottleneck: dims, seed, epochLimit }).embedding;
}

/** The stored rows of one settings key, before scaling: what `projectSearchRows` turns into a space. */
export interface SearchRows {
  /** Raw feature values: row i is tracks[i], columns in `columns` order. */
  X: Matrix;
  tracks: StoredTrack[];
  dropped: { path: string; reason: string }[];
  /** Stored tracks `exclude` left out. */
  excluded: number;
  settingsKey: string;
  columns: string[];
}

/**
 * Loads every good analysis of one settings key from the store and keeps the tracks whose wanted
 * columns are all finite (files gone since their analysis are dropped).
 */
export function loadSearchRows(store: FeatureStore, opts: SearchSpaceOptions = {}): SearchRows {
  const key = chooseSearchKey(store, opts.set, opts.settingsKey);
  const stored = store.columns(key);
  const spec = opts.features ?? 'all';
  let columns: string[];
  if (spec === 'all') {
    // The set's own features, as `cluster` uses them: the store also keeps values that are not
    // features (the report's spectral-centroid quartiles), which would tilt the distances.
    const set = parseSettingsKey(key).set;
    columns = set !== undefined && isFeatureSetName(set) ? featureNames(set).filter((c) => stored.includes(c)) : [...stored];
  } else {
    columns = spec === 'readme16' ? [...README16] : spec.split(',').map((s) => s.trim()).filter(Boolean);
    const missing = columns.filter((c) => !stored.includes(c));
    if (columns.length === 0 || missing.length > 0) {
      throw new SearchError(`--features: ${missing.slice(0, 5).join(', ') || spec} not stored under ${key}`);
    }
  }
  // A file deleted or moved since its analysis is never recommended (it is listed as dropped).
  const { present: all, gone } = splitByPresence(store.tracks(key));
  const tracks: StoredTrack[] = [];
  const dropped: { path: string; reason: string }[] = gone.map((t) => ({ path: t.path, reason: GONE_REASON }));
  const rows: number[] = [];
  let excluded = 0;
  for (const t of all) {
    if (opts.exclude?.(t.path)) {
      excluded++;
      continue;
    }
    const bad = columns.find((c) => !Number.isFinite(t.values[c]));
    if (bad !== undefined) {
      dropped.push({ path: t.path, reason: `feature ${bad} is ${t.values[bad] === undefined ? 'missing' : String(t.values[bad])}` });
      continue;
    }
    tracks.push(t);
    for (const c of columns) rows.push(t.values[c]!);
  }
  if (tracks.length < 2) {
    const why = gone.length > 0 ? ` (${gone.length} of the analysed files no longer exist: moved, deleted, or on a drive that is not mounted)` : '';
    throw new SearchError(`${store.path}: ${tracks.length} usable track(s) under ${key}${why}; need at least 2`);
  }
  const X: Matrix = { rows: tracks.length, cols: columns.length, data: Float64Array.from(rows) };
  return { X, tracks, dropped, excluded, settingsKey: key, columns };
}

/**
 * Scales (`searchScaled`) and projects the rows into `opts.space`. `extra` tracks (analysed outside the store, e.g. a
 * seed that is not in the library) are appended after the stored ones and take part in the
 * scaling like any track: one row among the library's hardly moves the space.
 */
export function projectSearchRows(loaded: SearchRows, opts: SearchSpaceOptions = {}, extra: readonly StoredTrack[] = []): SearchSpace {
  let X = loaded.X;
  if (extra.length > 0) {
    const data = new Float64Array((X.rows + extra.length) * X.cols);
    data.set(X.data);
    extra.forEach((t, e) => {
      loaded.columns.forEach((c, j) => {
        const v = t.values[c];
        if (!Number.isFinite(v)) throw new SearchError(`${t.path}: feature ${c} is ${v === undefined ? 'missing' : String(v)}`);
        data[(X.rows + e) * X.cols + j] = v!;
      });
    });
    X = { rows: X.rows + extra.length, cols: X.cols, data };
  }
  const space = opts.space ?? DEFAULT_SEARCH_SPACE;
  const coords = projectSpace(searchScaled(X, loaded.columns), space, opts.seed ?? 0, opts.epochLimit ?? 2000);
  return { X: coords, tracks: [...loaded.tracks, ...extra], dropped: loaded.dropped, settingsKey: loaded.settingsKey, columns: loaded.columns, space };
}

/**
 * Loads every good analysis of one settings key from the store, keeps the tracks whose wanted
 * columns are all finite, scales them (`searchScaled`) and projects.
 */
export function loadSearchSpace(store: FeatureStore, opts: SearchSpaceOptions = {}): SearchSpace {
  return projectSearchRows(loadSearchRows(store, opts), opts);
}

/** Parses RFC 4180 CSV text into records of fields (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  // clusters.csv as we wrote it, or as a spreadsheet saved it again (a BOM, semicolons, CRLF)
  return spreadsheetCsvRecords(text).records.map((r) => r.fields);
}

/** The `path` column of a clusters.csv, in row order (row N of the file is element N−1). */
export function clustersCsvPaths(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SearchError(`${file}: cannot read clusters.csv (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const recs = parseCsv(text);
  const header = recs[0];
  const col = header ? header.indexOf('path') : -1;
  if (col < 0) throw new SearchError(`${file}: not a clusters.csv (no 'path' column)`);
  return recs.slice(1).filter((r) => r.length > col).map((r) => r[col]!);
}

/** clusters.csv beside the store file, when there is one (the default output layout). */
export function defaultClustersCsv(dbPath: string): string | undefined {
  const f = join(dirname(dbPath), 'clusters.csv');
  return existsSync(f) ? f : undefined;
}
