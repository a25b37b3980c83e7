import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { copyFileSync, renameSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { FeatureStore, fingerprintFile, migrate, SCHEMA_VERSION, StoreError, settingsKey } from '../../src/store/index.js';
import type { StoredTrack } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';

const KEY = settingsKey({ set: 'blog', featuresVersion: 1, sampleRate: 22050, decoder: 'auto' });

function audioFile(dir: string, name: string, bytes: number, seed: number): string {
  const p = join(dir, name);
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 31 + seed * 7 + (i >> 9)) & 0xff;
  writeFileSync(p, b);
  return p;
}

function record(path: string, values: Record<string, number>, key = KEY): StoredTrack {
  const st = fs.statSync(path);
  return {
    path,
    size: st.size,
    mtimeMs: st.mtimeMs,
    fingerprint: fingerprintFile(path),
    tags: { title: 'T "quoted", yes', artist: 'A', genre: 'Rock', trackNumber: 3 },
    durationSec: 4.5,
    settingsKey: key,
    featuresVersion: 1,
    values,
  };
}


test('opens a new store in WAL mode with foreign keys at the latest schema version', () => {
  const dir = tempDir();
  const s = FeatureStore.open(join(dir, 'sub', 'features.sqlite'));
  assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(s.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(s.db.pragma('synchronous', { simple: true }), 1); // NORMAL
  assert.equal(s.schemaVersion(), SCHEMA_VERSION);
  assert.deepEqual(s.integrityCheck(), ['ok']);
  const log = s.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
  assert.deepEqual(
    log.map((r) => r.version),
    Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
  );
  s.close();
});

test('put then lookup(auto) returns the exact values, tags and order; survives reopening', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'a.ogg', 5000, 1);
  const db = join(dir, 'f.sqlite');
  let s = FeatureStore.open(db);
  const values = { 'zcr.mean': 0.125, 'mfcc.mean.0': -312.5, odd: Number.NaN, neg0: -0, tiny: 5e-324 };
  s.put(record(f, values));
  s.close();
  s = FeatureStore.open(db);
  const hit = s.lookup(f, 'auto', KEY);
  assert.ok(hit);
  assert.deepEqual(Object.keys(hit.values), Object.keys(values));
  assert.ok(Number.isNaN(hit.values.odd));
  assert.ok(Object.is(hit.values.neg0, -0));
  assert.equal(hit.values.tiny, 5e-324);
  assert.equal(hit.values['mfcc.mean.0'], -312.5);
  assert.deepEqual(hit.tags, { title: 'T "quoted", yes', artist: 'A', genre: 'Rock', trackNumber: 3 });
  assert.equal(hit.durationSec, 4.5);
  assert.equal(s.probe(f, KEY, 'auto').via, 'stat');
  // Another settings key (e.g. another FEATURES_VERSION) never sees it.
  assert.equal(s.lookup(f, 'auto', settingsKey({ set: 'blog', featuresVersion: 2, sampleRate: 22050, decoder: 'auto' })), undefined);
  assert.equal(s.tracks(KEY).length, 1);
  assert.deepEqual(s.integrityCheck(), ['ok']);
  s.close();
});

test('auto: a changed file is a miss, a touched file is a fingerprint hit, trust ignores the file', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'a.flac', 400_000, 2);
  const g = audioFile(dir, 'b.flac', 1000, 3);
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  const other = settingsKey({ set: 'full', featuresVersion: 1, sampleRate: 22050, decoder: 'auto' });
  s.put(record(f, { x: 1, y: 2 }));
  s.put(record(f, { z: 5 }, other));
  s.put(record(g, { x: 3, y: 4 }));

  // Same bytes, new mtime: recognised by fingerprint and the stored mtime follows.
  utimesSync(f, new Date(2001, 1, 1), new Date(2001, 1, 1));
  const p = s.probe(f, KEY, 'auto');
  assert.equal(p.via, 'fingerprint');
  assert.equal(p.hit?.values.x, 1);
  assert.equal(s.probe(f, KEY, 'auto').via, 'stat');
  // With deep=false a changed mtime is just a miss, with no file read.
  utimesSync(f, new Date(2002, 1, 1), new Date(2002, 1, 1));
  assert.equal(s.probe(f, KEY, 'auto', { deep: false }).hit, undefined);

  // Changed content in the middle, same size: a miss carrying the new fingerprint.
  const buf = fs.readFileSync(f);
  buf[200_000] ^= 0xff;
  writeFileSync(f, buf);
  const miss = s.probe(f, KEY, 'auto');
  assert.equal(miss.hit, undefined);
  assert.equal(miss.size, 400_000);
  assert.match(miss.fingerprint!, /^fp1:[0-9a-f]{40}$/);
  // trust does not look at the file: the stale analysis is still returned.
  assert.equal(s.lookup(f, 'trust', KEY)?.values.x, 1);
  // Re-analysed: the new analysis replaces the old, and other settings of the old content go.
  s.put(record(g, { z: 9 }, other));
  s.put(record(f, { x: 10, y: 20 }));
  assert.equal(s.lookup(f, 'auto', KEY)?.values.x, 10);
  assert.equal(s.lookup(f, 'trust', other), undefined);
  // A deleted file is a miss in auto, still a hit in trust.
  unlinkSync(g);
  assert.equal(s.probe(g, KEY, 'auto').missing, true);
  assert.equal(s.lookup(g, 'trust', KEY)?.values.y, 4);
  assert.equal(s.lookup(g, 'trust', other)?.values.z, 9);
  s.close();
});

test('tags an earlier release stored with control characters or UTF-8 read as Latin-1 come back mended', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'a.mp3', 5000, 3);
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  s.put({ ...record(f, { x: 1 }), tags: { title: 'Don\u0092t Stop \u0096 Live', artist: 'Sigur RÃ³s', album: 'Ágætis byrjun', genre: 'Post-rock' } });
  assert.deepEqual(s.lookup(f, 'auto', KEY)?.tags, { title: 'Don’t Stop – Live', artist: 'Sigur Rós', album: 'Ágætis byrjun', genre: 'Post-rock' });
  s.close();
});

test('a moved file takes its analysis along; a copied file gets its own row', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'a.mp3', 300_000, 4);
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  s.put(record(f, { x: 7 }));
  const moved = join(dir, 'renamed.mp3');
  renameSync(f, moved);
  const p = s.probe(moved, KEY, 'auto');
  assert.equal(p.via, 'moved');
  assert.equal(p.hit?.values.x, 7);
  assert.equal(p.hit?.tags.artist, 'A');
  assert.deepEqual(
    s.tracks(KEY).map((t) => t.path),
    [moved],
  );
  const copy = join(dir, 'copy.mp3');
  copyFileSync(moved, copy);
  const q = s.probe(copy, KEY, 'auto');
  assert.equal(q.via, 'moved');
  assert.equal(q.hit?.values.x, 7);
  assert.deepEqual(s.tracks(KEY).map((t) => t.path).sort(), [copy, moved].sort());
  assert.equal(s.probe(copy, KEY, 'auto').via, 'stat');
  assert.deepEqual(s.integrityCheck(), ['ok']);
  s.close();
});

test('errors are recorded per settings key and cleared by a later good analysis', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'bad.wav', 100, 5);
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  const st = fs.statSync(f);
  s.putError({ path: f, size: st.size, mtimeMs: st.mtimeMs, stage: 'decode', reason: 'no RIFF header', settingsKey: KEY });
  assert.deepEqual(
    s.errors(KEY).map((e) => [e.path, e.stage, e.reason]),
    [[f, 'decode', 'no RIFF header']],
  );
  const p = s.probe(f, KEY, 'auto');
  assert.equal(p.hit, undefined);
  assert.deepEqual(p.error, { stage: 'decode', reason: 'no RIFF header' });
  assert.deepEqual(s.probe(f, KEY, 'trust').error, { stage: 'decode', reason: 'no RIFF header' });
  // The settings row registered by the error learns its columns from the first analysis.
  s.put(record(f, { a: 1, b: 2 }));
  assert.deepEqual(s.errors(), []);
  assert.deepEqual(s.columns(KEY), ['a', 'b']);
  // An error after a good analysis removes that analysis.
  s.putError({ path: f, size: st.size, mtimeMs: st.mtimeMs, stage: 'analysis', reason: 'silent', settingsKey: KEY });
  assert.equal(s.count(KEY), 0);
  assert.equal(s.errors(KEY).length, 1);
  s.close();
});

test('any feature name round-trips, quotes and __proto__ included', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'a.ogg', 100, 9);
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  const odd = JSON.parse('{"a\\"b": 1, "line\\nbreak": 2, "__proto__": 3, "0": 4}') as Record<string, number>;
  s.put(record(f, odd));
  const hit = s.lookup(f, 'auto', KEY)!;
  assert.equal(Object.getPrototypeOf(hit.values), Object.prototype);
  assert.deepEqual(Object.entries(hit.values).sort(), Object.entries(odd).sort());
  const g = audioFile(dir, 'b.ogg', 100, 10);
  const k2 = settingsKey({ set: 'x', featuresVersion: 1, sampleRate: 1, decoder: 'auto' });
  s.put(record(g, { 'a"b': 5, "it's": 6, 'back\\slash': 7 }, k2));
  assert.deepEqual(s.lookup(g, 'auto', k2)!.values, { 'a"b': 5, "it's": 6, 'back\\slash': 7 });
  s.close();
});

test('records whose feature names differ from the settings columns are refused', () => {
  const dir = tempDir();
  const f = audioFile(dir, 'a.ogg', 100, 6);
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  s.put(record(f, { a: 1, b: 2 }));
  assert.throws(() => s.put(record(f, { a: 1 })), StoreError);
  assert.throws(() => s.put(record(f, { a: 1, b: 2, c: 3 })), StoreError);
  // Another order of the same names is fine: values land in the stored column order.
  s.put(record(f, { b: 20, a: 10 }));
  const m = s.matrix(KEY);
  assert.deepEqual(m.names, ['a', 'b']);
  assert.deepEqual(Array.from(m.data), [10, 20]);
  s.close();
});

test('matrix() gives named columns, metadata and row-major values ordered by path', () => {
  const dir = tempDir();
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  const files = ['c.ogg', 'a.ogg', 'b.ogg'].map((n, i) => audioFile(dir, n, 200 + i, i));
  for (const [i, f] of files.entries()) s.put(record(f, { u: i, v: -i }));
  const m = s.matrix(KEY);
  assert.equal(m.rows, 3);
  assert.equal(m.cols, 2);
  assert.deepEqual(
    m.tracks.map((t) => t.path),
    [...files].sort(),
  );
  // a.ogg was put second (u=1), b third (u=2), c first (u=0).
  assert.deepEqual(Array.from(m.data), [1, -1, 2, -2, 0, -0]);
  assert.equal(m.tracks[0]!.genre, 'Rock');
  assert.equal(m.tracks[0]!.durationSec, 4.5);
  assert.deepEqual(s.settingsList(), [{ key: KEY, columns: 2, analyses: 3, errors: 0 }]);
  s.close();
});

test('migrates a schema-1 database in place, keeping its rows', () => {
  const dir = tempDir();
  const file = join(dir, 'old.sqlite');
  const f = audioFile(dir, 'a.ogg', 1000, 7);
  const st = fs.statSync(f);
  const old = new Database(file);
  assert.deepEqual(migrate(old, file, 1), [1]);
  old.prepare('INSERT INTO tracks (id, path, size, mtime_ms, fingerprint, title) VALUES (1, ?, ?, ?, ?, ?)').run(
    f,
    st.size,
    st.mtimeMs,
    fingerprintFile(f),
    'Old',
  );
  old.prepare('INSERT INTO settings (id, key, columns) VALUES (1, ?, ?)').run(KEY, JSON.stringify(['p', 'q']));
  old
    .prepare('INSERT INTO analyses VALUES (1, 1, 1, 3.25, ?, ?)')
    .run(Buffer.from(new Float64Array([1.5, -2.5]).buffer), '2026-01-01T00:00:00Z');
  assert.equal(old.pragma('user_version', { simple: true }), 1);
  old.close();

  const s = FeatureStore.open(file);
  assert.equal(s.schemaVersion(), SCHEMA_VERSION);
  assert.ok(SCHEMA_VERSION >= 2);
  const hit = s.lookup(f, 'auto', KEY);
  assert.deepEqual(hit?.values, { p: 1.5, q: -2.5 });
  assert.equal(hit?.tags.title, 'Old');
  assert.equal(hit?.decodeMs, undefined);
  // Version-2 features work on the migrated file.
  s.putError({ path: f, size: st.size, mtimeMs: st.mtimeMs, stage: 'decode', reason: 'x', settingsKey: KEY });
  assert.equal(s.errors(KEY).length, 1);
  const idx = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'tracks_fingerprint'").get();
  assert.ok(idx);
  assert.deepEqual(s.integrityCheck(), ['ok']);
  s.close();
});

test('a read-only command on a store from an older release upgrades it first (it failed on a missing column)', () => {
  const dir = tempDir();
  const file = join(dir, 'release3.sqlite');
  const f = audioFile(dir, 'a.ogg', 1000, 7);
  const st = fs.statSync(f);
  const old = new Database(file);
  assert.deepEqual(migrate(old, file, 3), [1, 2, 3]);
  old.prepare('INSERT INTO tracks (id, path, size, mtime_ms, fingerprint, title) VALUES (1, ?, ?, ?, ?, ?)').run(f, st.size, st.mtimeMs, fingerprintFile(f), 'Old');
  old.prepare('INSERT INTO settings (id, key, columns) VALUES (1, ?, ?)').run(KEY, JSON.stringify(['p', 'q']));
  old.prepare('INSERT INTO errors (track_id, settings_id, stage, reason, failed_at) VALUES (1, 1, ?, ?, ?)').run('decode', 'bad', '2026-01-01T00:00:00Z');
  old.close();

  const s = FeatureStore.open(file, { readonly: true });
  assert.equal(s.schemaVersion(), SCHEMA_VERSION);
  // the joined read that selects errors.retry_key (schema 5) is the one that used to fail
  assert.deepEqual(s.errors(KEY).map((e) => e.reason), ['bad']);
  assert.equal(s.lookup(f, 'auto', KEY)?.values, undefined);
  assert.throws(() => s.putError({ path: f, size: st.size, mtimeMs: st.mtimeMs, stage: 'decode', reason: 'y', settingsKey: KEY }), 'still read-only');
  s.close();
  // a newer store is refused read-only as well, with the same message as for writing
  const newer = join(dir, 'newer.sqlite');
  const d = new Database(newer);
  d.pragma('user_version = 999');
  d.close();
  assert.throws(() => FeatureStore.open(newer, { readonly: true }), (e: unknown) => e instanceof StoreError && /newer than this program/.test(e.message));
});

test('refuses a newer schema and a file that is not a database, naming the file', () => {
  const dir = tempDir();
  const newer = join(dir, 'newer.sqlite');
  const d = new Database(newer);
  d.pragma('user_version = 999');
  d.close();
  assert.throws(() => FeatureStore.open(newer), (e: unknown) => e instanceof StoreError && /newer\.sqlite.*newer than/.test(e.message));
  const junk = join(dir, 'junk.sqlite');
  writeFileSync(junk, 'this is not sqlite, just text that is long enough to have a header of sorts......');
  assert.throws(() => FeatureStore.open(junk), (e: unknown) => e instanceof StoreError && e.message === `${junk}: feature store: file is not a database: name the .sqlite file mir-cluster-playlist made, or a new path for a new store`);
  // a real store cut short (a disk filled up, a copy interrupted): damaged, and only a cache
  const real = join(dir, 'real.sqlite');
  const store = FeatureStore.open(real);
  for (let i = 0; i < 60; i++) store.put(record(audioFile(dir, `${i}.ogg`, 256, i), { 'rms.mean': i, 'zcr.mean': 1 / (i + 1) }));
  store.close();
  const cut = join(dir, 'cut.sqlite');
  writeFileSync(cut, fs.readFileSync(real).subarray(0, 3 * 4096));
  assert.throws(
    () => FeatureStore.open(cut),
    (e: unknown) => e instanceof StoreError && /^.*cut\.sqlite: feature store: .*malformed: the store is damaged; it only caches analyses, so move it aside and run again/.test(e.message),
  );
  assert.throws(() => FeatureStore.open(join(dir, 'missing.sqlite'), { readonly: true }), StoreError);
  assert.throws(() => FeatureStore.open(dir), (e: unknown) => e instanceof StoreError && e.message === `${dir}: feature store: is a folder, not a database file`);
});

test('a full disk (SQLite refusing more pages) is one line naming the store, and what was stored before is kept', () => {
  const dir = tempDir();
  const path = join(dir, 'full.sqlite');
  const s = FeatureStore.open(path);
  const values = Object.fromEntries(Array.from({ length: 400 }, (_, j) => [`f${j}`, j / 7]));
  const files = Array.from({ length: 100 }, (_, i) => audioFile(dir, `t${i}.wav`, 600, i));
  s.put(record(files[0]!, values));
  // max_page_count is SQLite's own size limit: past it, writes fail with SQLITE_FULL as on a full disk
  s.db.pragma(`max_page_count = ${(s.db.pragma('page_count', { simple: true }) as number) + 8}`);
  let stored = 1;
  let error: unknown;
  for (const f of files.slice(1)) {
    try {
      s.put(record(f, values));
      stored++;
    } catch (e) {
      error = e;
      break;
    }
  }
  assert.ok(stored > 1 && stored < files.length, `${stored} stored`);
  const line = `${path}: feature store: the disk is full: free some space and run again (what was stored so far is kept)`;
  assert.ok(error instanceof StoreError, String(error));
  assert.equal(error.message, line);
  s.close();
  const again = FeatureStore.open(path, { readonly: true });
  assert.equal(again.count(KEY), stored);
  again.close();
});

test("--db naming another program's SQLite database is refused before anything is written to it; an empty one becomes a store", () => {
  const dir = tempDir();
  for (const [name, sql] of [
    ['beets.db', "CREATE TABLE items (id INTEGER PRIMARY KEY, path BLOB); CREATE TABLE albums (id INTEGER PRIMARY KEY); INSERT INTO items (path) VALUES ('x')"],
    // a table of our name: this used to fail half-way with "table tracks already exists"
    ['clash.db', "CREATE TABLE tracks (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO tracks (name) VALUES ('mine')"],
  ] as const) {
    const file = join(dir, name);
    const d = new Database(file);
    d.exec(sql);
    d.close();
    const before = fs.readFileSync(file);
    assert.throws(
      () => FeatureStore.open(file),
      (e: unknown) => e instanceof StoreError && /: feature store: it is another program's database \(tables: \w+(, \w+)*\), left as it is: give --db a new file, or a store this tool made$/.test(e.message),
      name,
    );
    assert.deepEqual(fs.readFileSync(file), before, `${name} is byte for byte as it was`);
    assert.ok(!fs.existsSync(`${file}-wal`), 'not switched to WAL');
  }
  const empty = join(dir, 'empty.db');
  new Database(empty).close();
  const s = FeatureStore.open(empty);
  assert.equal(s.schemaVersion(), SCHEMA_VERSION);
  s.close();
});

test('a reading open leaves no -wal or -shm beside the store, refuses writes, and never takes the WAL from a writer', () => {
  const dir = tempDir();
  const path = join(dir, 'music.sqlite');
  const beside = () => fs.readdirSync(dir).filter((f) => f.startsWith('music.sqlite')).sort();
  const files = Array.from({ length: 4 }, (_, i) => audioFile(dir, `${i}.ogg`, 512, i));
  const writer = FeatureStore.open(path);
  writer.put(record(files[0]!, { 'rms.mean': 1, 'zcr.mean': 2 }));
  writer.close();
  assert.deepEqual(beside(), ['music.sqlite']);

  const reader = FeatureStore.open(path, { readonly: true });
  assert.equal(reader.count(KEY), 1);
  assert.throws(() => reader.put(record(files[1]!, { 'rms.mean': 3, 'zcr.mean': 4 })), /readonly|read-only/i);
  reader.close();
  assert.deepEqual(beside(), ['music.sqlite'], 'the reader closed last and tidied up');

  // An analysis still writing: the reader sees what is committed, and its close keeps the WAL the
  // writer is using.
  const busy = FeatureStore.open(path);
  busy.put(record(files[2]!, { 'rms.mean': 5, 'zcr.mean': 6 }));
  const during = FeatureStore.open(path, { readonly: true });
  assert.equal(during.count(KEY), 2);
  during.close();
  assert.deepEqual(beside(), ['music.sqlite', 'music.sqlite-shm', 'music.sqlite-wal']);
  busy.put(record(files[3]!, { 'rms.mean': 7, 'zcr.mean': 8 }));
  busy.close();
  assert.deepEqual(beside(), ['music.sqlite']);
  const last = FeatureStore.open(path, { readonly: true });
  assert.equal(last.count(KEY), 3);
  last.close();
});
