/**
 * Audio format detection from a file's first bytes (never from its name).
 *
 * Names: wav, mp3, mp2, mp1, flac, ogg-vorbis, ogg-opus, ogg-flac, ogg-speex, ogg (other Ogg),
 * mp4 (M4A/AAC/ALAC), aac (ADTS), aiff, caf, asf (WMA), ape, wavpack, musepack, tta, au,
 * matroska (MKA/WebM), ac3, amr, dsf, dff, w64, it, s3m, xm, mod.
 */

/** What the first bytes say. */
export interface DetectedFormat {
  format: string;
  /** Byte offset where the audio container starts (after an ID3v2 tag, e.g.). */
  offset: number;
}

/** Bytes needed by `detectFormat` (it also works with fewer, e.g. for a short file). */
export const DETECT_BYTES = 65536;

/** Formats the built-in decoders handle without ffmpeg. */
export const WASM_FORMATS: ReadonlySet<string> = new Set(['wav', 'mp3', 'mp2', 'mp1', 'flac', 'ogg-vorbis', 'ogg-opus']);

function ascii(b: Uint8Array, at: number, n: number): string {
  if (at + n > b.length) return '';
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[at + i]);
  return s;
}

const MPEG_BITRATES_V1 = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // layer I
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // layer II
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // layer III
];
const MPEG_BITRATES_V2 = [
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256], // layer I
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // layers II, III
];
const MPEG_RATES = [44100, 48000, 32000];

/** Length in bytes of the MPEG audio frame whose header is at `i`, and its layer; undefined if invalid. */
export function mpegFrameAt(b: Uint8Array, i: number): { length: number; layer: number } | undefined {
  if (i + 4 > b.length || b[i] !== 0xff || (b[i + 1] & 0xe0) !== 0xe0) return undefined;
  const version = (b[i + 1] >> 3) & 3; // 0: 2.5, 2: 2, 3: 1
  const layerBits = (b[i + 1] >> 1) & 3; // 1: III, 2: II, 3: I
  const brIndex = b[i + 2] >> 4;
  const srIndex = (b[i + 2] >> 2) & 3;
  const padding = (b[i + 2] >> 1) & 1;
  if (version === 1 || layerBits === 0 || brIndex === 0 || brIndex === 15 || srIndex === 3) return undefined;
  const layer = 4 - layerBits;
  const v1 = version === 3;
  const kbps = v1 ? MPEG_BITRATES_V1[layer - 1][brIndex] : MPEG_BITRATES_V2[layer === 1 ? 0 : 1][brIndex];
  const rate = MPEG_RATES[srIndex] / (version === 3 ? 1 : version === 2 ? 2 : 4);
  let length: number;
  if (layer === 1) length = (Math.floor((12 * kbps * 1000) / rate) + padding) * 4;
  else if (layer === 3 && !v1) length = Math.floor((72 * kbps * 1000) / rate) + padding;
  else length = Math.floor((144 * kbps * 1000) / rate) + padding;
  return { length, layer };
}

/** Finds two consecutive valid MPEG frames in the first bytes after `from`; returns the layer. */
function findMpeg(b: Uint8Array, from: number): number | undefined {
  const end = Math.min(b.length - 4, from + 16384);
  for (let i = from; i < end; i++) {
    const f = mpegFrameAt(b, i);
    if (!f) continue;
    const g = mpegFrameAt(b, i + f.length);
    // A lone frame that reaches the end of a short file counts too.
    if ((g && g.layer === f.layer) || (i === from && i + f.length >= b.length - 4 && b.length < DETECT_BYTES)) {
      return f.layer;
    }
  }
  return undefined;
}

/** Kind of the first packet of an Ogg stream (the first page holds the codec's identification header). */
function oggKind(b: Uint8Array): string {
  if (b.length < 28) return 'ogg';
  const nSeg = b[26];
  const dataAt = 27 + nSeg;
  if (ascii(b, dataAt, 7) === '\x01vorbis') return 'ogg-vorbis';
  if (ascii(b, dataAt, 8) === 'OpusHead') return 'ogg-opus';
  if (ascii(b, dataAt, 5) === '\x7fFLAC') return 'ogg-flac';
  if (ascii(b, dataAt, 8) === 'Speex   ') return 'ogg-speex';
  return 'ogg';
}

const MOD_TAGS = new Set(['M.K.', 'M!K!', 'M&K!', 'N.T.', 'FLT4', 'FLT8', '4CHN', '6CHN', '8CHN', 'CD81', 'OKTA', 'OCTA']);

/** Detects the format from the first bytes; undefined when they match no known audio format. */
export function detectFormat(b: Uint8Array): DetectedFormat | undefined {
  let offset = 0;
  // ID3v2 tags may precede MP3, FLAC, AAC (ADTS) streams; skip all of them.
  while (ascii(b, offset, 3) === 'ID3' && offset + 10 <= b.length) {
    const size = ((b[offset + 6] & 0x7f) << 21) | ((b[offset + 7] & 0x7f) << 14) | ((b[offset + 8] & 0x7f) << 7) | (b[offset + 9] & 0x7f);
    const footer = (b[offset + 5] & 0x10) !== 0 ? 10 : 0;
    offset += 10 + size + footer;
  }
  if (offset > 0 && offset >= b.length) {
    // A tag larger than the bytes we looked at: assume MPEG audio follows (the usual case).
    return { format: 'mp3', offset };
  }
  const a4 = ascii(b, offset, 4);
  const id = (fmt: string): DetectedFormat => ({ format: fmt, offset });
  if ((a4 === 'RIFF' || a4 === 'RF64' || a4 === 'BW64') && ascii(b, offset + 8, 4) === 'WAVE') return id('wav');
  if (a4 === 'riff' && b[offset + 4] === 0x2e && b[offset + 5] === 0x91) return id('w64');
  if (a4 === 'fLaC') return id('flac');
  if (a4 === 'OggS') return id(oggKind(b.subarray(offset)));
  if (ascii(b, offset + 4, 4) === 'ftyp') return id('mp4');
  if (a4 === 'FORM' && /^AIF[FC]$/.test(ascii(b, offset + 8, 4))) return id('aiff');
  if (a4 === 'caff') return id('caf');
  if (a4 === 'MAC ') return id('ape');
  if (a4 === 'wvpk') return id('wavpack');
  if (a4 === 'MPCK' || ascii(b, offset, 3) === 'MP+') return id('musepack');
  if (a4 === 'TTA1') return id('tta');
  if (a4 === '.snd') return id('au');
  if (a4 === 'DSD ') return id('dsf');
  if (a4 === 'FRM8') return id('dff');
  if (ascii(b, offset, 5) === '#!AMR') return id('amr');
  if (b[offset] === 0x1a && b[offset + 1] === 0x45 && b[offset + 2] === 0xdf && b[offset + 3] === 0xa3) return id('matroska');
  if (
    b[offset] === 0x30 && b[offset + 1] === 0x26 && b[offset + 2] === 0xb2 && b[offset + 3] === 0x75 &&
    b[offset + 4] === 0x8e && b[offset + 5] === 0x66 && b[offset + 6] === 0xcf && b[offset + 7] === 0x11
  ) {
    return id('asf');
  }
  if (a4 === 'IMPM') return id('it');
  if (ascii(b, 44, 4) === 'SCRM') return id('s3m');
  if (ascii(b, 0, 17) === 'Extended Module: ') return id('xm');
  if (MOD_TAGS.has(ascii(b, 1080, 4))) return id('mod');
  if (b[offset] === 0x0b && b[offset + 1] === 0x77) return id('ac3');
  // ADTS AAC: sync 0xFFF, layer bits 00.
  if (b[offset] === 0xff && (b[offset + 1] & 0xf6) === 0xf0) return id('aac');
  const layer = findMpeg(b, offset);
  if (layer !== undefined) return id(layer === 3 ? 'mp3' : layer === 2 ? 'mp2' : 'mp1');
  return undefined;
}

/** True when the first bytes are almost all printable text (UTF-8 or Latin-1 letters). */
export function looksLikeText(b: Uint8Array): boolean {
  const head = b.subarray(0, 512);
  let printable = 0;
  for (const c of head) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc2) printable++;
  return head.length > 0 && printable / head.length > 0.95;
}

/** A short description of bytes that are not audio, for error messages. */
export function describeUnknown(b: Uint8Array): string {
  if (looksLikeText(b)) {
    const text = new TextDecoder('utf-8').decode(b.subarray(0, 24)).replace(/\s+/g, ' ').trim();
    return `not an audio file (it holds text: "${text}${b.length > 24 ? '…' : ''}")`;
  }
  const hex = Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return `unrecognised audio format (first bytes ${hex})`;
}
