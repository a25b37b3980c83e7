// A store in a folder the user cannot write (a read-only share, another user's folder) is read for
// the commands that only read. SQLite opens a WAL database there only with its -shm file beside it,
// which such a folder cannot hold, so these commands failed with "attempt to write a readonly
// database"; they now read a copy in memory, and leave the folder as it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { runCliUnprivileged, startCli } from '../analysis/child-cli.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { tempDir } from '../helpers.js';

let dir = '';
let lib = '';
let shelf = '';
let store = '';
let track = '';
let exported = '';
let similar = '';
const locked: string[] = [];

async function cli(args: string[]): Promise<string> {
  const run = startCli(args);
  const end = await run.exited;
  assert.equal(end.code, 0, run.stderr());
  return run.stdout();
}

function storeFiles(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.startsWith('music.sqlite'));
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Makes `folder` and its files read-only to a user other than root (root is held back by runCliUnprivileged). */
function lock(folder: string): void {
  for (const f of readdirSync(folder)) chmodSync(join(folder, f), 0o444);
  chmodSync(folder, 0o555);
  locked.push(folder);
}

before(async () => {
  dir = tempDir();
  lib = join(dir, 'lib');
  mkdirSync(lib);
  track = writeLibrary(lib, 6, 2)[0]!;
  shelf = join(dir, 'shelf');
  store = join(shelf, 'music.sqlite');
  await cli(['analyze', lib, '--db', store, '--decoder', 'wasm']);
  // What the commands give where the store can be written, to compare with.
  exported = await cli(['export', '--db', store, '--csv']);
  similar = await cli(['similar', track, '--db', store, '--n', '3']);
  // With an empty -wal and the -shm beside it, SQLite could read the store in a read-only folder by
  // itself; the reading commands leave none (they used to), so the copy in memory is what reads it.
  assert.deepEqual(storeFiles(shelf), ['music.sqlite'], 'closed cleanly: no -wal or -shm left');
});

after(() => {
  // tempDir's clean-up removes the folders; it needs them writable again.
  for (const f of locked) chmodSync(f, 0o755);
});

test('export, similar, path and cluster read a store in a read-only folder, which stays as it was', async () => {
  lock(shelf);
  const before = sha(store);
  const ex = await runCliUnprivileged(['export', '--db', store, '--csv']);
  assert.equal(ex.code, 0, ex.stderr);
  assert.equal(ex.stdout, exported);
  const sim = await runCliUnprivileged(['similar', track, '--db', store, '--n', '3']);
  assert.equal(sim.code, 0, sim.stderr);
  assert.equal(sim.stdout, similar);
  const other = join(lib, 't005.wav');
  const path = await runCliUnprivileged(['path', track, other, '--db', store, '--steps', '4']);
  assert.equal(path.code, 0, path.stderr);
  assert.ok(path.stdout.includes(other), path.stdout);

  const out = join(dir, 'out');
  const cl = await runCliUnprivileged(['cluster', '--db', store, '--out-dir', out, '--clusters', '2', '--no-report']);
  assert.equal(cl.code, 0, cl.stderr);
  assert.ok(cl.stderr.includes(`note: ${store} is in a read-only folder: read into memory`), cl.stderr);
  assert.equal(readdirSync(join(out, 'playlists')).length, 2);

  assert.deepEqual(storeFiles(shelf), ['music.sqlite'], 'no -shm or -wal file could be made, and none was');
  assert.equal(sha(store), before);
});

test('analyze says the store is read-only, or that a new one cannot be made there', async () => {
  // Without --out-dir, analyze writes errors.csv beside the store: that folder is refused first.
  const implicit = await runCliUnprivileged(['analyze', lib, '--db', store, '--decoder', 'wasm']);
  assert.equal(implicit.code, 2);
  assert.ok(implicit.stderr.includes(`${shelf} (the output folder) is not writable by you: name another with --out-dir`), implicit.stderr);
  const out = tempDir();
  chmodSync(out, 0o777);
  const old = await runCliUnprivileged(['analyze', lib, '--db', store, '--decoder', 'wasm', '--out-dir', out]);
  assert.notEqual(old.code, 0);
  assert.ok(
    old.stderr.includes(`${store}: feature store: cannot write: the file or its folder is read-only (cluster, similar, path and export can still read it)`),
    old.stderr,
  );
  const fresh = join(shelf, 'new.sqlite');
  const made = await runCliUnprivileged(['analyze', lib, '--db', fresh, '--decoder', 'wasm', '--out-dir', out]);
  assert.notEqual(made.code, 0);
  assert.ok(made.stderr.includes(`${fresh}: feature store: cannot create the store: no permission to write in its folder`), made.stderr);
});

test('a store of an older schema in a read-only folder is upgraded in memory and read', async () => {
  const shelf5 = join(dir, 'shelf5');
  mkdirSync(shelf5);
  const old = join(shelf5, 'music.sqlite');
  copyFileSync(store, old);
  // Back to schema 5, as a release before the acoustic signatures and cue-sheet counts wrote it.
  const db = new Database(old);
  db.exec(
    `DROP INDEX tracks_audio_print; ALTER TABLE tracks DROP COLUMN audio_print; ALTER TABLE tracks DROP COLUMN cue_songs;
     ALTER TABLE analyses DROP COLUMN signature; DELETE FROM schema_migrations WHERE version > 5;`,
  );
  db.pragma('user_version = 5');
  db.pragma('journal_mode = DELETE');
  db.close();
  lock(shelf5);
  const before = sha(old);
  const ex = await runCliUnprivileged(['export', '--db', old, '--csv']);
  assert.equal(ex.code, 0, ex.stderr);
  assert.equal(ex.stdout, exported);
  assert.equal(sha(old), before);
  assert.deepEqual(storeFiles(shelf5), ['music.sqlite']);
});

test('a store the user may not read at all says so in one line', async () => {
  const shut = join(dir, 'shut');
  mkdirSync(shut);
  const file = join(shut, 'music.sqlite');
  copyFileSync(store, file);
  chmodSync(file, 0o000);
  const ex = await runCliUnprivileged(['export', '--db', file, '--csv']);
  chmodSync(file, 0o644);
  assert.equal(ex.code, 1);
  assert.equal(ex.stderr, `mir-cluster-playlist export: ${file}: feature store: cannot read it: permission denied\n`);
});
