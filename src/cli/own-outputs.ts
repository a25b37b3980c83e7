import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files a run writes in its out folder (besides playlists/ and plots/, which touch only their
 * own names), each with how to tell a file of ours from a user's file of the same name: with
 * `--out-dir ~/Documents` a hand-made features.csv or report.html would otherwise be overwritten.
 */
const OWN_OUTPUTS: Readonly<Record<string, (head: string) => boolean>> = {
  'clusters.csv': (h) => csvHeader(h).startsWith('row,path,'),
  'features.csv': (h) => csvHeader(h).startsWith('path,'),
  'metrics.csv': (h) => csvHeader(h).startsWith('kind,space,method,k'),
  'metrics.json': (h) => /^\{\s*"chosen"\s*:/.test(h),
  'errors.csv': (h) => csvHeader(h).startsWith('path,stage,reason'),
  'report.html': (h) => h.includes('mir-cluster-playlist'),
};

/**
 * A CSV file's first line as we write it, also when a spreadsheet saved the file again: its
 * semicolons or tabs as commas, its quotes around the names gone.
 */
function csvHeader(head: string): string {
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  return line.replace(/"/g, '').replace(/[;\t]/g, ',');
}

/** Every output a clustering run writes. */
export const RUN_OUTPUTS: readonly string[] = Object.keys(OWN_OUTPUTS);

/** The first bytes of a file as text ('' when it cannot be read). */
function head(file: string, bytes: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(bytes);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, bytes, 0));
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Those of `names` in `outDir` that exist and are not ours (an empty file counts as ours: nothing is lost). */
export function foreignOutputs(outDir: string, names: readonly string[] = RUN_OUTPUTS): string[] {
  return names.filter((name) => {
    const file = join(outDir, name);
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) return false;
    if (!st.isFile()) return true; // a folder of that name: nothing could be written there either
    if (st.size === 0) return false;
    const ours = OWN_OUTPUTS[name];
    return ours !== undefined && !ours(head(file, 4096).replace(/^\uFEFF/, ''));
  });
}
