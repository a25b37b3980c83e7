import { open } from 'node:fs/promises';
import { parseCueSheet } from '../library/cue.js';

/** FLAC's metadata block type for a CD-style cue sheet (RFC 9639, 8.7). */
const CUESHEET_BLOCK = 5;
/** Lead-out track numbers: 170 on a CD, 255 otherwise; they mark the end, not a song. */
const LEAD_OUT = new Set([170, 255]);

/**
 * Audio tracks of a FLAC CUESHEET metadata block (lead-out and data tracks not counted); null when
 * the block is malformed. Layout: catalog 128 bytes, lead-in 8, flags 1, reserved 258, track count
 * 1, then per track offset 8, number 1, ISRC 12, flags 1, reserved 13, index count 1, 12 per index.
 */
export function flacCueSheetSongs(block: Uint8Array): number | null {
  if (block.length < 396) return null;
  const nTracks = block[395]!;
  let p = 396;
  let songs = 0;
  for (let t = 0; t < nTracks; t++) {
    if (p + 36 > block.length) return null;
    const number = block[p + 8]!;
    const dataTrack = (block[p + 21]! & 0x80) !== 0;
    const indexes = block[p + 35]!;
    p += 36 + 12 * indexes;
    if (p > block.length) return null;
    if (!LEAD_OUT.has(number) && !dataTrack) songs++;
  }
  return songs;
}

/** Size of an ID3v2 tag at the start of `head` (some taggers put one before "fLaC"), else 0. */
function id3v2Size(head: Uint8Array): number {
  if (head.length < 10 || head[0] !== 0x49 || head[1] !== 0x44 || head[2] !== 0x33) return 0;
  const size = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  return 10 + size + (head[5]! & 0x10 ? 10 : 0);
}

/**
 * Songs the CUESHEET metadata block of a FLAC file lists (0 when it has none or is not FLAC),
 * read by walking the block headers, so pictures before it are skipped, not read.
 */
export async function flacFileCueSongs(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = new Uint8Array(14);
    await fh.read(head, 0, head.length, 0);
    let pos = id3v2Size(head);
    const magic = new Uint8Array(4);
    await fh.read(magic, 0, 4, pos);
    if (String.fromCharCode(...magic) !== 'fLaC') return 0;
    pos += 4;
    const header = new Uint8Array(4);
    // A real file has a handful of blocks; the bound keeps a damaged one from being walked forever.
    for (let i = 0; i < 128 && pos + 4 <= size; i++) {
      await fh.read(header, 0, 4, pos);
      const type = header[0]! & 0x7f;
      const length = (header[1]! << 16) | (header[2]! << 8) | header[3]!;
      if (type === CUESHEET_BLOCK) {
        const block = new Uint8Array(Math.min(length, size - pos - 4));
        await fh.read(block, 0, block.length, pos + 4);
        return flacCueSheetSongs(block) ?? 0;
      }
      if (header[0]! & 0x80) break;
      pos += 4 + length;
    }
    return 0;
  } finally {
    await fh.close();
  }
}

/** Songs a cue sheet kept as text in a tag (foobar2000's and EAC's `CUESHEET` field) lists. */
export function tagCueSongs(text: string): number {
  return parseCueSheet(text).reduce((s, f) => s + f.tracks, 0);
}
