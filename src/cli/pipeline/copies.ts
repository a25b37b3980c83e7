import type { StoredTrack } from '../../store/index.js';

/** A file left out because an earlier file in the library has the same content. */
export interface CopyOf {
  track: StoredTrack;
  /** Path of the first file with that content, which stands for both. */
  of: string;
}

/**
 * The first file of each content (by fingerprint), in order, and the later copies: the same
 * recording under two paths would otherwise weigh twice in the clustering and play twice in a row
 * in its playlist (`similar` and `path` already count such copies once).
 */
export function withoutCopies(tracks: readonly StoredTrack[]): { unique: StoredTrack[]; copies: CopyOf[] } {
  const firstPath = new Map<string, string>();
  const unique: StoredTrack[] = [];
  const copies: CopyOf[] = [];
  for (const t of tracks) {
    const of = firstPath.get(t.fingerprint);
    if (of === undefined) {
      firstPath.set(t.fingerprint, t.path);
      unique.push(t);
    } else copies.push({ track: t, of });
  }
  return { unique, copies };
}

/** The reason shown for a copy in the report's list of files not used. */
export function copyReason(c: CopyOf): string {
  return `a copy of ${c.of} (same content): clustered and listed once, under that path`;
}
