import type Database from 'better-sqlite3';

/** One schema step: applied once, in order, inside a transaction that also bumps `user_version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The ordered schema history. Never edit a released step: add a new one. `PRAGMA user_version`
 * holds the number of the last step applied; `schema_migrations` keeps a readable log of them.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tracks, settings and analyses',
    sql: `
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      -- One row per audio file, keyed by absolute path; the fingerprint recognises moved files.
      CREATE TABLE tracks (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        fingerprint TEXT NOT NULL,
        title TEXT,
        artist TEXT,
        album TEXT,
        genre TEXT,
        track_number INTEGER
      );
      -- One row per analysis settings key; columns is the JSON list of feature names, in the order
      -- of the Float64 values in analyses.feature_values.
      CREATE TABLE settings (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        columns TEXT NOT NULL
      );
      CREATE TABLE analyses (
        track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        settings_id INTEGER NOT NULL REFERENCES settings(id) ON DELETE CASCADE,
        features_version INTEGER NOT NULL,
        duration_sec REAL NOT NULL,
        feature_values BLOB NOT NULL,
        analysed_at TEXT NOT NULL,
        PRIMARY KEY (track_id, settings_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'errors, fingerprint index, per-stage timings',
    sql: `
      CREATE TABLE errors (
        track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        settings_id INTEGER NOT NULL REFERENCES settings(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        failed_at TEXT NOT NULL,
        PRIMARY KEY (track_id, settings_id)
      ) WITHOUT ROWID;
      CREATE INDEX tracks_fingerprint ON tracks(fingerprint, size);
      CREATE INDEX analyses_settings ON analyses(settings_id);
      ALTER TABLE analyses ADD COLUMN decode_ms REAL;
      ALTER TABLE analyses ADD COLUMN features_ms REAL;
    `,
  },
  {
    version: 3,
    name: 'analyses as a rowid table (feature BLOBs stay on their own pages, 3x smaller file)',
    // A WITHOUT ROWID table keeps whole rows in its key B-tree, which pushes kilobyte BLOBs to
    // overflow pages: 100k tracks x 171 features took 480 MB and slow lookups.
    sql: `
      CREATE TABLE analyses_v3 (
        id INTEGER PRIMARY KEY,
        track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        settings_id INTEGER NOT NULL REFERENCES settings(id) ON DELETE CASCADE,
        features_version INTEGER NOT NULL,
        duration_sec REAL NOT NULL,
        feature_values BLOB NOT NULL,
        analysed_at TEXT NOT NULL,
        decode_ms REAL,
        features_ms REAL,
        UNIQUE (track_id, settings_id)
      );
      INSERT INTO analyses_v3 (track_id, settings_id, features_version, duration_sec, feature_values, analysed_at, decode_ms, features_ms)
        SELECT track_id, settings_id, features_version, duration_sec, feature_values, analysed_at, decode_ms, features_ms
        FROM analyses ORDER BY track_id, settings_id;
      DROP TABLE analyses;
      ALTER TABLE analyses_v3 RENAME TO analyses;
      CREATE INDEX analyses_settings ON analyses(settings_id);
    `,
  },
  {
    version: 4,
    name: 'stored encodings (autoencoder and UMAP codes that later cluster runs reuse)',
    // key: the space, its parameters, a hash of the encoder code and of the input matrix;
    // data: rows × cols float64, row-major; used: a counter, larger = used more recently.
    sql: `
      CREATE TABLE encodings (
        key TEXT PRIMARY KEY,
        rows INTEGER NOT NULL,
        cols INTEGER NOT NULL,
        data BLOB NOT NULL,
        used INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'errors remember the environment they happened in (retried only when it changed)',
    // NULL: retry on every run (older rows; time-outs and crashed workers, which may not recur).
    sql: `ALTER TABLE errors ADD COLUMN retry_key TEXT;`,
  },
  {
    version: 6,
    name: 'acoustic signatures (the same recording in another encoding is recognised)',
    // NULL for analyses made before: such tracks are matched by file content only.
    sql: `ALTER TABLE analyses ADD COLUMN signature BLOB;`,
  },
  {
    version: 7,
    name: 'songs of a cue sheet inside the file (whole-album rips)',
    // NULL for tracks whose tags were read before, and for files without such a sheet.
    sql: `ALTER TABLE tracks ADD COLUMN cue_songs INTEGER;`,
  },
  {
    version: 8,
    name: 'audio-data prints (a retagged file keeps its analysis)',
    // NULL for tracks analysed before, and for formats whose layout is not known (tracker modules…).
    sql: `ALTER TABLE tracks ADD COLUMN audio_print TEXT;
      CREATE INDEX tracks_audio_print ON tracks(audio_print);`,
  },
  {
    version: 9,
    name: 'FLAC prints from the digest of the decoded samples (a recompressed file keeps its analysis)',
    // Version 8 printed a FLAC file's frames; unset, the print is read again from unchanged files on
    // the next runs. FLAC under another name keeps its frame print (it only misses a recompress).
    sql: `UPDATE tracks SET audio_print = NULL WHERE lower(path) LIKE '%.flac' OR lower(path) LIKE '%.fla';`,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Thrown when a database cannot be opened or upgraded; the message names the file and the reason. */
export class StoreError extends Error {
  readonly path: string;
  readonly reason: string;
  constructor(path: string, reason: string) {
    super(`${path}: feature store: ${reason}`);
    this.name = 'StoreError';
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Applies every migration above the database's `user_version`, up to `target` (default: the
 * latest); returns the list of versions applied. A database newer than this build is refused.
 */
export function migrate(db: Database.Database, file: string, target: number = SCHEMA_VERSION): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      file,
      `schema version ${current} is newer than this program understands (${SCHEMA_VERSION}); upgrade mir-cluster-playlist`,
    );
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    // IMMEDIATE takes the write lock before the version is re-read, so two processes opening a
    // new store at once cannot both apply the same step.
    const ran = db
      .transaction((): boolean => {
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return false;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
        // user_version cannot take a bound parameter; the value is a trusted integer.
        db.pragma(`user_version = ${m.version | 0}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(m.version);
  }
  return applied;
}
