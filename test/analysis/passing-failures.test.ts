// A failure caused by the machine rather than the file (permission denied, an I/O error on a network
// share) is not remembered as the file's own: chmod leaves the mtime as it was, so a failure stored
// with the file's size and mtime would otherwise be reported "as before" on every later run.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { isPassingFailure, isPassingReason } from '../../src/analysis/index.js';
import { DecodeError } from '../../src/audio/index.js';
import { tempDir } from '../helpers.js';
import { runCliUnprivileged as cli } from './child-cli.js';
import { writeLibrary } from './synth-wav.js';

test('errors from the file system or the machine are told apart from errors in the file', () => {
  let enoent: unknown;
  try {
    readFileSync(join(tempDir(), 'nothing.wav'));
  } catch (e) {
    enoent = e;
  }
  assert.ok(isPassingFailure(enoent), 'a real ENOENT from fs');
  const eio = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
  assert.ok(isPassingFailure(new DecodeError('/m/a.flac', 'cannot read: EIO: i/o error, read', { cause: eio })));
  assert.ok(isPassingFailure(new DecodeError('/m/a.m4a', 'ffmpeg: /m/a.m4a: Input/output error')));
  assert.ok(isPassingFailure(new DecodeError('/m/a.m4a', 'cannot run ffmpeg: spawn EAGAIN')));
  assert.ok(isPassingReason('permission denied'));
  for (const reason of [
    'truncated: the last Ogg page is cut off (1.20 s decoded)',
    'empty file (0 bytes)',
    'ffmpeg: Invalid data found when processing input',
    'audio is silent (every sample below -120 dBFS)',
    'is a folder, not an audio file',
  ]) {
    assert.ok(!isPassingFailure(new DecodeError('/m/x.ogg', reason)), reason);
    assert.ok(!isPassingReason(reason), reason);
  }
});

test('a file that could not be read is tried again on the next run, and analysed once it can be read', async () => {
  const dir = tempDir();
  const tracks = writeLibrary(dir, 3, 1.5);
  const locked = tracks[0]!;
  const broken = join(dir, 'broken.wav');
  writeFileSync(broken, Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk'), Buffer.alloc(64, 7)]));
  chmodSync(locked, 0o000);
  const db = join(dir, 'store.sqlite');
  const args = ['analyze', dir, '--db', db, '--decoder', 'wasm', '--concurrency', '1', '--json'];
  const summary = (r: { code: number | null; stdout: string; stderr: string }): number[] => {
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    return [s.analysed, s.reused, s.failed, s.notRetried];
  };

  const first = await cli(args);
  assert.deepEqual(summary(first), [2, 0, 2, 0]);
  assert.ok(first.stderr.includes(`${locked}: decode failed: permission denied\n`), first.stderr);

  // Still unreadable: tried again (not "as before"), while the broken file is not decoded again.
  const second = await cli(args);
  assert.deepEqual(summary(second), [0, 2, 2, 1]);
  assert.ok(second.stderr.includes(`${locked}: decode failed: permission denied\n`), second.stderr);

  // A store from before kept such failures with the environment's key, as it keeps the broken file's.
  const sql = new Database(db);
  const moved = sql
    .prepare(
      `UPDATE errors SET retry_key = (SELECT e.retry_key FROM errors e JOIN tracks t ON t.id = e.track_id WHERE t.path = ?)
       WHERE track_id = (SELECT id FROM tracks WHERE path = ?)`,
    )
    .run(broken, locked);
  const keys = sql.prepare('SELECT COUNT(*) AS n FROM errors WHERE retry_key IS NOT NULL').get() as { n: number };
  sql.close();
  assert.equal(moved.changes, 1);
  assert.equal(keys.n, 2, 'both failures now carry a key');

  chmodSync(locked, 0o644);
  const third = await cli(args);
  assert.deepEqual(summary(third), [1, 2, 1, 1], 'the readable file is analysed, the broken one still not retried');
  assert.ok(!third.stderr.includes(`${locked}:`), third.stderr);
});
