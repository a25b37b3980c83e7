/** Text fields of a demo track, as written into every tag format. */
export interface DemoTags {
  title: string;
  artist: string;
  album: string;
  /** Omitted on purpose for one demo track (the "no genre" case). */
  genre?: string;
  trackNumber?: number;
}

const isLatin1 = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
};

/** Text frame body: ISO-8859-1 when it fits, else UTF-16 with a byte-order mark (both ID3v2.3-legal). */
function textFrame(id: string, text: string): Buffer {
  let body: Buffer;
  if (isLatin1(text)) {
    body = Buffer.concat([Buffer.from([0]), Buffer.from(text, 'latin1')]);
  } else {
    body = Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }
  const head = Buffer.alloc(10);
  head.write(id, 0, 'latin1');
  head.writeUInt32BE(body.length, 4); // v2.3 frame sizes are plain 32-bit, not sync-safe
  return Buffer.concat([head, body]);
}

/** A complete ID3v2.3 tag (TIT2, TPE1, TALB, TCON, TRCK) as bytes, to prefix an MP3 or fill a WAV `id3 ` chunk. */
export function id3v23(tags: DemoTags): Uint8Array {
  const frames: Buffer[] = [textFrame('TIT2', tags.title), textFrame('TPE1', tags.artist), textFrame('TALB', tags.album)];
  if (tags.genre !== undefined) frames.push(textFrame('TCON', tags.genre));
  if (tags.trackNumber !== undefined) frames.push(textFrame('TRCK', String(tags.trackNumber)));
  const body = Buffer.concat(frames);
  const size = body.length;
  const head = Buffer.from([
    0x49, 0x44, 0x33, 3, 0, 0,
    (size >>> 21) & 0x7f, (size >>> 14) & 0x7f, (size >>> 7) & 0x7f, size & 0x7f, // sync-safe size
  ]);
  return new Uint8Array(Buffer.concat([head, body]));
}

/** Replaces characters that Latin-1 cannot hold (RIFF INFO text is read as Latin-1). */
export function toLatin1(s: string): string {
  if (isLatin1(s)) return s;
  let out = '';
  for (const ch of s) out += ch.codePointAt(0)! > 0xff ? '?' : ch;
  return out;
}
