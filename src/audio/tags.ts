import { open } from 'node:fs/promises';
import { type IAudioMetadata, parseFile } from 'music-metadata';
import { mendTagText } from '../util/windows-1252.js';
import { flacFileCueSongs, tagCueSongs } from './embedded-cue.js';
import { DETECT_BYTES, detectFormat } from './detect-format.js';
import { readStreamInfo } from './stream-info.js';

/** Tags of a track; every field is optional (files often have none). */
export interface TrackTags {
  title?: string;
  artist?: string;
  album?: string;
  /** Raw genre text as tagged; several genres are joined with '; ' (normalised downstream). */
  genre?: string;
  trackNumber?: number;
  /**
   * Seconds, from the container headers (may be absent). For MP3 only when a Xing/VBRI header
   * counts the frames: without one the length is guessed from the first frame's bit rate, which a
   * quiet intro of a VBR file can put several times too high.
   */
  durationSec?: number;
  /** Songs a cue sheet inside the file cuts it into (a whole album in one file); absent below two. */
  cueSongs?: number;
}

function clean(s: string | undefined | null): string | undefined {
  if (typeof s !== 'string') return undefined;
  // Trailing NULs and padding are common in ID3v1/v2.3 frames.
  const t = mendTagText(s.replace(/\0+$/g, '')).trim();
  return t === '' ? undefined : t;
}

/** Reads title/artist/album/genre/track number/duration with music-metadata; never throws ({} when unreadable). */
export async function readTags(path: string): Promise<TrackTags> {
  try {
    const m = await parseFile(path, { duration: false, skipCovers: true });
    const c = m.common;
    const tags: TrackTags = {};
    const title = clean(c.title);
    const artist = clean(c.artist) ?? clean(c.albumartist);
    const album = clean(c.album);
    const genres = (c.genre ?? []).map((g) => clean(g)).filter((g): g is string => g !== undefined);
    if (title !== undefined) tags.title = title;
    if (artist !== undefined) tags.artist = artist;
    if (album !== undefined) tags.album = album;
    if (genres.length > 0) tags.genre = genres.join('; ');
    if (typeof c.track?.no === 'number' && Number.isFinite(c.track.no)) tags.trackNumber = c.track.no;
    const mpeg = m.format.container === 'MPEG';
    let d = mpeg ? undefined : m.format.duration;
    if (d === undefined) {
      const h = await headerDuration(path).catch(() => undefined);
      if (h && (h.exact || !mpeg)) d = h.seconds;
    }
    if (typeof d === 'number' && Number.isFinite(d) && d > 0) tags.durationSec = d;
    const songs = await embeddedCueSongs(m, path).catch(() => 0);
    if (songs >= 2) tags.cueSongs = songs;
    return tags;
  } catch {
    return {};
  }
}

/**
 * Songs of a cue sheet inside the file: a `CUESHEET` tag (Vorbis comment or APEv2, as foobar2000
 * and EAC write it) or FLAC's own CUESHEET block, which music-metadata skips.
 */
async function embeddedCueSongs(m: IAudioMetadata, path: string): Promise<number> {
  for (const list of Object.values(m.native)) {
    for (const t of list) {
      if (t.id.toUpperCase() === 'CUESHEET' && typeof t.value === 'string') return tagCueSongs(t.value);
    }
  }
  return m.format.container === 'FLAC' ? flacFileCueSongs(path) : 0;
}

/**
 * Duration in seconds from the stream headers (Ogg's last granule, e.g.), read from the first and last
 * 64 KiB only; music-metadata skips it for Ogg unless asked to scan the whole file.
 */
async function headerDuration(path: string): Promise<{ seconds: number; exact: boolean } | undefined> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = new Uint8Array(Math.min(size, DETECT_BYTES));
    const tail = new Uint8Array(Math.min(size, DETECT_BYTES));
    await fh.read(head, 0, head.length, 0);
    await fh.read(tail, 0, tail.length, size - tail.length);
    const det = detectFormat(head);
    const info = det && readStreamInfo(det.format, det.offset, head, tail, size);
    return info ? { seconds: info.frames / info.sampleRate, exact: info.exact } : undefined;
  } finally {
    await fh.close();
  }
}
