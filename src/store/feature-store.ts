import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Matrix } from '../util/matrix.js';
import { audioPayloadPrint } from '../audio/index.js';
import { mendTagText } from '../util/windows-1252.js';
import { writeAccess } from '../util/write-access.js';
import { fingerprintFile } from './fingerprint.js';
import { migrate, SCHEMA_VERSION, StoreError } from './schema.js';
import type {
  ErrorRecord,
  FeatureMatrix,
  LookupCheck,
  Probe,
  StoredError,
  StoredTrack,
  TrackMeta,
  TrackTags,
} from './types.js';

if (endianness() !== 'LE') {
  // Feature values are stored as little-endian Float64 BLOBs and read back as typed-array views.
  throw new Error('feature store: big-endian machines are not supported');
}

interface SettingsRow {
  id: number;
  columns: string[];
  /** Builds the named-values record of one row. */
  record: (v: Float64Array) => Record<string, number>;
}

/**
 * A function turning a column-ordered Float64Array into a `{ name: value }` record. It is compiled
 * from an object literal over the (JSON-quoted) names: V8 then builds each record in one step with
 * a fixed shape, about 4x faster than adding 100+ properties one by one, which matters when a
 * 100k-track library is loaded.
 */
function recordFactory(columns: readonly string[]): (v: Float64Array) => Record<string, number> {
  if (columns.includes('__proto__')) {
    // An object literal would set the prototype instead of a property with that name.
    return (v) => {
      const o: Record<string, number> = {};
      for (let j = 0; j < columns.length; j++) {
        Object.defineProperty(o, columns[j]!, { value: v[j], enumerable: true, writable: true, configurable: true });
      }
      return o;
    };
  }
  const body = `return {${columns.map((c, i) => `${JSON.stringify(c)}: v[${i}]`).join(',')}};`;
  return new Function('v', body) as (v: Float64Array) => Record<string, number>;
}

interface TrackRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  fingerprint: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string | null;
  track_number: number | null;
  cue_songs: number | null;
  audio_print: string | null;
}

interface JoinedRow extends TrackRow {
  features_version: number | null;
  duration_sec: number | null;
  feature_values: Buffer | null;
  decode_ms: number | null;
  features_ms: number | null;
  signature: Buffer | null;
  stage: string | null;
  reason: string | null;
  retry_key?: string | null;
}

const TRACK_COLS = 't.id, t.path, t.size, t.mtime_ms, t.fingerprint, t.title, t.artist, t.album, t.genre, t.track_number, t.cue_songs, t.audio_print';
const ANALYSIS_COLS = 'a.features_version, a.duration_sec, a.feature_values, a.decode_ms, a.features_ms, a.signature';

/** A Float64Array over a BLOB's bytes (a copy only when the buffer is not 8-byte aligned). */
function blobToFloat64(b: Buffer): Float64Array {
  if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float64Array(copy.buffer);
}

/** The stored error of a joined row, as `Probe.error`. */
function storedError(r: JoinedRow): { stage: string; reason: string; retryKey?: string } {
  const e: { stage: string; reason: string; retryKey?: string } = { stage: r.stage ?? '', reason: r.reason ?? '' };
  if (typeof r.retry_key === 'string') e.retryKey = r.retry_key;
  return e;
}

/**
 * A write error of SQLite as a StoreError naming the store and saying what to do, for the disk's
 * and the file's own troubles (full, read-only, I/O); any other error as it is. What was committed
 * before stays in the store.
 */
export function storeWriteError(path: string, err: unknown): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  if (code === 'SQLITE_FULL') return new StoreError(path, 'the disk is full: free some space and run again (what was stored so far is kept)');
  if (code.startsWith('SQLITE_READONLY')) return new StoreError(path, 'cannot write: the file or its folder is read-only');
  if (code.startsWith('SQLITE_IOERR')) return new StoreError(path, `cannot write: input/output error (${code})`);
  return err;
}

/** The tag columns of a track row, as stored (a track number truncated, a cue count only from 2 songs). */
function tagColumns(t: TrackTags): { title: string | null; artist: string | null; album: string | null; genre: string | null; track_number: number | null; cue_songs: number | null } {
  return {
    title: t.title ?? null,
    artist: t.artist ?? null,
    album: t.album ?? null,
    genre: t.genre ?? null,
    track_number: t.trackNumber !== undefined && Number.isFinite(t.trackNumber) ? Math.trunc(t.trackNumber) : null,
    cue_songs: t.cueSongs !== undefined && Number.isInteger(t.cueSongs) && t.cueSongs >= 2 ? t.cueSongs : null,
  };
}

function tagsOf(r: TrackRow): TrackTags {
  const t: TrackTags = {};
  // Mended again on the way out: stores written before the eleventh session hold tags as read.
  if (r.title !== null) t.title = mendTagText(r.title);
  if (r.artist !== null) t.artist = mendTagText(r.artist);
  if (r.album !== null) t.album = mendTagText(r.album);
  if (r.genre !== null) t.genre = mendTagText(r.genre);
  if (r.track_number !== null) t.trackNumber = r.track_number;
  if (r.cue_songs !== null) t.cueSongs = r.cue_songs;
  return t;
}

/** Throws when `db` is a SQLite database of another program: no schema version of ours, but tables. */
function refuseForeignDatabase(db: Database.Database, file: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return;
  const names = (
    db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 4").all() as { name: string }[]
  ).map((r) => r.name);
  if (names.length === 0) return;
  const list = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
  throw new StoreError(file, `it is another program's database (tables: ${list}), left as it is: give --db a new file, or a store this tool made`);
}

/**
 * A connection with the store's settings (WAL and the write pragmas only when writing). A reading
 * connection is opened for writing and refused writes (`query_only`) where the store and its folder
 * may be written: SQLite removes the -wal and -shm files only when a connection that could write
 * closes last, so a truly read-only one left them beside the store after every `similar`.
 */
function connect(file: string, readonly: boolean): Database.Database {
  const tidy = readonly && writeAccess(file) === 'ok' && writeAccess(dirname(file)) === 'ok';
  const db = new Database(file, { readonly: readonly && !tidy, fileMustExist: readonly });
  try {
    db.pragma('busy_timeout = 10000');
    if (tidy) db.pragma('query_only = ON');
    if (!readonly) {
      // Before anything is written (WAL mode persists in the file): --db naming another program's
      // database (`--db ~/.config/beets/library.db`) must not get our tables added to it.
      refuseForeignDatabase(db, file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    // 64 MiB of page cache (default 2 MiB): a 100k-track library's rows are read many times per run.
    db.pragma('cache_size = -65536');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * True for SQLite's complaints about a file it may read but not write beside: a WAL store needs its
 * `-shm` file, which a read-only folder (a read-only share, another user's folder) cannot hold.
 */
function cannotWriteThere(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'));
}

/**
 * The store read whole into memory, for reading where it cannot be opened in place. Writes (an
 * older schema's upgrade, cached encodings) go to the copy and are gone when it is closed.
 */
function memoryCopy(file: string): Database.Database {
  const wal = statSync(`${file}-wal`, { throwIfNoEntry: false });
  if (wal && wal.size > 0) {
    throw new StoreError(
      file,
      `its folder is read-only and it was not closed cleanly (its -wal file holds the latest writes): open it once where it can be written`,
    );
  }
  const bytes = readFileSync(file);
  // Header bytes 18–19 = 2 mark a WAL database; a copy in memory has no -shm to use, so it is
  // marked as a rollback-journal database, which the bytes otherwise already are.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  const db = new Database(bytes);
  db.pragma('foreign_keys = ON');
  return db;
}

/** Why files cannot be made in `dir`, or undefined when they can (or the reason is another). */
function folderUnwritable(dir: string): string | undefined {
  const access = writeAccess(dir);
  if (access === 'read-only') return 'its folder is on a read-only file system';
  if (access === 'denied') return 'no permission to write in its folder';
  return undefined;
}

/** Brings an older store up to this release's schema for a read-only command, or says why it cannot. */
function upgradeForReading(file: string, version: number): void {
  let db: Database.Database | undefined;
  try {
    db = connect(file, false);
    migrate(db, file);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    // A read-only place: the caller reads an upgraded copy in memory instead.
    if (cannotWriteThere(err)) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new StoreError(
      file,
      `schema version ${version} is older than this program's (${SCHEMA_VERSION}) and could not be upgraded (${why}); run 'mir-cluster-playlist analyze' on it once where the file is writable`,
    );
  } finally {
    db?.close();
  }
}

/** What to do about a file SQLite cannot open: it may be a damaged store, or not a store at all. */
function openAdvice(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  // The store only caches what can be computed again, so a damaged one costs time, never data.
  if (code === 'SQLITE_CORRUPT') return ': the store is damaged; it only caches analyses, so move it aside and run again to compute them afresh';
  if (code === 'SQLITE_NOTADB') return ": name the .sqlite file mir-cluster-playlist made, or a new path for a new store";
  return '';
}

// The store opened last: SQLite's errors do not say which database they come from, and a command
// has one store open.
let lastOpened: string | undefined;

/**
 * A damaged store found after it opened (SQLite reads pages only when a query needs them, so a
 * damaged page surfaces as `database disk image is malformed` in the middle of a command) as a
 * StoreError naming the store and what to do; undefined for any other error.
 */
export function damagedStoreError(err: unknown): StoreError | undefined {
  if (err instanceof StoreError || lastOpened === undefined) return undefined;
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') return undefined;
  return new StoreError(lastOpened, `${err instanceof Error ? err.message : String(err)}${openAdvice(err)}`);
}

/**
 * The incremental feature store: one SQLite file (WAL, synchronous=NORMAL, foreign keys on) that
 * keeps, per audio file, its size, mtime, content fingerprint and tags, and per analysis settings
 * key the named feature values (a Float64 BLOB whose column names live in `settings`) or the
 * error. Each write is its own IMMEDIATE transaction (reads inside it see the latest data even
 * when several processes share the file), so a killed process loses nothing already written.
 */
export class FeatureStore {
  /** Absolute path of the database file. */
  readonly path: string;
  readonly db: Database.Database;
  /** True when the file's folder is read-only and the store was read whole into memory. */
  readonly inMemoryCopy: boolean;
  private readonly settingsCache = new Map<string, SettingsRow>();
  private readonly st: {
    joined: Database.Statement<{ path: string; sid: number }, JoinedRow>;
    trackByPath: Database.Statement<[string], TrackRow>;
    upsertTrack: Database.Statement<Record<string, unknown>, { id: number }>;
    dropAnalysesOf: Database.Statement<[number]>;
    dropErrorsOf: Database.Statement<[number]>;
    putAnalysis: Database.Statement<unknown[]>;
    dropError: Database.Statement<[number, number]>;
    dropAnalysis: Database.Statement<[number, number]>;
    putError: Database.Statement<unknown[]>;
    touch: Database.Statement<[number, number]>;
    settingsByKey: Database.Statement<[string], { id: number; columns: string }>;
    movedCandidates: Database.Statement<[number, string, number, string], { id: number; path: string }>;
    printCandidates: Database.Statement<[number, string, string], { id: number; path: string }>;
  };
  // Whether any track has an audio print yet: until one has, no file needs its print to be found.
  private anyAudioPrint: boolean | undefined;

  private constructor(path: string, db: Database.Database, inMemoryCopy = false) {
    this.path = path;
    this.db = db;
    this.inMemoryCopy = inMemoryCopy;
    this.st = {
      joined: db.prepare(
        `SELECT ${TRACK_COLS}, ${ANALYSIS_COLS}, e.stage, e.reason, e.retry_key FROM tracks t
         LEFT JOIN analyses a ON a.track_id = t.id AND a.settings_id = @sid
         LEFT JOIN errors e ON e.track_id = t.id AND e.settings_id = @sid
         WHERE t.path = @path`,
      ),
      trackByPath: db.prepare(`SELECT ${TRACK_COLS} FROM tracks t WHERE t.path = ?`),
      upsertTrack: db.prepare(
        `INSERT INTO tracks (path, size, mtime_ms, fingerprint, title, artist, album, genre, track_number, cue_songs, audio_print)
         VALUES (@path, @size, @mtime_ms, @fingerprint, @title, @artist, @album, @genre, @track_number, @cue_songs, @audio_print)
         ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
           fingerprint = excluded.fingerprint, title = excluded.title, artist = excluded.artist,
           album = excluded.album, genre = excluded.genre, track_number = excluded.track_number,
           cue_songs = excluded.cue_songs, audio_print = excluded.audio_print
         RETURNING id`,
      ),
      dropAnalysesOf: db.prepare('DELETE FROM analyses WHERE track_id = ?'),
      dropErrorsOf: db.prepare('DELETE FROM errors WHERE track_id = ?'),
      putAnalysis: db.prepare(
        `INSERT OR REPLACE INTO analyses
         (track_id, settings_id, features_version, duration_sec, feature_values, analysed_at, decode_ms, features_ms, signature)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      dropError: db.prepare('DELETE FROM errors WHERE track_id = ? AND settings_id = ?'),
      dropAnalysis: db.prepare('DELETE FROM analyses WHERE track_id = ? AND settings_id = ?'),
      putError: db.prepare(
        `INSERT OR REPLACE INTO errors (track_id, settings_id, stage, reason, failed_at, retry_key) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      touch: db.prepare('UPDATE tracks SET mtime_ms = ? WHERE id = ?'),
      settingsByKey: db.prepare('SELECT id, columns FROM settings WHERE key = ?'),
      movedCandidates: db.prepare(
        `SELECT t.id, t.path FROM tracks t JOIN analyses a ON a.track_id = t.id AND a.settings_id = ?
         WHERE t.fingerprint = ? AND t.size = ? AND t.path <> ? ORDER BY t.id`,
      ),
      printCandidates: db.prepare(
        `SELECT t.id, t.path FROM tracks t JOIN analyses a ON a.track_id = t.id AND a.settings_id = ?
         WHERE t.audio_print = ? AND t.path <> ? ORDER BY t.id`,
      ),
    };
  }

  /** Opens (creating and migrating as needed) the store at `path`. */
  static open(path: string, opts: { readonly?: boolean } = {}): FeatureStore {
    const file = resolve(path);
    lastOpened = file;
    if (opts.readonly && !existsSync(file)) throw new StoreError(file, 'no such database');
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new StoreError(file, 'is a folder, not a database file');
    if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database | undefined;
    try {
      db = connect(file, opts.readonly === true);
      if (!opts.readonly) migrate(db, file);
      else {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version === 0) throw new StoreError(file, 'not a feature store (schema version 0)');
        if (version !== SCHEMA_VERSION) {
          // A store from an older release (or a newer one, which migrate refuses): reading it with
          // today's queries would fail on a missing column, so it is upgraded in place first.
          db.close();
          db = undefined;
          upgradeForReading(file, version);
          db = connect(file, true);
        }
      }
      return new FeatureStore(file, db);
    } catch (err) {
      db?.close();
      if (opts.readonly && cannotWriteThere(err)) return FeatureStore.readCopy(file);
      const code = String((err as { code?: unknown })?.code);
      if (code.startsWith('SQLITE_READONLY')) {
        throw new StoreError(file, 'cannot write: the file or its folder is read-only (cluster, similar, path and export can still read it)');
      }
      if (code.startsWith('SQLITE_CANTOPEN') && !opts.readonly) {
        const why = folderUnwritable(dirname(file));
        if (why) throw new StoreError(file, `cannot create the store: ${why}`);
      }
      if (err instanceof StoreError) throw err;
      throw new StoreError(file, `${err instanceof Error ? err.message : String(err)}${openAdvice(err)}`);
    }
  }

  /** A read-only store from its copy in memory (upgraded there when older), for a read-only place. */
  private static readCopy(file: string): FeatureStore {
    let db: Database.Database | undefined;
    try {
      db = memoryCopy(file);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) throw new StoreError(file, 'not a feature store (schema version 0)');
      migrate(db, file);
      return new FeatureStore(file, db, true);
    } catch (err) {
      db?.close();
      if (err instanceof StoreError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw new StoreError(file, 'cannot read it: permission denied');
      throw new StoreError(file, `${err instanceof Error ? err.message : String(err)}${openAdvice(err)}`);
    }
  }

  /** The schema version of the open database (PRAGMA user_version). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** `PRAGMA integrity_check` rows; ['ok'] for a sound database. */
  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  /** The settings row for `key`, registering it (with `names` as its columns) when new. */
  private settings(key: string, names?: readonly string[]): SettingsRow | undefined {
    let s = this.settingsCache.get(key);
    // Columns still unknown here may have been registered since by another process sharing the file.
    if (s && s.columns.length === 0) {
      this.settingsCache.delete(key);
      s = undefined;
    }
    if (!s) {
      const row = this.st.settingsByKey.get(key);
      if (row) {
        const columns = JSON.parse(row.columns) as string[];
        s = { id: row.id, columns, record: recordFactory(columns) };
      } else if (names) {
        // Another process may register the same key at the same moment: keep whichever came first.
        this.db.prepare('INSERT INTO settings (key, columns) VALUES (?, ?) ON CONFLICT(key) DO NOTHING').run(key, JSON.stringify(names));
        const row2 = this.st.settingsByKey.get(key)!;
        const columns = JSON.parse(row2.columns) as string[];
        s = { id: row2.id, columns, record: recordFactory(columns) };
      } else {
        return undefined;
      }
      this.settingsCache.set(key, s);
    }
    if (names && names.length > 0 && s.columns.length === 0) {
      // Registered by an error before any analysis: the columns become known now.
      this.db.prepare('UPDATE settings SET columns = ? WHERE id = ?').run(JSON.stringify(names), s.id);
      s.columns = [...names];
      s.record = recordFactory(s.columns);
    }
    return s;
  }

  /** The feature names stored under `key`, in column order (empty when unknown). */
  columns(key: string): string[] {
    return [...(this.settings(key)?.columns ?? [])];
  }

  private rowToTrack(r: JoinedRow, key: string, s: SettingsRow): StoredTrack {
    const values = s.record(blobToFloat64(r.feature_values!));
    const t: StoredTrack = {
      id: r.id,
      path: r.path,
      size: r.size,
      mtimeMs: r.mtime_ms,
      fingerprint: r.fingerprint,
      tags: tagsOf(r),
      durationSec: r.duration_sec!,
      settingsKey: key,
      featuresVersion: r.features_version!,
      values,
    };
    if (r.decode_ms !== null) t.decodeMs = r.decode_ms;
    if (r.features_ms !== null) t.featuresMs = r.features_ms;
    if (r.signature) t.signature = new Uint8Array(r.signature);
    if (r.audio_print) t.audioPrint = r.audio_print;
    return t;
  }

  /**
   * What is stored for `path` under `key`. 'trust' returns whatever is stored without touching the
   * file. 'auto' stats the file: same size and mtime is a hit; otherwise (when `deep`, the default)
   * the content fingerprint is computed and matched first against this path (the file was only
   * touched: its mtime is updated) and then against other paths (the file was moved or copied: the
   * analysis is moved to, or copied for, the new path). A miss carries the stat and fingerprint.
   */
  probe(path: string, key: string, check: LookupCheck, opts: { deep?: boolean } = {}): Probe {
    const s = this.settings(key);
    if (check === 'trust') {
      if (!s) return {};
      const r = this.st.joined.get({ path, sid: s.id });
      if (r?.feature_values) return { hit: this.rowToTrack(r, key, s), via: 'trust' };
      if (r?.stage) return { error: storedError(r) };
      return {};
    }
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return { missing: true };
    const size = stat.size;
    const mtimeMs = stat.mtimeMs;
    if (!s) return { size, mtimeMs };
    const r = this.st.joined.get({ path, sid: s.id });
    if (r && r.size === size && r.mtime_ms === mtimeMs) {
      if (r.feature_values) return { hit: this.rowToTrack(r, key, s), via: 'stat', size, mtimeMs };
      if (r.stage) return { error: storedError(r), size, mtimeMs, fingerprint: r.fingerprint };
    }
    if (opts.deep === false) return { size, mtimeMs };
    const fingerprint = fingerprintFile(path);
    if (r && r.size === size && r.fingerprint === fingerprint) {
      this.st.touch.run(mtimeMs, r.id);
      r.mtime_ms = mtimeMs;
      if (r.feature_values) return { hit: this.rowToTrack(r, key, s), via: 'fingerprint', size, mtimeMs, fingerprint };
      if (r.stage) return { error: storedError(r), size, mtimeMs, fingerprint };
    }
    // The bytes changed; perhaps only the tags (Picard, beets, Mp3tag): the same audio data keeps
    // its analysis, and only the tags are read again.
    this.anyAudioPrint ??= this.db.prepare('SELECT 1 FROM tracks WHERE audio_print IS NOT NULL LIMIT 1').get() !== undefined;
    const audioPrint = this.anyAudioPrint ? audioPayloadPrint(path) : undefined;
    if (r?.feature_values && r.audio_print && audioPrint === r.audio_print) {
      return { hit: this.rowToTrack(r, key, s), via: 'retagged', size, mtimeMs, fingerprint, audioPrint };
    }
    let candidates = this.st.movedCandidates.all(s.id, fingerprint, size, path);
    // Moved and retagged at once (beets' import writes the tags and moves the file).
    const retagged = candidates.length === 0 && audioPrint !== undefined;
    if (retagged) candidates = this.st.printCandidates.all(s.id, audioPrint, path);
    if (candidates.length > 0) {
      const gone = candidates.find((c) => !existsSync(c.path));
      this.db.transaction((): void => {
        if (r) {
          this.st.dropAnalysesOf.run(r.id);
          this.st.dropErrorsOf.run(r.id);
        }
        if (gone) {
          // Moved or renamed: the row follows the file, keeping every analysis it had.
          if (r) this.db.prepare('DELETE FROM tracks WHERE id = ?').run(r.id);
          this.db.prepare('UPDATE tracks SET path = ?, mtime_ms = ? WHERE id = ?').run(path, mtimeMs, gone.id);
          return;
        }
        // A copy: the original stays, the new path gets its own row with the same analysis.
        const src = this.st.trackByPath.get(candidates[0]!.path)!;
        const { id: newId } = this.st.upsertTrack.get({ ...src, path, mtime_ms: mtimeMs })!;
        this.db
          .prepare(
            `INSERT OR REPLACE INTO analyses
             (track_id, settings_id, features_version, duration_sec, feature_values, analysed_at, decode_ms, features_ms, signature)
             SELECT ?, settings_id, features_version, duration_sec, feature_values, analysed_at, decode_ms, features_ms, signature
             FROM analyses WHERE track_id = ? AND settings_id = ?`,
          )
          .run(newId, src.id, s.id);
      }).immediate();
      const moved = this.st.joined.get({ path, sid: s.id })!;
      return { hit: this.rowToTrack(moved, key, s), via: retagged ? 'retagged' : 'moved', size, mtimeMs, fingerprint, ...(audioPrint ? { audioPrint } : {}) };
    }
    return { size, mtimeMs, fingerprint, ...(audioPrint ? { audioPrint } : {}) };
  }

  /** A stored analysis usable for this file and settings, or undefined (see probe). */
  lookup(path: string, check: LookupCheck, key: string): StoredTrack | undefined {
    return this.probe(path, key, check).hit;
  }

  /** Upserts the track row; when the file's content changed, every older analysis of it is dropped. */
  private upsertTrack(rec: {
    path: string;
    size: number;
    mtimeMs: number;
    fingerprint?: string;
    audioPrint?: string;
    tags?: TrackTags;
  }): number {
    const old = this.st.trackByPath.get(rec.path);
    let fingerprint = rec.fingerprint;
    if (fingerprint === undefined) {
      fingerprint = old && old.size === rec.size && old.mtime_ms === rec.mtimeMs ? old.fingerprint : '';
    }
    if (old && (old.fingerprint !== fingerprint || old.size !== rec.size)) {
      this.st.dropAnalysesOf.run(old.id);
      this.st.dropErrorsOf.run(old.id);
    }
    const tags = rec.tags ?? (old ? tagsOf(old) : {});
    return this.st.upsertTrack.get({
      path: rec.path,
      size: rec.size,
      mtime_ms: rec.mtimeMs,
      fingerprint,
      ...tagColumns(tags),
      audio_print: rec.audioPrint ?? (old && old.fingerprint === fingerprint ? old.audio_print : null),
    })!.id;
  }

  /** Paths of tracks analysed under `key` whose audio print was never computed (analysed before schema 8). */
  pathsWithoutPrint(key: string): Set<string> {
    const s = this.settings(key);
    if (!s) return new Set();
    const rows = this.db
      .prepare('SELECT t.path FROM tracks t JOIN analyses a ON a.track_id = t.id AND a.settings_id = ? WHERE t.audio_print IS NULL')
      .all(s.id) as { path: string }[];
    return new Set(rows.map((r) => r.path));
  }

  /**
   * Stores the audio prints of unchanged files ('' for a format without one), in one transaction;
   * a file whose size or mtime differs from its row's is left for its next analysis.
   */
  putAudioPrints(recs: readonly { path: string; size: number; mtimeMs: number; audioPrint: string }[]): void {
    const st = this.db.prepare('UPDATE tracks SET audio_print = @audioPrint WHERE path = @path AND size = @size AND mtime_ms = @mtimeMs AND audio_print IS NULL');
    this.writing(() =>
      this.db
        .transaction(() => {
          for (const r of recs) st.run(r);
        })
        .immediate(),
    );
  }

  /**
   * Takes a retagged file's new size, mtime, fingerprint and tags into its row, keeping its
   * analyses (its audio print showed the audio unchanged; see probe).
   */
  putTags(rec: { path: string; size: number; mtimeMs: number; fingerprint: string; tags: TrackTags }): void {
    this.writing(() =>
      this.db
        .prepare(
          `UPDATE tracks SET size = @size, mtime_ms = @mtime_ms, fingerprint = @fingerprint, title = @title, artist = @artist,
             album = @album, genre = @genre, track_number = @track_number, cue_songs = @cue_songs WHERE path = @path`,
        )
        .run({ path: rec.path, size: rec.size, mtime_ms: rec.mtimeMs, fingerprint: rec.fingerprint, ...tagColumns(rec.tags) }),
    );
  }

  /**
   * Stores one analysis given as a column-ordered Float64Array (the fast path of the analysis
   * workers); `names` must be the same list for every record of one settings key.
   */
  putValues(rec: Omit<StoredTrack, 'values'>, names: readonly string[], values: Float64Array): void {
    if (names.length !== values.length) {
      throw new StoreError(this.path, `${rec.path}: ${values.length} values for ${names.length} names`);
    }
    this.writing(() => this.putValuesNow(rec, names, values));
  }

  private putValuesNow(rec: Omit<StoredTrack, 'values'>, names: readonly string[], values: Float64Array): void {
    this.db.transaction(() => {
      const s = this.settings(rec.settingsKey, names)!;
      let ordered = values;
      if (s.columns.length !== names.length || s.columns.some((c, i) => c !== names[i])) {
        ordered = new Float64Array(s.columns.length);
        const pos = new Map(names.map((n, i) => [n, i]));
        for (let j = 0; j < s.columns.length; j++) {
          const i = pos.get(s.columns[j]!);
          if (i === undefined) {
            throw new StoreError(this.path, `${rec.path}: feature '${s.columns[j]}' missing for settings ${rec.settingsKey}`);
          }
          ordered[j] = values[i]!;
        }
        if (pos.size !== s.columns.length) {
          throw new StoreError(this.path, `${rec.path}: features differ from the columns of settings ${rec.settingsKey}`);
        }
      }
      const tid = this.upsertTrack(rec);
      this.st.putAnalysis.run(
        tid,
        s.id,
        rec.featuresVersion,
        rec.durationSec,
        Buffer.from(ordered.buffer, ordered.byteOffset, ordered.byteLength),
        new Date().toISOString(),
        rec.decodeMs ?? null,
        rec.featuresMs ?? null,
        rec.signature ? Buffer.from(rec.signature.buffer, rec.signature.byteOffset, rec.signature.byteLength) : null,
      );
      this.st.dropError.run(tid, s.id);
    }).immediate();
  }

  /** Stores one analysis (one transaction); replaces an earlier analysis or error of the same file and settings. */
  put(rec: StoredTrack): void {
    const names = this.settings(rec.settingsKey)?.columns;
    const cols = names && names.length > 0 ? names : Object.keys(rec.values);
    const v = new Float64Array(cols.length);
    for (let j = 0; j < cols.length; j++) {
      const x = rec.values[cols[j]!];
      if (x === undefined) throw new StoreError(this.path, `${rec.path}: feature '${cols[j]}' missing for settings ${rec.settingsKey}`);
      v[j] = x;
    }
    if (Object.keys(rec.values).length !== cols.length) {
      throw new StoreError(this.path, `${rec.path}: features differ from the columns of settings ${rec.settingsKey}`);
    }
    this.putValues(rec, cols, v);
  }

  /** Records a failed analysis (one transaction); drops any stored analysis of the file under these settings. */
  putError(rec: ErrorRecord): void {
    this.writing(() =>
      this.db
        .transaction(() => {
          const s = this.settings(rec.settingsKey, [])!;
          const tid = this.upsertTrack(rec);
          this.st.dropAnalysis.run(tid, s.id);
          this.st.putError.run(tid, s.id, rec.stage, rec.reason, new Date().toISOString(), rec.retryKey ?? null);
        })
        .immediate(),
    );
  }

  /** Runs a write; a SQLite error of the disk or the file (full, read-only, I/O) becomes a StoreError naming the store. */
  private writing<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      throw storeWriteError(this.path, err);
    }
  }

  private joinedAll(key: string): { rows: JoinedRow[]; s: SettingsRow } | undefined {
    const s = this.settings(key);
    if (!s) return undefined;
    const rows = this.db
      .prepare(
        `SELECT ${TRACK_COLS}, ${ANALYSIS_COLS}, NULL AS stage, NULL AS reason FROM analyses a
         JOIN tracks t ON t.id = a.track_id WHERE a.settings_id = ? ORDER BY t.path`,
      )
      .all(s.id) as JoinedRow[];
    return { rows, s };
  }

  /** Every good analysis stored under `key`, ordered by path. */
  tracks(key: string): StoredTrack[] {
    const j = this.joinedAll(key);
    return j ? j.rows.map((r) => this.rowToTrack(r, key, j.s)) : [];
  }

  /** Every good analysis under `key` as one dense matrix with named columns (fast: no per-track objects of values). */
  matrix(key: string): FeatureMatrix {
    const j = this.joinedAll(key);
    const names = j ? [...j.s.columns] : [];
    const rows = j?.rows ?? [];
    const cols = names.length;
    const data = new Float64Array(rows.length * cols);
    const tracks: TrackMeta[] = [];
    rows.forEach((r, i) => {
      data.set(blobToFloat64(r.feature_values!).subarray(0, cols), i * cols);
      tracks.push({ path: r.path, ...tagsOf(r), durationSec: r.duration_sec! });
    });
    return { settingsKey: key, names, tracks, rows: rows.length, cols, data };
  }

  /** Stored failures, for one settings key or all, ordered by path. */
  errors(key?: string): StoredError[] {
    const sql = `SELECT t.path, s.key AS settingsKey, e.stage, e.reason, e.failed_at AS failedAt FROM errors e
      JOIN tracks t ON t.id = e.track_id JOIN settings s ON s.id = e.settings_id
      ${key === undefined ? '' : 'WHERE s.key = ?'} ORDER BY t.path`;
    const st = this.db.prepare(sql);
    return (key === undefined ? st.all() : st.all(key)) as StoredError[];
  }

  /** Every settings key in the store with its number of analyses and errors, most analyses first. */
  settingsList(): { key: string; columns: number; analyses: number; errors: number }[] {
    return (
      this.db
        .prepare(
          `SELECT s.key, s.columns,
             (SELECT COUNT(*) FROM analyses a WHERE a.settings_id = s.id) AS analyses,
             (SELECT COUNT(*) FROM errors e WHERE e.settings_id = s.id) AS errors
           FROM settings s ORDER BY analyses DESC, s.id`,
        )
        .all() as { key: string; columns: string; analyses: number; errors: number }[]
    ).map((r) => ({ key: r.key, columns: (JSON.parse(r.columns) as string[]).length, analyses: r.analyses, errors: r.errors }));
  }

  /** Number of good analyses stored under `key`. */
  count(key: string): number {
    const s = this.settings(key);
    if (!s) return 0;
    return (this.db.prepare('SELECT COUNT(*) AS n FROM analyses WHERE settings_id = ?').get(s.id) as { n: number }).n;
  }

  /** Stored tracks that a cue sheet inside the file cuts into two or more songs, by path. */
  cueSheetSongs(): Map<string, number> {
    const rows = this.db.prepare('SELECT path, cue_songs FROM tracks WHERE cue_songs >= 2 ORDER BY path').all() as {
      path: string;
      cue_songs: number;
    }[];
    return new Map(rows.map((r) => [r.path, r.cue_songs]));
  }

  /** Paths analysed under any of `keys` but not under `key`, sorted (e.g. files whose only analyses are of an older features version). */
  pathsOnlyUnder(keys: readonly string[], key: string): string[] {
    if (keys.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT DISTINCT t.path FROM analyses a JOIN tracks t ON t.id = a.track_id JOIN settings s ON s.id = a.settings_id
         WHERE s.key IN (${keys.map(() => '?').join(', ')})
           AND a.track_id NOT IN (SELECT b.track_id FROM analyses b JOIN settings u ON u.id = b.settings_id WHERE u.key = ?)
         ORDER BY t.path`,
      )
      .all(...keys, key) as { path: string }[];
    return rows.map((r) => r.path);
  }

  /** A stored encoding (see `putEncoding`), marked as used now; undefined when there is none. */
  getEncoding(key: string): Matrix | undefined {
    const r = this.db.prepare('SELECT rows, cols, data FROM encodings WHERE key = ?').get(key) as
      | { rows: number; cols: number; data: Buffer }
      | undefined;
    if (!r || r.data.byteLength !== r.rows * r.cols * 8) return undefined;
    this.writing(() => this.db.prepare('UPDATE encodings SET used = (SELECT COALESCE(MAX(used), 0) + 1 FROM encodings) WHERE key = ?').run(key));
    const data = new Float64Array(r.rows * r.cols);
    new Uint8Array(data.buffer).set(r.data);
    return { rows: r.rows, cols: r.cols, data };
  }

  /** Keeps an encoding under `key`; only the `keep` most recently used ones stay. */
  putEncoding(key: string, m: Matrix, keep = 64): void {
    const bytes = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    this.writing(() => this.putEncodingNow(key, m, bytes, keep));
  }

  private putEncodingNow(key: string, m: Matrix, bytes: Buffer, keep: number): void {
    this.db.transaction((): void => {
      this.db
        .prepare('INSERT OR REPLACE INTO encodings (key, rows, cols, data, used) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(used), 0) + 1 FROM encodings))')
        .run(key, m.rows, m.cols, bytes);
      this.db.prepare('DELETE FROM encodings WHERE key NOT IN (SELECT key FROM encodings ORDER BY used DESC LIMIT ?)').run(keep);
    })();
  }

  /** Closes the database (checkpointing the WAL into the main file). */
  close(): void {
    if (this.db.open) this.writing(() => this.db.close());
  }
}
