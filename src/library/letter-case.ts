import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, parse } from 'node:path';

/** How names compare when letter case and Unicode composition are set aside. */
function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Finds files named with other letter case than the file system has them. Windows and macOS
 * compare names without case, so their playlists may say `ABBA\Song1.MP3` for `abba/song1.mp3`,
 * which Linux file systems, comparing bytes, call missing once the library is copied over. Folder
 * listings are kept for the reader's lifetime: a playlist of mis-cased entries lists each folder once.
 */
export class LetterCaseResolver {
  private readonly listings = new Map<string, Promise<Map<string, string[]> | undefined>>();
  private readonly folders = new Map<string, Promise<boolean>>();

  /**
   * The existing path that `path` names when case is ignored, component by component from the
   * deepest folder that exists as written; undefined when none does, or when a name matches two
   * entries (`Song.mp3` beside `song.mp3`: no guess).
   */
  async find(path: string): Promise<{ path: string; st: Stats } | undefined> {
    const { root } = parse(path);
    const rest: string[] = [];
    let base = path;
    // The deepest ancestor that exists as written (usually the music folder itself).
    while (base !== root) {
      rest.unshift(basename(base));
      base = dirname(base);
      if (await this.isFolder(base)) break;
    }
    let at = base;
    for (const name of rest) {
      const listing = await this.listing(at);
      const found = listing?.get(folded(name));
      if (found?.length !== 1) return undefined;
      at = join(at, found[0]!);
    }
    if (at === path) return undefined;
    try {
      return { path: at, st: await stat(at) };
    } catch {
      return undefined;
    }
  }

  private isFolder(dir: string): Promise<boolean> {
    let f = this.folders.get(dir);
    if (!f) {
      f = stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      this.folders.set(dir, f);
    }
    return f;
  }

  private listing(dir: string): Promise<Map<string, string[]> | undefined> {
    let l = this.listings.get(dir);
    if (!l) {
      l = readdir(dir).then(
        (names) => {
          const byFold = new Map<string, string[]>();
          for (const n of names) {
            const k = folded(n);
            const same = byFold.get(k);
            if (same) same.push(n);
            else byFold.set(k, [n]);
          }
          return byFold;
        },
        () => undefined,
      );
      this.listings.set(dir, l);
    }
    return l;
  }
}
