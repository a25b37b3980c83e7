/**
 * `mir-cluster-playlist export --db PATH --csv|--json [--out FILE]`: the stored feature matrix with
 * named columns and track metadata, for pandas or R.
 */
import { once } from 'node:events';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageErrorLines } from '../usage-error-line.js';
import { writeChunksAtomic } from '../../util/atomic-write.js';
import { FEATURES_VERSION } from '../../features/index.js';
import { csvRow, FeatureStore, mostAnalysedKey, parseSettingsKey } from '../../store/index.js';
import type { FeatureMatrix } from '../../store/index.js';
import { errorText } from '../error-text.js';

/** Metadata columns that come before the feature columns, in this order. */
export const METADATA_COLUMNS = ['path', 'title', 'artist', 'album', 'genre', 'track_number', 'duration_sec'] as const;

function metadataOf(m: FeatureMatrix, i: number): (string | number | undefined)[] {
  const t = m.tracks[i]!;
  return [t.path, t.title, t.artist, t.album, t.genre, t.trackNumber, t.durationSec];
}

const ROWS_PER_CHUNK = 256;

/** The matrix as RFC 4180 CSV text, in chunks of rows (CRLF records, header row, NaN as `NaN`, missing tags empty). */
export function* csvChunks(m: FeatureMatrix): Generator<string> {
  yield csvRow([...METADATA_COLUMNS, ...m.names]);
  for (let i0 = 0; i0 < m.rows; i0 += ROWS_PER_CHUNK) {
    let s = '';
    for (let i = i0; i < Math.min(m.rows, i0 + ROWS_PER_CHUNK); i++) {
      s += csvRow([...metadataOf(m, i), ...m.data.subarray(i * m.cols, (i + 1) * m.cols)]);
    }
    yield s;
  }
}

/**
 * The matrix as JSON text, in chunks: `{ settingsKey, featuresVersion, featureSet,
 * metadataColumns, featureColumns, rows: [{ path, title, ..., 'zcr.mean': ... }] }`; missing tags
 * and NaN are null.
 */
export function* jsonChunks(m: FeatureMatrix): Generator<string> {
  const k = parseSettingsKey(m.settingsKey);
  const head = JSON.stringify({
    settingsKey: m.settingsKey,
    featuresVersion: k.fv === undefined ? null : Number(k.fv),
    featureSet: k.set ?? null,
    metadataColumns: METADATA_COLUMNS,
    featureColumns: m.names,
  });
  yield `${head.slice(0, -1)},"rows":[`;
  // Keys are JSON-escaped once; each row is then plain concatenation.
  const keys = [...METADATA_COLUMNS, ...m.names].map((c) => `${JSON.stringify(c)}:`);
  const nm = METADATA_COLUMNS.length;
  for (let i0 = 0; i0 < m.rows; i0 += ROWS_PER_CHUNK) {
    let s = '';
    for (let i = i0; i < Math.min(m.rows, i0 + ROWS_PER_CHUNK); i++) {
      const meta = metadataOf(m, i);
      let r = i === 0 ? '{' : ',{';
      for (let j = 0; j < nm; j++) r += `${j ? ',' : ''}${keys[j]}${JSON.stringify(meta[j] ?? null)}`;
      for (let j = 0; j < m.cols; j++) {
        const x = m.data[i * m.cols + j]!;
        r += `,${keys[nm + j]}${Number.isFinite(x) ? JSON.stringify(x) : 'null'}`;
      }
      s += `${r}}`;
    }
    yield s;
  }
  yield ']}\n';
}

/** The whole CSV text (see csvChunks). */
export function matrixToCsv(m: FeatureMatrix): string {
  return [...csvChunks(m)].join('');
}

/** The whole JSON text (see jsonChunks). */
export function matrixToJson(m: FeatureMatrix): string {
  return [...jsonChunks(m)].join('');
}


/** Writes text chunks to a stream, waiting whenever it asks to (pipes to a slow reader). */
async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const c of chunks) {
    if (!out.write(c)) await once(out, 'drain');
  }
}

/**
 * Picks the settings key to export: the given key, else the most-analysed key of `set` (any set
 * when undefined), analyses of this release's features version first (older ones when there are
 * no others: the export is the stored data, and `--out` names its key).
 */
export function chooseSettingsKey(store: FeatureStore, set?: string, key?: string): string {
  const all = store.settingsList();
  if (key !== undefined) {
    if (!all.some((s) => s.key === key)) throw new Error(`${store.path}: no analyses under settings '${key}'`);
    return key;
  }
  const best = mostAnalysedKey(all, FEATURES_VERSION, set);
  if (best === undefined) throw new Error(`${store.path}: no analyses${set === undefined ? '' : ` for feature set '${set}'`} in this store`);
  return best.key;
}

const USAGE = `usage: mir-cluster-playlist export --db PATH (--csv | --json) [options]

Write the stored feature matrix (one row per track, named feature columns, plus path, title,
artist, album, genre, track_number, duration_sec) for pandas or R.

options:
  --db PATH               feature store file (required)
  --set NAME              feature set to export (blog, readme, ...) [the set with the most
                          analyses; full on a tie]
  --settings KEY          exact settings key (see --list)
  --csv                   RFC 4180 CSV
  --json                  JSON object with a 'rows' array of records
  --out FILE              write here (atomically) instead of stdout
  --list                  list the settings keys in the store and exit
  -h, --help              this help
`;

const EXPORT_OPTIONS = {
  db: { type: 'string' },
  set: { type: 'string' },
  settings: { type: 'string' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The `export` command; exit code 0, 1 (store problem), 2 (usage). */
export async function main(args: string[]): Promise<number> {
  let v: { db?: string; set?: string; settings?: string; csv?: boolean; json?: boolean; out?: string; list?: boolean; help?: boolean };
  try {
    v = parseArgs({
      args,
      options: EXPORT_OPTIONS,
    }).values;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!v.db) throw new Error('--db is required');
    if (v.set !== undefined && !/^[a-z0-9_]+$/.test(v.set)) throw new Error(`--set: not a feature set name: '${v.set}'`);
    if (!v.list && v.csv === v.json) throw new Error('give exactly one of --csv and --json');
  } catch (err) {
    process.stderr.write(usageErrorLines('export', err, EXPORT_OPTIONS));
    return 2;
  }
  let store: FeatureStore | undefined;
  try {
    store = FeatureStore.open(resolve(v.db), { readonly: true });
    if (v.list) {
      for (const s of store.settingsList()) {
        process.stdout.write(`${s.key}\t${s.analyses} analyses\t${s.errors} errors\t${s.columns} features\n`);
      }
      return 0;
    }
    const key = chooseSettingsKey(store, v.set, v.settings);
    const m = store.matrix(key);
    const chunks = v.csv ? csvChunks(m) : jsonChunks(m);
    if (v.out) {
      writeChunksAtomic(resolve(v.out), chunks);
      process.stderr.write(`export: ${m.rows} tracks x ${m.cols} features (${key}) -> ${v.out}\n`);
    } else {
      await writeChunks(process.stdout, chunks);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`mir-cluster-playlist export: ${errorText(err)}\n`);
    return 1;
  } finally {
    store?.close();
  }
}
