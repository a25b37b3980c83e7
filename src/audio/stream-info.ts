import { mpegFrameAt } from './detect-format.js';

/** What a file's headers announce about its length, read before decoding. */
export interface StreamInfo {
  /** Native sample rate in Hz. */
  sampleRate: number;
  /** Frames (samples per channel) the headers announce. */
  frames: number;
  /** True when the count is exact (WAV data size, FLAC STREAMINFO, MP3 Xing/VBRI, Ogg last granule). */
  exact: boolean;
  /** Channel count from the headers (0 when unknown). */
  channels: number;
  /** For Ogg: false when the last page is cut off (the file was cut short). */
  complete?: boolean;
}

function u32be(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

function u32le(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

function flacInfo(b: Uint8Array, o: number): StreamInfo | undefined {
  if (o + 26 > b.length || (b[o + 4] & 0x7f) !== 0) return undefined;
  const s = o + 8; // STREAMINFO body
  const sampleRate = (b[s + 10] << 12) | (b[s + 11] << 4) | (b[s + 12] >> 4);
  const frames = (b[s + 13] & 0x0f) * 2 ** 32 + u32be(b, s + 14);
  const channels = ((b[s + 12] >> 1) & 7) + 1;
  if (sampleRate === 0 || frames === 0) return undefined; // 0 = unknown length (streamed FLAC)
  return { sampleRate, frames, exact: true, channels };
}

function mp3Info(b: Uint8Array, o: number, fileSize: number): StreamInfo | undefined {
  // The first frame may follow a little junk; find it.
  let i = o;
  const end = Math.min(b.length - 4, o + 16384);
  while (i < end && !mpegFrameAt(b, i)) i++;
  const f = mpegFrameAt(b, i);
  if (!f) return undefined;
  const version = (b[i + 1] >> 3) & 3;
  const v1 = version === 3;
  const sampleRate = [44100, 48000, 32000][(b[i + 2] >> 2) & 3] / (v1 ? 1 : version === 2 ? 2 : 4);
  const perFrame = f.layer === 1 ? 384 : f.layer === 2 || v1 ? 1152 : 576;
  const mono = b[i + 3] >> 6 === 3;
  const side = v1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const x = i + 4 + side;
  const tag = String.fromCharCode(b[x], b[x + 1], b[x + 2], b[x + 3]);
  if ((tag === 'Xing' || tag === 'Info') && x + 12 <= b.length && (u32be(b, x + 4) & 1) !== 0) {
    return { sampleRate, frames: u32be(b, x + 8) * perFrame, exact: true, channels: mono ? 1 : 2 };
  }
  const v = i + 36;
  if (v + 18 <= b.length && String.fromCharCode(b[v], b[v + 1], b[v + 2], b[v + 3]) === 'VBRI') {
    return { sampleRate, frames: u32be(b, v + 14) * perFrame, exact: true, channels: mono ? 1 : 2 };
  }
  // Constant bit rate estimate from the file size.
  return { sampleRate, frames: Math.floor((fileSize - i) / f.length) * perFrame, exact: false, channels: mono ? 1 : 2 };
}

function wavInfo(b: Uint8Array, fileSize: number): StreamInfo | undefined {
  // Walk the chunks in the bytes we have; the WAV decoder does the full job.
  let p = 12;
  let rate = 0;
  let blockAlign = 0;
  let channels = 0;
  let ds64Data = -1;
  while (p + 8 <= b.length) {
    const id = String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
    const size = u32le(b, p + 4);
    if (id === 'ds64' && p + 28 <= b.length) ds64Data = u32le(b, p + 16) + u32le(b, p + 20) * 2 ** 32;
    if (id === 'fmt ' && p + 24 <= b.length) {
      channels = b[p + 10] | (b[p + 11] << 8);
      rate = u32le(b, p + 12);
      blockAlign = b[p + 20] | (b[p + 21] << 8);
    }
    if (id === 'data') {
      if (!rate || !blockAlign) return undefined;
      if (size === 0xffffffff && ds64Data < 0) {
        // Size left open by a streaming writer: the data runs to the end of the file.
        return { sampleRate: rate, frames: Math.floor((fileSize - (p + 8)) / blockAlign), exact: false, channels };
      }
      // The declared size, not the bytes present: a shorter file is a truncated one.
      const bytes = size === 0xffffffff ? ds64Data : size;
      return { sampleRate: rate, frames: Math.floor(bytes / blockAlign), exact: true, channels };
    }
    p += 8 + size + (size & 1);
  }
  return undefined;
}

function oggInfo(head: Uint8Array, tail: Uint8Array, format: string): StreamInfo | undefined {
  const dataAt = 27 + head[26];
  let sampleRate: number;
  let preSkip = 0;
  let channels: number;
  if (format === 'ogg-vorbis') {
    channels = head[dataAt + 11];
    sampleRate = u32le(head, dataAt + 12);
  } else if (format === 'ogg-opus') {
    channels = head[dataAt + 9];
    sampleRate = 48000; // Opus always decodes at 48 kHz; granules count 48 kHz samples
    preSkip = head[dataAt + 10] | (head[dataAt + 11] << 8);
  } else return undefined;
  // Last page: the granule position gives the stream length, the flags whether it ended properly.
  for (let i = tail.length - 27; i >= 0; i--) {
    if (tail[i] !== 0x4f || tail[i + 1] !== 0x67 || tail[i + 2] !== 0x67 || tail[i + 3] !== 0x53) continue;
    const lo = u32le(tail, i + 6);
    const hi = u32le(tail, i + 10);
    if (hi === 0xffffffff) continue; // -1: no packet ends on this page
    const granule = hi * 2 ** 32 + lo;
    // A cut file ends inside a page: its segment table promises more bytes than are left. (A missing
    // end-of-stream flag alone is not enough: some writers never set it.)
    const nSeg = tail[i + 26];
    let end = i + 27 + nSeg;
    if (end <= tail.length) for (let k = 0; k < nSeg; k++) end += tail[i + 27 + k];
    return { sampleRate, frames: Math.max(0, granule - preSkip), exact: true, channels, complete: end <= tail.length };
  }
  return undefined;
}

/**
 * Reads the announced length from the first bytes (`head`, from the start of the file) and, for Ogg,
 * the last bytes (`tail`); undefined when the headers do not say.
 */
export function readStreamInfo(format: string, offset: number, head: Uint8Array, tail: Uint8Array, fileSize: number): StreamInfo | undefined {
  switch (format) {
    case 'wav':
      return wavInfo(head, fileSize);
    case 'flac':
      return flacInfo(head, offset);
    case 'mp3':
    case 'mp2':
    case 'mp1':
      return mp3Info(head, offset, fileSize);
    case 'ogg-vorbis':
    case 'ogg-opus':
      return oggInfo(head, tail, format);
    default:
      return undefined;
  }
}
