import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isAudioFileName, isPlaylistFileName } from './audio-extensions.js';
import { type WholeAlbum, wholeAlbums } from './cue.js';
import { LetterCaseResolver } from './letter-case.js';
import { mapEntry, type PathMapping } from './path-map.js';
import { displayName, hasLineBreak, isSystemFolderName, isUtf8Name, isVirtualTree, LINE_BREAK_REASON, latin1Bytes, NOT_UTF8_REASON, oneLineName } from './file-names.js';
import { parsePlaylist } from './playlist-formats.js';
import { decodePlaylistText, entryToPath } from './playlist-text.js';

/** One track to analyse. */
export interface TrackRef {
  /** Absolute, normalised path. */
  path: string;
  /** The entry as written in the input (playlist line, command-line path, or path found in a folder). */
  entry: string;
  /** Title the playlist gives the track (`#EXTINF`, PLS `TitleN`, XSPF creator and title, iTunes artist and name). */
  playlistTitle?: string;
}

/** An input that could not become a track, e.g. a playlist entry whose file is missing. */
export interface LibraryProblem {
  /** Absolute path (or the entry as written when it is not a local path). */
  path: string;
  /** One line saying why, e.g. `file not found (line 3 of /music/a.m3u)`. */
  reason: string;
}

/** Tracks in input order, duplicates removed, plus the inputs that could not be used. */
export interface Library {
  tracks: TrackRef[];
  problems: LibraryProblem[];
  /** Tracks that are whole albums cut by a CUE sheet beside them (analysed as one track each). */
  wholeAlbums: WholeAlbum[];
  /** What `exclude` left out: audio files and playlist entries, and folders (not walked). */
  excluded: { files: number; folders: number };
  /** Notes on playlists that left entries out on purpose, e.g. `…/Library.xml: 212 with no file here (in the cloud) left out`. */
  notes: string[];
}

/** How to read a library. */
export interface ReadLibraryOptions {
  /** Paths to leave out (see `excludeTest`): a folder that matches is not walked. */
  exclude?: (absolutePath: string) => boolean;
  /** Old folders of playlist entries and where they are now (`--path-map`). */
  pathMap?: readonly PathMapping[];
  /** What the input `-` reads (default: the process's standard input); null when it is a terminal. */
  stdin?: () => Promise<Uint8Array | null>;
}

/** The process's standard input, whole; null when it is a terminal (nobody piped anything in). */
async function readStdin(): Promise<Uint8Array | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** How stdin is named in messages (`line 3 of (stdin)`). */
const STDIN_NAME = '(stdin)';

/** Error text for a failed fs call, without Node's `ENOENT: ..., stat '<path>'` noise. */
/** Why a path that is neither a file nor a folder is no track: `not a regular file (a named pipe)`. */
function notRegular(st: Stats): string {
  const kind = st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a file';
  return `not a regular file (${kind})`;
}

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent of this path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ? `${code}: ${(e as Error).message}` : String(e);
  }
}

class LibraryReader {
  readonly tracks: TrackRef[] = [];
  readonly problems: LibraryProblem[] = [];
  private readonly seen = new Set<string>();
  // CUE sheets met in folder scans, checked against the tracks once everything is read.
  readonly cueSheets: string[] = [];
  readonly excluded = { files: 0, folders: 0 };
  readonly notes: string[] = [];
  private readonly letterCase = new LetterCaseResolver();
  // Real paths of folders and playlists being read, so symlink loops and self-including playlists end.
  private readonly visiting = new Set<string>();
  private stdinRead = false;

  constructor(
    private readonly exclude?: (absolutePath: string) => boolean,
    private readonly pathMap: readonly PathMapping[] = [],
    private readonly stdin: () => Promise<Uint8Array | null> = readStdin,
  ) {}

  /** True (and counted) when `--exclude` leaves this path out. */
  private leftOut(path: string, isFolder: boolean): boolean {
    if (!this.exclude?.(path)) return false;
    if (isFolder) this.excluded.folders++;
    else this.excluded.files++;
    return true;
  }

  private addTrack(path: string, entry: string, playlistTitle?: string): void {
    if (this.seen.has(path) || this.leftOut(path, false)) return;
    this.seen.add(path);
    this.tracks.push(playlistTitle === undefined ? { path, entry } : { path, entry, playlistTitle });
  }

  /** Reads one command-line input: playlist, folder or single file; `-` is a playlist or a list of paths on stdin. */
  async input(arg: string): Promise<void> {
    if (arg === '-') {
      if (this.stdinRead) return;
      this.stdinRead = true;
      const bytes = await this.stdin();
      if (bytes === null) {
        this.problems.push({ path: STDIN_NAME, reason: "'-' reads a playlist or one path a line from standard input, but nothing is piped in" });
        return;
      }
      await this.playlistText(STDIN_NAME, bytes, process.cwd());
      return;
    }
    let path = resolve(arg);
    if (hasLineBreak(path)) {
      this.problems.push({ path: oneLineName(path), reason: LINE_BREAK_REASON });
      return;
    }
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(path);
    } catch (e) {
      const other = await inOtherUnicodeForm([path]);
      if (!other) {
        this.problems.push({ path, reason: fsReason(e) });
        return;
      }
      ({ path, st } = other);
    }
    if (st.isDirectory()) {
      if (!this.leftOut(path, true)) await this.folder(path, arg);
    } else if (st.isFIFO()) {
      // `run <(find ~/Music -name '*.flac')`: the shell's process substitution passes a pipe (for
      // example /dev/fd/63). Read whole, as `-` is: a playlist or one path a line, relative to the
      // working folder.
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (e) {
        this.problems.push({ path, reason: `cannot read playlist: ${fsReason(e)}` });
        return;
      }
      await this.playlistText(path, bytes, process.cwd());
    } else if (!st.isFile()) this.problems.push({ path, reason: notRegular(st) });
    else if (isPlaylistFileName(path)) await this.playlist(path);
    else this.addTrack(path, arg);
  }

  /** Adds every audio file under `dir`, recursively, in sorted order; hidden entries are skipped. */
  private async folder(dir: string, shownAs: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      this.problems.push({ path: dir, reason: fsReason(e) });
      return;
    }
    if (this.visiting.has(real)) return;
    this.visiting.add(real);
    try {
      let raw: Dirent<Buffer>[];
      try {
        // Names as bytes: a name that is not UTF-8 would come back as text that opens nothing.
        raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
      } catch (e) {
        this.problems.push({ path: dir, reason: `cannot list folder: ${fsReason(e)}` });
        return;
      }
      const entries: { ent: Dirent<Buffer>; name: string }[] = [];
      for (const ent of raw) {
        // Dot files include macOS "._x.mp3" resource forks, which carry audio names but no audio.
        if (ent.name[0] === 0x2e) continue;
        if (isUtf8Name(ent.name)) entries.push({ ent, name: ent.name.toString('utf8') });
        else if (ent.isDirectory() || isAudioFileName(ent.name.toString('latin1'))) {
          this.problems.push({ path: join(dir, displayName(ent.name)), reason: NOT_UTF8_REASON });
        }
      }
      // Code-unit order: the same on every machine and locale.
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const { ent, name } of entries) {
        const p = join(dir, name);
        if (hasLineBreak(name)) {
          // Every playlist would break at that line; a folder's tracks would all have such paths.
          if (ent.isDirectory() || ent.isSymbolicLink() || isAudioFileName(name)) this.problems.push({ path: join(dir, oneLineName(name)), reason: LINE_BREAK_REASON });
          continue;
        }
        let isDir = ent.isDirectory();
        let isFile = ent.isFile();
        if (ent.isSymbolicLink()) {
          try {
            const st = await stat(p);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            // A dangling symlink in a folder is not something the user asked for by name: skip it.
            continue;
          }
        }
        if (isDir) {
          if (!this.leftOut(p, true) && !isSystemFolderName(name) && !isVirtualTree(p)) await this.folder(p, join(shownAs, name));
        } else if (isFile && isAudioFileName(name)) this.addTrack(p, join(shownAs, name));
        else if (isFile && /\.cue$/i.test(name)) this.cueSheets.push(p);
      }
    } finally {
      this.visiting.delete(real);
    }
  }

  /** Adds the entries of a playlist (M3U, PLS, XSPF, WPL, iTunes XML); missing files become problems. */
  private async playlist(file: string): Promise<void> {
    let real: string;
    let bytes: Uint8Array;
    try {
      real = await realpath(file);
      bytes = await readFile(file);
    } catch (e) {
      this.problems.push({ path: file, reason: `cannot read playlist: ${fsReason(e)}` });
      return;
    }
    if (this.visiting.has(real)) {
      this.problems.push({ path: file, reason: 'playlist includes itself' });
      return;
    }
    this.visiting.add(real);
    try {
      await this.playlistText(file, bytes, dirname(file));
    } finally {
      this.visiting.delete(real);
    }
  }

  /** Adds the entries of playlist bytes read from `name` (a file, or `(stdin)`), relative to `base`. */
  private async playlistText(file: string, bytes: Uint8Array, base: string): Promise<void> {
    const parsed = parsePlaylist(decodePlaylistText(bytes));
    if ('error' in parsed) {
      this.problems.push({ path: file, reason: `cannot read playlist: ${parsed.error}` });
      return;
    }
    const { entries } = parsed;
    if (parsed.leftOut) this.notes.push(`${file}: ${parsed.leftOut}`);
    // Stat the entries a batch at a time (large playlists: one file-system round trip each),
    // then handle them in playlist order.
    const BATCH = 128;
    const otherCase: { line: number; entry: string; path: string }[] = [];
    for (let b = 0; b < entries.length; b += BATCH) {
      const batch = entries.slice(b, b + BATCH);
      const located = await Promise.all(batch.map((e) => locateEntry(e.entry, base, this.pathMap, this.letterCase)));
      for (let j = 0; j < batch.length; j++) {
        const e = batch[j];
        const where = `line ${e.line} of ${file}`;
        const loc = located[j];
        if (!('error' in loc) && loc.otherCase) otherCase.push({ line: e.line, entry: e.entry, path: loc.path });
        if ('error' in loc) {
          // A missing entry the user excluded anyway is no problem of theirs.
          // An XML playlist's entry may span lines (a damaged file): the problem stays one line.
          if (loc.path === undefined || !this.leftOut(loc.path, false)) this.problems.push({ path: oneLineName(loc.path ?? e.entry), reason: `${loc.error} (${where})` });
        } else if (loc.st.isDirectory()) {
          // `/` or an empty `file://`: a damaged line, not a wish to read the whole disk.
          if (dirname(loc.path) === loc.path) this.problems.push({ path: loc.path, reason: `names the root folder, which is not scanned for a playlist (${where})` });
          else if (!this.leftOut(loc.path, true)) await this.folder(loc.path, e.entry);
        } else if (!loc.st.isFile()) {
          // A pipe named in a playlist would be waited on for ever; a device read for ever.
          this.problems.push({ path: loc.path, reason: `${notRegular(loc.st)} (${where})` });
        } else if (isPlaylistFileName(loc.path)) {
          await this.playlist(loc.path);
        } else {
          this.addTrack(loc.path, e.entry, e.title);
        }
      }
    }
    if (otherCase.length > 0) {
      const [first] = otherCase;
      const n = otherCase.length;
      this.notes.push(
        `${file}: ${n} ${n === 1 ? 'entry names its file' : 'entries name their files'} in other letter case than the disk has (as Windows and macOS allow), and ${n === 1 ? 'it was' : 'they were'} read as the files that match: e.g. line ${first!.line}, ${oneLineName(first!.entry)} is ${first!.path}`,
      );
    }
  }
}

type Located = { path: string; st: Stats; otherCase?: boolean } | { path?: string; error: string };

/**
 * The first of `paths` that exists in the other Unicode normal form. Names copied from macOS are
 * often decomposed (é as e + U+0301) while playlists and shells write them composed, and Linux file
 * systems compare bytes, so `Beyoncé.mp3` would otherwise be "not found" beside itself.
 */
async function inOtherUnicodeForm(paths: readonly string[]): Promise<{ path: string; st: Stats } | undefined> {
  for (const p of paths) {
    for (const form of ['NFD', 'NFC'] as const) {
      const q = p.normalize(form);
      if (q === p) continue;
      try {
        return { path: q, st: await stat(q) };
      } catch {
        // the other form, or the next path
      }
    }
  }
  return undefined;
}

/** Resolves one playlist entry to an existing path (or the reason it has none). */
async function locateEntry(entry: string, base: string, pathMap: readonly PathMapping[], letterCase: LetterCaseResolver): Promise<Located> {
  const mapped = pathMap.length > 0 ? mapEntry(entry, pathMap) : undefined;
  const loc = mapped !== undefined ? { path: mapped } : entryToPath(entry, (p) => resolve(base, p));
  if ('error' in loc) return { error: loc.error };
  try {
    return { path: loc.path, st: await stat(loc.path) };
  } catch (err) {
    // Playlists written on Windows use backslashes; try them as folder separators.
    const paths = [loc.path];
    if (entry.includes('\\') && !/^file:/i.test(entry)) {
      const alt = resolve(base, entry.replace(/\\/g, '/'));
      try {
        return { path: alt, st: await stat(alt) };
      } catch {
        paths.push(alt);
      }
    }
    const other = await inOtherUnicodeForm(paths);
    if (other) return other;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      for (const p of paths) {
        const cased = await letterCase.find(p);
        if (cased) return { ...cased, otherCase: true };
      }
    }
    // A Latin-1 playlist naming a file whose name on disk is in Latin-1 too: say why it cannot be used.
    const legacy = (err as NodeJS.ErrnoException).code === 'ENOENT' ? latin1Bytes(loc.path) : undefined;
    if (legacy && (await stat(legacy).then(() => true, () => false))) return { path: displayName(legacy), error: NOT_UTF8_REASON };
    return { path: loc.path, error: fsReason(err) };
  }
}

/**
 * Reads a music library from playlists (.m3u/.m3u8/.pls/.xspf/.wpl, iTunes .xml), folders (recursive, audio files only, sorted)
 * and single files, in the order given; a path reached twice is kept once (first occurrence).
 * Never throws for bad entries: they come back in `problems`. Paths `opts.exclude` matches are left
 * out and counted.
 */
export async function readLibrary(inputs: string[], opts: ReadLibraryOptions = {}): Promise<Library> {
  const r = new LibraryReader(opts.exclude, opts.pathMap, opts.stdin);
  for (const arg of inputs) await r.input(arg);
  return { tracks: r.tracks, problems: r.problems, wholeAlbums: await wholeAlbums(r.cueSheets, r.tracks.map((t) => t.path)), excluded: r.excluded, notes: r.notes };
}
