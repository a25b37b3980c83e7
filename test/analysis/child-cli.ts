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

/**
 * Runs the CLI to its end as a user whom file permissions stop. Tests run as root here, whom mode
 * 000 files and read-only folders do not stop, so as root the child runs without the two
 * capabilities that let it ignore permissions (util-linux's setpriv).
 */
export async function runCliUnprivileged(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  const run = asRoot
    ? spawn('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  run.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((res) => run.on('close', res));
  return { code, stdout, stderr };
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
