import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A fingerprint of a file's audio data alone, leaving out the tag blocks that taggers (Picard,
 * beets, Mp3tag, metaflac) rewrite: ID3v2 and ID3v1, APEv2 and Lyrics3 on MP3 and AAC, FLAC's
 * metadata blocks, the header pages of Ogg Vorbis/Opus/FLAC/Speex (page numbers and checksums
 * too, which a tagger renumbers when the comments grow), every RIFF/AIFF chunk but the sound
 * data, and every MP4 atom but `mdat`. A retagged file keeps its print, so its analysis can be
 * kept while its tags are read again.
 */

/** Bytes hashed from each of the start, middle and end of the audio data. */
const WINDOW = 64 * 1024;
// A bound on the Ogg header pages walked before the audio (a cover in the comments can be MBs).
const MAX_HEADER_PAGES = 4096;

interface Payload {
  format: string;
  start: number;
  end: number;
  /** FLAC: STREAMINFO's sample rate, channels, bit depth, length and MD5 of the decoded samples. */
  decodedMd5?: Buffer;
}

type Reader = (pos: number, len: number) => Buffer;

function ascii(b: Buffer, at: number, text: string): boolean {
  if (at < 0 || at + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The end of the audio once trailing tags (ID3v1, Lyrics3 v2, APEv2, in any order) are left out. */
function stripTrailingTags(read: Reader, start: number, end: number): number {
  for (let guard = 0; guard < 8; guard++) {
    if (end - 128 >= start && ascii(read(end - 128, 3), 0, 'TAG')) {
      end -= 128;
      if (end - 227 >= start && ascii(read(end - 227, 4), 0, 'TAG+')) end -= 227;
      continue;
    }
    if (end - 32 >= start) {
      const f = read(end - 32, 32);
      if (ascii(f, 0, 'APETAGEX')) {
        const size = f.readUInt32LE(12);
        const hasHeader = (f.readUInt32LE(20) & 0x80000000) !== 0;
        const total = size + (hasHeader ? 32 : 0);
        if (total >= 32 && end - total >= start) {
          end -= total;
          continue;
        }
      }
    }
    if (end - 15 >= start) {
      const f = read(end - 15, 15);
      if (ascii(f, 6, 'LYRICS200')) {
        const size = Number(f.toString('latin1', 0, 6));
        if (Number.isInteger(size) && end - 15 - size >= start) {
          end -= 15 + size;
          continue;
        }
      }
    }
    break;
  }
  return end;
}

/** Past any ID3v2 tags at `pos` (a FLAC file may carry one too, against its specification). */
function skipId3v2(read: Reader, pos: number, size: number): number {
  for (let guard = 0; guard < 8 && pos + 10 <= size; guard++) {
    const h = read(pos, 10);
    if (!ascii(h, 0, 'ID3') || h[3]! === 0xff || ((h[6]! | h[7]! | h[8]! | h[9]!) & 0x80) !== 0) break;
    const body = (h[6]! << 21) | (h[7]! << 14) | (h[8]! << 7) | h[9]!;
    pos += 10 + body + ((h[5]! & 0x10) !== 0 ? 10 : 0);
  }
  return pos;
}

/** How many header packets precede the audio in an Ogg stream, by its first packet; undefined for other codecs. */
function oggHeaderPackets(first: Buffer): number | undefined {
  if (ascii(first, 0, '\x01vorbis')) return 3;
  if (ascii(first, 0, 'OpusHead')) return 2;
  if (ascii(first, 0, 'Speex   ') && first.length >= 80) return 2 + first.readUInt32LE(76);
  // Ogg FLAC: the mapping header counts the metadata packets after it (0 = not said).
  if (ascii(first, 0, '\x7fFLAC') && first.length >= 9 && first.readUInt16BE(7) > 0) return 1 + first.readUInt16BE(7);
  return undefined;
}

/**
 * The first audio page of an Ogg stream: the page after the one where the last header packet ends
 * (the codecs' mappings start the audio on a fresh page).
 */
function oggAudioStart(read: Reader, pos: number, size: number): number | undefined {
  let needed: number | undefined;
  let packets = 0;
  for (let pages = 0; pages < MAX_HEADER_PAGES && pos + 27 <= size; pages++) {
    const h = read(pos, 27);
    if (!ascii(h, 0, 'OggS')) return undefined;
    const segs = h[26]!;
    const table = read(pos + 27, segs);
    let body = 0;
    for (const s of table) {
      body += s;
      if (s < 255) packets++;
    }
    if (needed === undefined) {
      needed = oggHeaderPackets(read(pos + 27 + segs, Math.min(body, 96)));
      if (needed === undefined) return undefined;
    }
    pos += 27 + segs + body;
    if (packets >= needed) return pos;
  }
  return undefined;
}

/** The byte range of a chunk's data in a RIFF/RF64 (little-endian) or AIFF (big-endian) file. */
function chunkData(read: Reader, pos: number, size: number, id: string, littleEndian: boolean): Payload | undefined {
  for (let guard = 0; guard < 10000 && pos + 8 <= size; guard++) {
    const h = read(pos, 8);
    const len = littleEndian ? h.readUInt32LE(4) : h.readUInt32BE(4);
    if (ascii(h, 0, id)) {
      // RF64 and streams written without knowing their length say 0xFFFFFFFF: the data runs to the end.
      const end = len === 0xffffffff || pos + 8 + len > size ? size : pos + 8 + len;
      return { format: id, start: pos + 8, end };
    }
    pos += 8 + len + (len & 1);
  }
  return undefined;
}

/** The largest `mdat` atom of an MP4/M4A file (the coded audio; `moov` holds the tags). */
function mdatData(read: Reader, size: number): Payload | undefined {
  let pos = 0;
  let best: Payload | undefined;
  for (let guard = 0; guard < 10000 && pos + 8 <= size; guard++) {
    const h = read(pos, 16);
    let len = h.readUInt32BE(0);
    let header = 8;
    if (len === 1 && h.length >= 16) {
      len = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (len === 0) len = size - pos;
    if (len < header) return best;
    if (ascii(h, 4, 'mdat')) {
      const end = Math.min(size, pos + len);
      if (!best || end - (pos + header) > best.end - best.start) best = { format: 'mdat', start: pos + header, end };
    }
    pos += len;
  }
  return best;
}

/**
 * The part of FLAC's STREAMINFO block (RFC 9639, 8.2) that says what the decoded audio is: sample
 * rate, channels, bit depth and length (8 bytes), then the MD5 of the decoded samples; undefined
 * when the first block is not STREAMINFO or the encoder left the MD5 unset (all zeros).
 */
function flacDecodedMd5(block: Buffer): Buffer | undefined {
  if (block.length < 38 || (block[0]! & 0x7f) !== 0 || ((block[1]! << 16) | (block[2]! << 8) | block[3]!) !== 34) return undefined;
  const info = block.subarray(4 + 10, 4 + 34);
  return info.subarray(8).some((x) => x !== 0) ? Buffer.from(info) : undefined;
}

/** Where the audio data lies, by the file's own structure; undefined for a layout not known here. */
function locate(read: Reader, size: number): Payload | undefined {
  if (size < 12) return undefined;
  const head = read(0, 12);
  if ((ascii(head, 0, 'RIFF') || ascii(head, 0, 'RF64') || ascii(head, 0, 'BW64')) && ascii(head, 8, 'WAVE')) {
    return chunkData(read, 12, size, 'data', true);
  }
  if (ascii(head, 0, 'FORM') && (ascii(head, 8, 'AIFF') || ascii(head, 8, 'AIFC'))) return chunkData(read, 12, size, 'SSND', false);
  if (ascii(head, 4, 'ftyp')) return mdatData(read, size);
  let pos = skipId3v2(read, 0, size);
  // Some taggers leave zero bytes between an ID3v2 tag and the first frame, outside the tag's size.
  const zeros = read(pos, Math.min(WINDOW, size - pos));
  let z = 0;
  while (z < zeros.length && zeros[z] === 0) z++;
  if (z > 0 && z < zeros.length && zeros[z] === 0xff) pos += z;
  if (pos + 4 > size) return undefined;
  const b = read(pos, 4);
  if (ascii(b, 0, 'OggS')) {
    const start = oggAudioStart(read, pos, size);
    return start === undefined ? undefined : { format: 'ogg', start, end: size };
  }
  if (ascii(b, 0, 'fLaC')) {
    // With the encoder's digest of the decoded samples the frames need not be found at all.
    const decodedMd5 = flacDecodedMd5(read(pos + 4, 4 + 34));
    if (decodedMd5) return { format: 'flac', start: pos, end: size, decodedMd5 };
    let p = pos + 4;
    for (let guard = 0; guard < 1000 && p + 4 <= size; guard++) {
      const h = read(p, 4);
      p += 4 + ((h[1]! << 16) | (h[2]! << 8) | h[3]!);
      if ((h[0]! & 0x80) !== 0) return { format: 'flac', start: p, end: stripTrailingTags(read, p, size) };
    }
    return undefined;
  }
  // MPEG audio (MP3, MP2) and ADTS AAC: a frame sync right after the tags.
  if (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) return { format: 'mpeg', start: pos, end: stripTrailingTags(read, pos, size) };
  return undefined;
}

/** The pages of `buf` from `at` on, if they follow each other to its end exactly. */
function oggChain(buf: Buffer, at: number): { bodies: Buffer[]; granule: bigint } | undefined {
  const bodies: Buffer[] = [];
  let granule = -1n;
  let p = at;
  while (p < buf.length) {
    if (p + 27 > buf.length || !ascii(buf, p, 'OggS') || buf[p + 4] !== 0) return undefined;
    const segs = buf[p + 26]!;
    if (p + 27 + segs > buf.length) return undefined;
    let body = 0;
    for (let i = 0; i < segs; i++) body += buf[p + 27 + i]!;
    if (p + 27 + segs + body > buf.length) return undefined;
    granule = buf.readBigInt64LE(p + 6);
    bodies.push(buf.subarray(p + 27 + segs, p + 27 + segs + body));
    p += 27 + segs + body;
  }
  return { bodies, granule };
}

/**
 * Feeds what of an Ogg stream's audio stays whatever its paging: the first 64 KiB and the last
 * 32 KiB of the concatenated page bodies (the packets), and the last page's granule position (the
 * length in samples). vorbiscomment pages the whole stream anew and mutagen renumbers it, so the
 * pages themselves, their numbers and checksums, and their offsets in the file all change.
 */
function hashOggAudio(h: Hash, read: Reader, start: number, size: number): boolean {
  const head: Buffer[] = [];
  let got = 0;
  let pos = start;
  while (got < WINDOW && pos + 27 <= size) {
    const hdr = read(pos, 27);
    if (!ascii(hdr, 0, 'OggS')) return false;
    const segs = hdr[26]!;
    let body = 0;
    for (const s of read(pos + 27, segs)) body += s;
    head.push(read(pos + 27 + segs, body));
    got += body;
    pos += 27 + segs + body;
  }
  // The tail: the first page start in the last 64 KiB (past the headers) from which whole pages
  // run to the end of the file.
  const from = Math.max(start, size - WINDOW);
  const tail = read(from, size - from);
  let chain: ReturnType<typeof oggChain>;
  for (let p = tail.indexOf('OggS'); p >= 0 && !chain; p = tail.indexOf('OggS', p + 1)) chain = oggChain(tail, p);
  if (!chain) return false;
  const tailBodies = Buffer.concat(chain.bodies);
  h.update(`${chain.granule}\0`);
  h.update(Buffer.concat(head).subarray(0, WINDOW));
  h.update(tailBodies.subarray(Math.max(0, tailBodies.length - WINDOW / 2)));
  return true;
}

/**
 * The audio-data fingerprint of a file, `ap1:<40 hex digits>`: SHA-1 of the format, the length of
 * the audio data and its first, middle and last 64 KiB (for Ogg, see hashOggAudio; for FLAC, of
 * STREAMINFO's digest of the decoded samples when the encoder wrote one); undefined when
 * the format's layout is not known here (tracker modules, WMA, APE…) or the file cannot be read. At
 * most about 200 KiB are read.
 */
export function audioPayloadPrint(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // unreadable: the analysis says why, if it comes to one
  }
  try {
    const size = fstatSync(fd).size;
    const read: Reader = (pos, len) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      let done = 0;
      while (done < buf.length) {
        const n = readSync(fd, buf, done, buf.length - done, pos + done);
        if (n === 0) break;
        done += n;
      }
      return done === buf.length ? buf : buf.subarray(0, done);
    };
    const p = locate(read, size);
    if (!p || p.end <= p.start) return undefined;
    const h = createHash('sha1');
    if (p.format === 'ogg') {
      h.update('mcp-ap1\0ogg\0');
      return hashOggAudio(h, read, p.start, size) ? `ap1:${h.digest('hex')}` : undefined;
    }
    if (p.decodedMd5) {
      // The encoder's own digest of the decoded samples: a file re-encoded at another compression
      // level (flac -8 -f) has other frames but the same audio, and keeps its print.
      h.update('mcp-ap1\0flac-md5\0');
      h.update(p.decodedMd5);
      return `ap1:${h.digest('hex')}`;
    }
    const len = p.end - p.start;
    h.update(`mcp-ap1\0${p.format}\0${len}\0`);
    const windows = len <= 3 * WINDOW ? [[p.start, len]] : [[p.start, WINDOW], [p.start + Math.floor((len - WINDOW) / 2), WINDOW], [p.end - WINDOW, WINDOW]];
    for (const [at, n] of windows) h.update(read(at!, n!));
    return `ap1:${h.digest('hex')}`;
  } catch {
    return undefined; // an I/O error part-way: no print, and the file is treated as changed
  } finally {
    closeSync(fd);
  }
}
