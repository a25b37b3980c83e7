import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a file could not be written, in words, from Node's error code. */
function writeReason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  switch (e?.code) {
    case 'ENOSPC':
      return 'no space left on the disk';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of its folder';
    case 'EISDIR':
    case 'ENOTEMPTY':
      return 'a folder of that name is in the way';
    default:
      return e?.message ?? String(err);
  }
}

/** A file that could not be written; the message names it: `<path>: cannot write: <reason>`. */
export class WriteError extends Error {
  readonly path: string;
  readonly reason: string;
  readonly code?: string;
  constructor(path: string, err: unknown) {
    const reason = writeReason(err);
    super(`${path}: cannot write: ${reason}`);
    this.name = 'WriteError';
    this.path = path;
    this.reason = reason;
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'string') this.code = code;
  }
}

/** Removes a temporary file if there is one; when its folder is not a folder at all, there is none. */
function removeQuietly(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // ENOTDIR and the like: nothing was made, so nothing is left behind
  }
}

/**
 * Writes a file so that readers never see it half-written: the bytes go to a temporary file in the
 * same folder (same file system, so the rename is atomic) and then replace the target. On failure
 * (a full disk, say) the temporary file is removed and a WriteError names the target.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    removeQuietly(tmp);
    throw new WriteError(path, err);
  }
}

/**
 * writeFileAtomic for text made piece by piece, never whole in memory: a 100k-track JSON export is
 * larger than the longest string V8 allows. The same temporary file, clean-up and WriteError.
 */
export function writeChunksAtomic(path: string, chunks: Iterable<string>): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(tmp, 'w');
    for (const c of chunks) writeSync(fd, c);
    const done = fd;
    fd = undefined;
    closeSync(done);
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    throw new WriteError(path, err);
  }
}

/** Removes a file this tool wrote earlier (gone already is fine); a refusal is a WriteError naming it. */
export function removeOwnFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch (err) {
    throw new WriteError(path, err);
  }
}
