import { accessSync, chmodSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

let bundled: string | null | undefined;

/**
 * Path of the ffmpeg binary from the optional `@ffmpeg-installer/ffmpeg` package, or undefined when
 * it is not installed (omitted optional dependency, or no build for this platform).
 */
export function bundledFfmpegPath(): string | undefined {
  if (bundled === undefined) bundled = findBundled() ?? null;
  return bundled ?? undefined;
}

function findBundled(): string | undefined {
  let path: unknown;
  try {
    // The package throws a plain string when its platform package is absent.
    path = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: unknown }).path;
  } catch {
    return undefined;
  }
  if (typeof path !== 'string' || path === '') return undefined;
  if (process.platform !== 'win32') {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      // Its postinstall (chmod u+x) does not run when install scripts are not approved.
      try {
        chmodSync(path, 0o755);
      } catch {
        return undefined;
      }
    }
  }
  return path;
}
