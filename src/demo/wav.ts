import { type DemoTags, id3v23, toLatin1 } from './id3.js';

/** Sample encodings the demo writes in WAV files. */
export type WavEncoding = 'pcm16' | 'pcm24' | 'float32';

/** Where WAV tags go: a RIFF LIST/INFO chunk (before `data`), an `id3 ` chunk (after `data`), or both. */
export type WavTagStyle = 'info' | 'id3' | 'both';

/** A RIFF chunk as pieces (header, body, pad byte), so large bodies are copied only once. */
function chunkParts(id: string, body: Uint8Array): Uint8Array[] {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  // RIFF chunks are word-aligned: odd bodies get one pad byte not counted in the size.
  return body.length % 2 ? [head, body, Buffer.alloc(1)] : [head, body];
}

function chunk(id: string, body: Uint8Array): Buffer {
  return Buffer.concat(chunkParts(id, body));
}

function infoList(tags: DemoTags): Buffer {
  const items: [string, string | undefined][] = [
    ['INAM', tags.title],
    ['IART', tags.artist],
    ['IPRD', tags.album],
    ['IGNR', tags.genre],
    ['ITRK', tags.trackNumber === undefined ? undefined : String(tags.trackNumber)],
    ['ISFT', 'mir-cluster-playlist demo'],
  ];
  const parts: Buffer[] = [Buffer.from('INFO', 'latin1')];
  for (const [id, v] of items) {
    if (v === undefined) continue;
    parts.push(chunk(id, Buffer.concat([Buffer.from(toLatin1(v), 'latin1'), Buffer.alloc(1)])));
  }
  return chunk('LIST', Buffer.concat(parts));
}

/** The interleaved sample bytes of `channels` (floats in [-1, 1]) in the given encoding. */
export function wavSampleBytes(channels: Float32Array[], encoding: WavEncoding): Buffer {
  const nCh = channels.length;
  const n = channels[0]!.length;
  const bytes = encoding === 'pcm16' ? 2 : encoding === 'pcm24' ? 3 : 4;
  const out = Buffer.alloc(n * nCh * bytes);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nCh; c++) {
      const x = channels[c]![i]!;
      if (bytes === 4) {
        dv.setFloat32(o, x, true);
      } else if (bytes === 2) {
        dv.setInt16(o, quantize(x, 16), true);
      } else {
        const v = quantize(x, 24);
        dv.setUint8(o, v & 0xff);
        dv.setInt16(o + 1, v >> 8, true);
      }
      o += bytes;
    }
  }
  return out;
}

/** Rounds a float in [-1, 1] to a signed `bits`-bit integer (clipped, no dither: deterministic). */
export function quantize(x: number, bits: number): number {
  const max = 2 ** (bits - 1) - 1;
  const v = Math.round(x * max);
  return Math.min(max, Math.max(-max - 1, v));
}

/**
 * A complete RIFF/WAVE file: `fmt ` (PCM, or IEEE float with a `fact` chunk), tags as asked, `data`.
 * Integer formats use the plain PCM tag (1) for every depth, which every reader accepts.
 */
export function encodeWav(
  channels: Float32Array[],
  sampleRate: number,
  encoding: WavEncoding,
  tags: DemoTags,
  tagStyle: WavTagStyle,
): Uint8Array {
  const nCh = channels.length;
  const n = channels[0]!.length;
  const bits = encoding === 'pcm16' ? 16 : encoding === 'pcm24' ? 24 : 32;
  const blockAlign = (nCh * bits) / 8;
  const isFloat = encoding === 'float32';
  const fmt = Buffer.alloc(isFloat ? 18 : 16);
  fmt.writeUInt16LE(isFloat ? 3 : 1, 0);
  fmt.writeUInt16LE(nCh, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bits, 14);
  const head = Buffer.alloc(12);
  const parts: Uint8Array[] = [head, chunk('fmt ', fmt)];
  if (isFloat) {
    const fact = Buffer.alloc(4);
    fact.writeUInt32LE(n, 0);
    parts.push(chunk('fact', fact));
  }
  if (tagStyle === 'info' || tagStyle === 'both') parts.push(infoList(tags));
  parts.push(...chunkParts('data', wavSampleBytes(channels, encoding)));
  if (tagStyle === 'id3' || tagStyle === 'both') parts.push(chunk('id3 ', id3v23(tags)));
  // One concatenation of the whole file (the sample data is large: avoid extra copies).
  const file = Buffer.concat(parts);
  file.write('RIFF', 0, 'latin1');
  file.writeUInt32LE(file.length - 8, 4);
  file.write('WAVE', 8, 'latin1');
  return file;
}
