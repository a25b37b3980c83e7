import { type Stats, statSync } from 'node:fs';

/** The path's stat, or undefined when there is none to be had (missing, unreadable, a name). */
function statOf(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** True for an existing regular file. */
export function isFile(p: string): boolean {
  return statOf(p)?.isFile() === true;
}

/** True for an existing folder. */
export function isFolder(p: string): boolean {
  return statOf(p)?.isDirectory() === true;
}

/** True for a pipe, such as the /dev/fd/63 the shell's process substitution passes (`<(find …)`). */
export function isPipe(p: string): boolean {
  return statOf(p)?.isFIFO() === true;
}
