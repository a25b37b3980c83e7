import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { decodePlaylistText } from './playlist-text.js';

/** The audio files a CUE sheet cuts into tracks, with how many tracks each holds. */
export interface CueFile {
  /** The file name as the sheet writes it (usually relative to the sheet's folder). */
  name: string;
  tracks: number;
}

/**
 * Reads the `FILE "name" TYPE` lines of a CUE sheet and counts the `TRACK nn AUDIO` lines under
 * each: enough to tell that a file is a whole album (one rip, one sheet), not a song.
 */
export function parseCueSheet(text: string): CueFile[] {
  const out: CueFile[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const file = /^\s*FILE\s+(?:"([^"]*)"|(\S+))\s+\S+\s*$/i.exec(line);
    if (file) {
      out.push({ name: file[1] ?? file[2]!, tracks: 0 });
      continue;
    }
    if (/^\s*TRACK\s+\d+\s+AUDIO\b/i.test(line) && out.length > 0) out[out.length - 1]!.tracks++;
  }
  return out;
}

/** A track that a CUE sheet in its folder cuts into several songs. */
export interface WholeAlbum {
  path: string;
  /** The CUE sheet. */
  cue: string;
  /** Songs the sheet lists in this file. */
  tracks: number;
}

/**
 * The tracks that CUE sheets cut into two or more songs. A sheet names the file its ripper wrote
 * (often `Album.wav`, later compressed to `Album.flac`), so a file of the same name with another
 * audio extension in the sheet's folder counts too. Unreadable sheets are skipped: they only
 * inform a note.
 */
export async function wholeAlbums(sheets: readonly string[], trackPaths: readonly string[]): Promise<WholeAlbum[]> {
  if (sheets.length === 0) return [];
  const stem = (p: string): string => p.slice(0, p.length - extname(p).length);
  const byStem = new Map<string, string>();
  const paths = new Set<string>();
  for (const p of trackPaths) {
    paths.add(p);
    if (!byStem.has(stem(p))) byStem.set(stem(p), p);
  }
  const out: WholeAlbum[] = [];
  const found = new Set<string>();
  for (const cue of sheets) {
    let files: CueFile[];
    try {
      files = parseCueSheet(decodePlaylistText(await readFile(cue)));
    } catch {
      continue;
    }
    for (const f of files) {
      if (f.tracks < 2) continue;
      const named = resolve(dirname(cue), f.name.replace(/\\/g, '/'));
      const path = paths.has(named) ? named : byStem.get(stem(named));
      if (path === undefined || found.has(path)) continue;
      found.add(path);
      out.push({ path, cue, tracks: f.tracks });
    }
  }
  return out;
}
