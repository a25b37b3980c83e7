import { isAbsolute, relative } from 'node:path';
import { pathToHref } from './escape.js';

/** Href from the folder of report.html (`fromDir`) to the file `target`: relative, URL-encoded. */
export function relativeHref(fromDir: string, target: string): string {
  if (!isAbsolute(target)) return pathToHref(target);
  const rel = relative(fromDir, target);
  // Another drive (Windows) cannot be reached relatively: use an absolute file URL.
  return isAbsolute(rel) ? pathToHref(target) : pathToHref(rel);
}
