import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { cliPath } from '../helpers.js';

/** A CLI child process with its stdout/stderr collected and its exit awaited. */
export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/src/cli/main.js ...args`, with `env` added to this process's environment. */
export function startCli(args: string[], env: Record<string, string> = {}): CliChild {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('close', (code, signal) => res({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Number of stored analyses in a store file, read through a separate read-only connection (0 while it does not exist). */
export function storedCount(db: string): number {
  if (!existsSync(db)) return 0;
  let c: Database.Database | undefined;
  try {
    c = new Database(db, { readonly: true, fileMustExist: true });
    return (c.prepare('SELECT COUNT(*) AS n FROM analyses').get() as { n: number }).n;
  } catch {
    return 0; // schema not created yet
  } finally {
    c?.close();
  }
}

/** Resolves once `db` holds at least `n` analyses (polling), or rejects when the child exits first. */
export async function waitForRows(db: string, n: number, run: CliChild): Promise<number> {
  let done = false;
  void run.exited.then(() => {
    done = true;
  });
  for (;;) {
    const k = storedCount(db);
    if (k >= n) return k;
    if (done) throw new Error(`child exited with ${k} rows stored (waiting for ${n}): ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
