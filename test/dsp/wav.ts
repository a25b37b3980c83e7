import { readFileSync } from 'node:fs';

/** Reads a mono or multi-channel PCM16 / float32 WAV file; returns channel 0 as float32 (int16 / 32768, as soundfile does) and the rate. */
export function readWav(path: string): { samples: Float32Array; sampleRate: number } {
  const b = readFileSync(path);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a RIFF/WAVE file`);
  let off = 12;
  let fmt = 0;
  let channels = 1;
  let rate = 0;
  let bits = 0;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      fmt = b.readUInt16LE(body);
      channels = b.readUInt16LE(body + 2);
      rate = b.readUInt32LE(body + 4);
      bits = b.readUInt16LE(body + 14);
      if (fmt === 0xfffe) fmt = b.readUInt16LE(body + 24);
    } else if (id === 'data') {
      const frameBytes = (bits / 8) * channels;
      const n = Math.floor(Math.min(size, b.length - body) / frameBytes);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const p = body + i * frameBytes;
        if (fmt === 1 && bits === 16) out[i] = b.readInt16LE(p) / 32768;
        else if (fmt === 3 && bits === 32) out[i] = b.readFloatLE(p);
        else throw new Error(`${path}: unsupported WAV format ${fmt}/${bits} bit`);
      }
      return { samples: out, sampleRate: rate };
    }
    off = body + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}
