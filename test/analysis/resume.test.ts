import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startCli, storedCount, waitForRows } from './child-cli.js';
import { writeLibrary } from './synth-wav.js';
import { tempDir } from '../helpers.js';

const root = tempDir('mcp-resume-');
const lib = join(root, 'lib');
mkdirSync(lib);
// 200 short, different tracks (3 s each).
writeLibrary(lib, 200, 3);

function integrity(db: string): string[] {
  const c = new Database(db, { readonly: true });
  try {
    return (c.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } finally {
    c.close();
  }
}

/** Files in `dir` that are neither the store (with its WAL files) nor a complete errors.csv. */
function strayFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => !/^features\.sqlite(-wal|-shm)?$/.test(f) && f !== 'errors.csv');
}

const ARGS = ['--set', 'blog', '--decoder', 'wasm', '--concurrency', '2', '--json'];

test('SIGKILL mid-run, then rerun: every stored analysis is reused and the store is sound', async () => {
  const out = join(root, 'out-kill');
  const db = join(out, 'features.sqlite');
  const first = startCli(['analyze', lib, '--out-dir', out, ...ARGS]);
  await waitForRows(db, 12, first);
  first.child.kill('SIGKILL');
  const end = await first.exited;
  assert.equal(end.signal, 'SIGKILL');
  const kept = storedCount(db);
  assert.ok(kept >= 12 && kept < 200, `rows after SIGKILL: ${kept}`);
  assert.deepEqual(integrity(db), ['ok']);
  // Nothing half-written: errors.csv is only ever renamed into place at the end.
  assert.deepEqual(strayFiles(out), []);
  assert.ok(!readdirSync(out).includes('errors.csv'));

  const second = startCli(['analyze', lib, '--out-dir', out, ...ARGS]);
  const res = await second.exited;
  assert.equal(res.code, 0, second.stderr());
  const summary = JSON.parse(second.stdout());
  assert.equal(summary.tracks, 200);
  assert.equal(summary.reused, kept);
  assert.equal(summary.analysed, 200 - kept);
  assert.equal(summary.failed, 0);
  assert.equal(summary.interrupted, false);
  assert.equal(storedCount(db), 200);
  assert.deepEqual(integrity(db), ['ok']);
  assert.equal(readFileSync(join(out, 'errors.csv'), 'utf8'), 'path,stage,reason\r\n');
  assert.deepEqual(strayFiles(out), []);

  // A third run analyses nothing.
  const third = startCli(['analyze', lib, '--out-dir', out, ...ARGS]);
  assert.equal((await third.exited).code, 0);
  assert.deepEqual(
    [JSON.parse(third.stdout()).reused, JSON.parse(third.stdout()).analysed],
    [200, 0],
  );
});

test('SIGINT stops after the tracks in flight, stores them and exits 130', async () => {
  const out = join(root, 'out-int');
  const db = join(out, 'features.sqlite');
  const run = startCli(['analyze', lib, '--out-dir', out, ...ARGS]);
  const atSignal = await waitForRows(db, 4, run);
  run.child.kill('SIGINT');
  const end = await run.exited;
  assert.equal(end.code, 130, run.stderr());
  assert.match(run.stderr(), /SIGINT: finishing the tracks in flight/);
  const summary = JSON.parse(run.stdout());
  assert.equal(summary.interrupted, true);
  const stored = storedCount(db);
  // Everything this run analysed is in the store, including the two tracks in flight when the
  // signal came (the dispatcher always keeps both workers busy), and it stopped well short.
  assert.equal(summary.analysed, stored);
  assert.ok(stored >= atSignal + 2 && stored < 200, `stored ${stored}, at signal ${atSignal}`);
  assert.doesNotMatch(run.stderr(), /failed:/);
  assert.equal(summary.skipped, 200 - stored);
  assert.equal(summary.failed, 0);
  assert.deepEqual(integrity(db), ['ok']);
  assert.equal(readFileSync(join(out, 'errors.csv'), 'utf8'), 'path,stage,reason\r\n');
  assert.deepEqual(strayFiles(out), []);
});
