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
