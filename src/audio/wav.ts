import type { FileHandle } from 'node:fs/promises';
import type { MonoSink } from './mono-sink.js';

/** Sample layout of a WAV file's data chunk. */
export interface WavLayout {
  channels: number;
  sampleRate: number;
  /** Container bits per sample: 8, 16, 24, 32 (integer) or 32, 64 (float). */
  bits: number;
  float: boolean;
  blockAlign: number;
  dataOffset: number;
  dataBytes: number;
}

const READ_BYTES = 1 << 20;

/** Reads `n` bytes at `pos` (fewer at the end of the file). */
async function readAt(fh: FileHandle, pos: number, n: number): Promise<Uint8Array> {
  const buf = new Uint8Array(n);
  const { bytesRead } = await fh.read(buf, 0, n, pos);
  return buf.subarray(0, bytesRead);
}

/** Parses the RIFF/RF64 chunk list; returns the layout or a one-line reason it cannot be decoded. */
export async function readWavLayout(fh: FileHandle, fileSize: number): Promise<WavLayout | string> {
  const hdr = await readAt(fh, 0, 12);
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 12;
  let fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | undefined;
  let ds64Data = -1;
  const rf64 = hdr.length === 12 && (hdr[0] === 0x52 && hdr[1] === 0x46 && hdr[2] === 0x36 && hdr[3] === 0x34 || hdr[0] === 0x42);
  while (pos + 8 <= fileSize) {
    const ch = await readAt(fh, pos, 8);
    if (ch.length < 8) break;
    const id = String.fromCharCode(ch[0], ch[1], ch[2], ch[3]);
    const size = dv(ch).getUint32(4, true);
    if (id === 'ds64') {
      const body = await readAt(fh, pos + 8, 28);
      if (body.length >= 16) ds64Data = Number(dv(body).getBigUint64(8, true));
    } else if (id === 'fmt ') {
      const body = await readAt(fh, pos + 8, Math.min(size, 64));
      if (body.length < 16) return 'WAV fmt chunk is too short';
      const v = dv(body);
      let tag = v.getUint16(0, true);
      const channels = v.getUint16(2, true);
      const sampleRate = v.getUint32(4, true);
      const blockAlign = v.getUint16(12, true);
      const bits = v.getUint16(14, true);
      if (tag === 0xfffe) {
        // WAVE_FORMAT_EXTENSIBLE: the real format tag opens the SubFormat GUID.
        if (body.length < 26) return 'WAVE_FORMAT_EXTENSIBLE fmt chunk is too short';
        tag = v.getUint16(24, true);
      }
      if (tag !== 1 && tag !== 3) {
        return `WAV codec 0x${tag.toString(16).padStart(4, '0')} is not PCM or float (ffmpeg decodes it)`;
      }
      const float = tag === 3;
      if (float ? bits !== 32 && bits !== 64 : ![8, 16, 24, 32].includes(bits)) {
        return `unsupported WAV sample format: ${bits}-bit ${float ? 'float' : 'integer'}`;
      }
      if (channels === 0 || sampleRate === 0) return `invalid WAV header (${channels} channels, ${sampleRate} Hz)`;
      if (blockAlign < (channels * bits) / 8) return `invalid WAV header (block align ${blockAlign})`;
      fmt = { channels, sampleRate, bits, float, blockAlign };
    } else if (id === 'data') {
      if (!fmt) return 'WAV data chunk comes before its fmt chunk';
      let bytes = size;
      if (size === 0xffffffff) bytes = rf64 && ds64Data >= 0 ? ds64Data : fileSize - (pos + 8);
      return { ...fmt, dataOffset: pos + 8, dataBytes: Math.max(0, Math.min(bytes, fileSize - (pos + 8))) };
    }
    pos += 8 + size + (size & 1);
  }
  return fmt ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk';
}

/** Converts interleaved frames to mono (mean of channels), full scale ±1 (int16 / 32768 etc.). */
export function wavFramesToMono(bytes: Uint8Array, l: WavLayout, frames: number): Float32Array {
  const out = new Float32Array(frames);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { channels: nc, blockAlign: ba, bits } = l;
  const step = bits / 8;
  const inv = 1 / nc;
  // Fast paths for the common layouts (the buffer starts at offset 0 of its own ArrayBuffer).
  if (bytes.byteOffset === 0 && !l.float && bits === 16 && ba === 2 * nc) {
    const s16 = new Int16Array(bytes.buffer, 0, frames * nc);
    const k = inv / 32768;
    if (nc === 1) for (let f = 0; f < frames; f++) out[f] = s16[f] / 32768;
    else if (nc === 2) for (let f = 0; f < frames; f++) out[f] = (s16[2 * f] + s16[2 * f + 1]) * k;
    else {
      for (let f = 0; f < frames; f++) {
        let s = 0;
        for (let c = 0; c < nc; c++) s += s16[f * nc + c];
        out[f] = s * k;
      }
    }
    return out;
  }
  if (bytes.byteOffset === 0 && l.float && bits === 32 && ba === 4 * nc) {
    const f32 = new Float32Array(bytes.buffer, 0, frames * nc);
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < nc; c++) s += f32[f * nc + c];
      out[f] = s * inv;
    }
    return out;
  }
  for (let f = 0; f < frames; f++) {
    let s = 0;
    let p = f * ba;
    for (let c = 0; c < nc; c++, p += step) {
      if (l.float) s += bits === 32 ? v.getFloat32(p, true) : v.getFloat64(p, true);
      else if (bits === 16) s += v.getInt16(p, true) / 32768;
      else if (bits === 24) s += (((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8) >> 8) / 8388608;
      else if (bits === 32) s += v.getInt32(p, true) / 2147483648;
      else s += (bytes[p] - 128) / 128;
    }
    out[f] = s * inv;
  }
  return out;
}

/** Streams a WAV file's data chunk into the sink; returns an error reason or undefined. */
export async function decodeWav(fh: FileHandle, l: WavLayout, sink: MonoSink): Promise<string | undefined> {
  const framesPerRead = Math.max(1, Math.floor(READ_BYTES / l.blockAlign));
  const total = Math.floor(l.dataBytes / l.blockAlign);
  for (let f = 0; f < total; f += framesPerRead) {
    const n = Math.min(framesPerRead, total - f);
    const bytes = await readAt(fh, l.dataOffset + f * l.blockAlign, n * l.blockAlign);
    const got = Math.floor(bytes.length / l.blockAlign);
    if (got === 0) break;
    sink.pushMonoBlock(wavFramesToMono(bytes, l, got), l.sampleRate);
    if (got < n) break;
  }
  return undefined;
}
