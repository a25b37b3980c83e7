import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json), found from this compiled file. */
export const repoRoot: string = (() => {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) throw new Error('package.json not found above the test files');
    d = up;
  }
  return d;
})();

/** The team's shared reference folder (`../shared` beside the clone; MIR_SHARED_DIR overrides). */
export const sharedDir: string = process.env.MIR_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');

/** Reads and parses a JSON file under shared/golden. */
export function readGolden<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(join(sharedDir, 'golden', rel), 'utf8')) as T;
}

/** The CLI entry point, compiled. */
export const cliPath: string = join(repoRoot, 'dist', 'src', 'cli', 'main.js');

const tempDirs: string[] = [];

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = 'mcp-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  // one exit listener for all of them (a listener each tripped Node's MaxListeners warning)
  if (tempDirs.length === 0) {
    process.on('exit', () => {
      for (const t of tempDirs) rmSync(t, { recursive: true, force: true });
    });
  }
  tempDirs.push(d);
  return d;
}

/** Fails with a clear message when a Debian soundtrack package the test needs is not installed. */
export function requirePath(path: string, aptPackage: string): string {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: install the Debian package ${aptPackage} (.ci/run does)`);
  }
  return path;
}
