// One run at a time per out folder: a second run (a nightly cron job meeting the last one) stops
// with one line instead of writing a mix of both runs' playlists and report.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lockOutDir, OutDirBusyError } from '../../src/cli/out-lock.js';
import { startCli } from '../analysis/child-cli.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

function cli(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stderr: r.stderr };
}

test('a second run on the same out folder stops while the first runs; the lock goes with the first', async () => {
  const dir = tempDir('mcp-lock-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 8, 20);
  const out = join(dir, 'out');
  const lock = join(out, '.mir-cluster-playlist.lock');
  const first = startCli(['run', lib, '--out-dir', out, '--clusters', '2', '--no-report', '--decoder', 'wasm', '--concurrency', '1']);
  // The lock is created, then written: wait until it holds the first run's details.
  let started = '';
  while (started === '') {
    assert.equal(first.child.exitCode, null, `the first run ended before its lock was seen: ${first.stderr()}`);
    try {
      started = (JSON.parse(readFileSync(lock, 'utf8')) as { started: string }).started;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const second = cli(['cluster', '--out-dir', out, '--clusters', '2']);
  assert.equal(second.status, 1, second.stderr);
  assert.equal(
    second.stderr,
    `mir-cluster-playlist: ${out}: another run is writing to this folder (pid ${first.child.pid}, started ${started}): this one stops; run it again once that one has ended (if it is not running any more, remove ${lock})\n`,
  );
  const end = await first.exited;
  assert.equal(end.code, 0, first.stderr());
  assert.ok(!existsSync(lock), 'the first run took its lock away');
  // The folder is free again.
  assert.equal(cli(['cluster', '--out-dir', out, '--clusters', '2', '--no-report']).status, 0);
});

test('a lock seen in the moment between its creation and its writing is not taken for one left behind', async () => {
  const dir = tempDir('mcp-lock-');
  const out = join(dir, 'out');
  mkdirSync(out);
  const lock = join(out, '.mir-cluster-playlist.lock');
  // Another run's lock, created empty and written 300 ms later, as a slow disk might do it.
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('node:fs'); const fd = fs.openSync(${JSON.stringify(lock)}, 'wx');
       setTimeout(() => { fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: require('node:os').hostname(), started: 'then' }) + '\\n'); fs.closeSync(fd); }, 300);
       setTimeout(() => {}, 5000);`,
    ],
    { stdio: 'ignore' },
  );
  try {
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 2));
    // In this process, so nothing (a CLI's start-up) stands between seeing the empty lock and taking it.
    assert.equal(readFileSync(lock, 'utf8'), '', 'the lock is still empty when this run tries to take the folder');
    assert.throws(
      () => lockOutDir(out),
      (e: unknown) => e instanceof OutDirBusyError && e.message.includes(`another run is writing to this folder (pid ${holder.pid}, started then)`),
    );
    assert.ok(existsSync(lock), 'the other run keeps its lock');
  } finally {
    holder.kill();
  }
});

test('a lock left by a run that was killed is taken over; one from another machine is respected', () => {
  const dir = tempDir('mcp-lock-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 4, 2);
  const out = join(dir, 'out');
  assert.equal(cli(['run', lib, '--out-dir', out, '--clusters', '2', '--no-report']).status, 0);
  const lock = join(out, '.mir-cluster-playlist.lock');
  // The pid of a process that has ended.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  writeFileSync(lock, `${JSON.stringify({ pid: dead, host: hostname(), started: '2026-11-27T02:00:00.000Z' })}\n`);
  const taken = cli(['cluster', '--out-dir', out, '--clusters', '2', '--no-report']);
  assert.equal(taken.status, 0, taken.stderr);
  assert.ok(taken.stderr.includes(`note: ${out}: removed the lock of an earlier run that ended without removing it (pid ${dead})\n`), taken.stderr);
  assert.ok(!existsSync(lock));

  writeFileSync(lock, `${JSON.stringify({ pid: 4242, host: 'nas-box', started: '2026-11-28T02:00:00.000Z' })}\n`);
  const refused = cli(['cluster', '--out-dir', out, '--clusters', '2', '--no-report']);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /another run is writing to this folder \(pid 4242 on nas-box, started 2026-11-28T02:00:00\.000Z\)/);
  assert.ok(existsSync(lock), 'left for its owner');
});
