import { type M3u8Options, musicFolderOf } from '../playlists/index.js';
import { count } from '../util/text.js';

/**
 * Says, once, how many playlist entries lie outside the `--relative-to` folder: they are written
 * with absolute paths, which MPD plays only for a client on its local socket.
 */
export function noteOutside(paths: readonly string[], opts: M3u8Options, log: (line: string) => void): void {
  if (opts.relativeTo === undefined) return;
  const outside = paths.filter((p) => musicFolderOf(p, opts) === undefined);
  if (outside.length === 0) return;
  log(`note: ${count(outside.length, 'track')} ${outside.length === 1 ? 'lies' : 'lie'} outside --relative-to ${opts.relativeTo} (e.g. ${outside[0]}): ${outside.length === 1 ? 'its entry names it' : 'their entries name them'} by absolute path`);
}
