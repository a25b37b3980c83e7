import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { checkTrackFits, machineMemoryMB, NotEnoughMemoryError, trackPeakMB } from '../../src/analysis/index.js';
import { cliPath, tempDir } from '../helpers.js';
import { synthTrack, wavBytes } from './synth-wav.js';

test('a track longer than the machine has memory for is refused with one line saying so', () => {
  // measured peaks (2026-11-28): 5.8 GB for 4 hours, 11.6 GB for 8 hours
  assert.ok(Math.abs(trackPeakMB(4 * 3600) - 5.8 * 1024) < 300, `${trackPeakMB(4 * 3600)} MB`);
  assert.ok(Math.abs(trackPeakMB(8 * 3600) - 11.6 * 1024) < 500, `${trackPeakMB(8 * 3600)} MB`);
  checkTrackFits(3 * 3600, 8192);
  assert.throws(
    () => checkTrackFits(10 * 3600, 8192),
    (e: unknown) =>
      e instanceof NotEnoughMemoryError &&
      e.stage === 'analysis' &&
      e.reason === '10:00:00 of audio needs about 14.5 GB of memory to analyse, more than the 8.0 GB here: split the file, or leave it out with --exclude',
  );
});

test('the machine memory is the physical one unless MIR_MEMORY_MB says otherwise', () => {
  const before = process.env.MIR_MEMORY_MB;
  try {
    delete process.env.MIR_MEMORY_MB;
    assert.ok(machineMemoryMB() <= totalmem() / 2 ** 20 && machineMemoryMB() > 256);
    process.env.MIR_MEMORY_MB = '3000';
    assert.equal(machineMemoryMB(), 3000);
  } finally {
    if (before === undefined) delete process.env.MIR_MEMORY_MB;
    else process.env.MIR_MEMORY_MB = before;
  }
});

test('analyze refuses a track too long for the memory before decoding it, goes on, and tries it again on the next run', () => {
  const d = tempDir('mcp-memory-limit-');
  const lib = join(d, 'lib');
  mkdirSync(lib);
  // 10 minutes at 8 kHz by its header, cut after 6 (music-metadata reads 6:00 from the file's size,
  // 247 MB): refused before decoding, else the decoder would have called it truncated
  const long = wavBytes(synthTrack(3, 600, 8000), 8000);
  writeFileSync(join(lib, 'long.wav'), long.subarray(0, 44 + 2 * 8000 * 360));
  writeFileSync(join(lib, 'song.wav'), wavBytes(synthTrack(1, 4), 22050));
  // a header that claims 13.5 hours for 3 s of audio is not believed: the decoder says what is wrong
  const lying = wavBytes(synthTrack(2, 3), 22050);
  lying.writeUInt32LE(0x7fffffff, 40);
  writeFileSync(join(lib, 'lying.wav'), lying);
  const db = join(d, 's.sqlite');
  const run = (mb: string) =>
    spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', db], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, MIR_MEMORY_MB: mb } });
  const r = run('200');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n');
  const line = `${join(lib, 'long.wav')}: analysis failed: 6:00 of audio needs about 247 MB of memory to analyse, more than the 200 MB here: split the file, or leave it out with --exclude`;
  assert.ok(lines.includes(line), r.stderr);
  assert.ok(lines.includes(`${join(lib, 'lying.wav')}: decode failed: truncated: 3.00 s decoded of the 48695.77 s its header announces`), r.stderr);
  assert.match(r.stdout, /3 tracks: 1 analysed, 0 reused, 2 failed/);
  assert.ok(readFileSync(join(d, 'errors.csv'), 'utf8').includes('long.wav,analysis,"6:00 of audio needs about 247 MB'));
  const s = new Database(db, { readonly: true });
  const stored = s.prepare("SELECT e.reason, e.retry_key FROM errors e JOIN tracks t ON t.id = e.track_id WHERE t.path LIKE '%long.wav'").all() as { retry_key: string | null }[];
  s.close();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.retry_key, null, 'stored without an environment key: the machine, not the file, decided');
  // with more memory (another machine, or MIR_MEMORY_MB) the next run tries it again: now it is
  // decoded, and the decoder finds the cut
  const again = run('2000');
  assert.equal(again.status, 0, again.stderr);
  assert.ok(again.stderr.includes(`${join(lib, 'long.wav')}: decode failed: truncated: 360.00 s decoded of the 600.00 s its header announces`), again.stderr);
  assert.match(again.stdout, /3 tracks: 0 analysed, 1 reused, 2 failed/);
});
