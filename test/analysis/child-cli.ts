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

/** A child process with its stdout/stderr collected and its exit awaited. */
function collected(child: ChildProcess): CliChild {
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

/** Starts `node dist/src/cli/main.js ...args`, with `env` added to this process's environment. */
export function startCli(args: string[], env: Record<string, string> = {}): CliChild {
  return collected(spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
}

/**
 * Runs the CLI to its end as a user whom file permissions stop. Tests run as root here, whom mode
 * 000 files and read-only folders do not stop, so as root the child runs without the two
 * capabilities that let it ignore permissions (util-linux's setpriv).
 */
export async function runCliUnprivileged(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const argv = [process.execPath, cliPath, ...args];
  const run = collected(
    process.getuid?.() === 0
      ? spawn('setpriv', ['--bounding-set=-dac_override,-dac_read_search', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
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
