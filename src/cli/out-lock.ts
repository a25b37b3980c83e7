import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WriteError } from '../util/atomic-write.js';

/**
 * One run at a time per out folder. A nightly `run --update` that outlasts the night (a first
 * analysis of a large library on a NAS) would otherwise meet the next night's run, and the two
 * would each write playlists, CSVs and a report, leaving a mix of both. The store needs no lock:
 * SQLite serialises its writers, and each reuses what the other stored.
 */
const LOCK_NAME = '.mir-cluster-playlist.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Thrown when another live run holds the out folder. */
export class OutDirBusyError extends Error {}

const held = new Set<string>();
let exitHook = false;

function readLock(file: string): LockInfo | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, started: String(o.started ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The lock's holder. The lock is created empty and written just after ('wx' cannot do both at
 * once), so an unreadable lock may be one being written: it is read again for up to a second
 * before it counts as left behind, lest two runs take the folder at the same moment.
 */
function readLockPatiently(file: string): LockInfo | undefined {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; ; i++) {
    const info = readLock(file);
    if (info || i === LOCK_READ_TRIES) return info;
    Atomics.wait(pause, 0, 0, 50);
  }
}

const LOCK_READ_TRIES = 20;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `outDir` for this process until it exits (made when missing), or throws OutDirBusyError
 * naming the run that holds it. Returns a note when a lock left by a run that was killed was
 * replaced.
 */
export function lockOutDir(outDir: string): string | undefined {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, LOCK_NAME);
  if (held.has(file)) return undefined;
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let note: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      held.add(file);
      if (!exitHook) {
        exitHook = true;
        // Every way out of the process (an end, an error, a second Ctrl-C's exit) passes here.
        process.on('exit', () => {
          for (const f of held) rmSync(f, { force: true });
        });
      }
      return note;
    } catch (e) {
      // A full disk or a read-only folder: one line naming the file, as for every write.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new WriteError(file, e);
    }
    const other = readLockPatiently(file);
    if (other && (other.host !== me.host || alive(other.pid))) {
      const where = other.host === me.host ? `pid ${other.pid}` : `pid ${other.pid} on ${other.host}`;
      throw new OutDirBusyError(
        `${outDir}: another run is writing to this folder (${where}, started ${other.started}): this one stops; run it again once that one has ended (if it is not running any more, remove ${file})`,
      );
    }
    // Left by a run that was killed (or unreadable): nobody holds it.
    rmSync(file, { force: true });
    note = `note: ${outDir}: removed the lock of an earlier run that ended without removing it${other ? ` (pid ${other.pid})` : ''}`;
  }
  throw new OutDirBusyError(`${outDir}: another run took this folder at the same moment: this one stops`);
}

/** Gives `outDir` back before the process ends (a command run in-process, as the tests do). */
export function unlockOutDir(outDir: string): void {
  const file = join(outDir, LOCK_NAME);
  if (held.delete(file)) rmSync(file, { force: true });
}
