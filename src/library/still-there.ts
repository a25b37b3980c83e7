import { statSync } from 'node:fs';

/** Why a stored track is left out when its file has gone. */
export const GONE_REASON = 'file no longer exists (analysed earlier; moved, deleted or on a drive that is not mounted)';

/**
 * Splits stored tracks into those whose file is still a file at its path and those whose file has
 * gone: the store outlives files, and a playlist or recommendation must not name a missing one.
 */
export function splitByPresence<T extends { path: string }>(tracks: readonly T[]): { present: T[]; gone: T[] } {
  const present: T[] = [];
  const gone: T[] = [];
  for (const t of tracks) (statSync(t.path, { throwIfNoEntry: false })?.isFile() ? present : gone).push(t);
  return { present, gone };
}
