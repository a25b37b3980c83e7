// Audio fixtures the tests create: WAV files written here byte by byte, and compressed files
// encoded by ffmpeg from synthetic signals or from a real Debian soundtrack.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real soundtrack (Ogg Vorbis, 44.1 kHz stereo) from the hedgewars-data package. */
export const SOUNDTRACK_OGG = '/usr/share/games/hedgewars/Data/Music/snow.ogg';

/** Sample encodings `writeWav` can produce. */
export type WavEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64';

/** Integer full scale used when quantising, mirroring the decoder's scaling (e.g. 32768 for s16). */
export const FULL_SCALE: Record<WavEncoding, number> = { u8: 128, s16: 32768, s24: 8388608, s32: 2147483648, f32: 1, f64: 1 };

/** Writes a WAV file from planar channels; `extensible` uses WAVE_FORMAT_EXTENSIBLE. Returns the path. */
export function writeWav(path: string, channels: Float32Array[], rate: number, enc: WavEncoding, extensible = false): string {
  const nc = channels.length;
  const frames = channels[0].length;
  const bits = { u8: 8, s16: 16, s24: 24, s32: 32, f32: 32, f64: 64 }[enc];
  const bytesPer = bits / 8;
  const float = enc === 'f32' || enc === 'f64';
  const fmtLen = extensible ? 40 : 16;
  const dataLen = frames * nc * bytesPer;
  const buf = Buffer.alloc(12 + 8 + fmtLen + 8 + dataLen + (dataLen & 1));
  let p = 0;
  const str = (s: string) => {
    buf.write(s, p, 'latin1');
    p += s.length;
  };
  str('RIFF');
  buf.writeUInt32LE(buf.length - 8, p);
  p += 4;
  str('WAVEfmt ');
  buf.writeUInt32LE(fmtLen, p);
  buf.writeUInt16LE(extensible ? 0xfffe : float ? 3 : 1, p + 4);
  buf.writeUInt16LE(nc, p + 6);
  buf.writeUInt32LE(rate, p + 8);
  buf.writeUInt32LE(rate * nc * bytesPer, p + 12);
  buf.writeUInt16LE(nc * bytesPer, p + 16);
  buf.writeUInt16LE(bits, p + 18);
  p += 20;
  if (extensible) {
    buf.writeUInt16LE(22, p);
    buf.writeUInt16LE(bits, p + 2);
    buf.writeUInt32LE(0, p + 4);
    // SubFormat GUID: format tag, then the fixed KSDATAFORMAT suffix.
    buf.writeUInt16LE(float ? 3 : 1, p + 8);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(buf, p + 10);
    p += 24;
  }
  str('data');
  buf.writeUInt32LE(dataLen, p);
  p += 4;
  const fs = FULL_SCALE[enc];
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < nc; c++) {
      const v = channels[c][f];
      if (enc === 'f32') buf.writeFloatLE(v, p);
      else if (enc === 'f64') buf.writeDoubleLE(v, p);
      else {
        const q = Math.max(-fs, Math.min(fs - 1, Math.round(v * fs)));
        if (enc === 'u8') buf.writeUInt8(q + 128, p);
        else if (enc === 's16') buf.writeInt16LE(q, p);
        else if (enc === 's24') buf.writeIntLE(q, p, 3);
        else buf.writeInt32LE(q, p);
      }
      p += bytesPer;
    }
  }
  writeFileSync(path, buf);
  return path;
}

/** A sine of `freq` Hz, `amp` peak, `seconds` long at `rate`. */
export function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

/** Writes a silent (all-zero) 16-bit mono WAV of `seconds` at `rate`, e.g. for AnalysisError tests. */
export function writeSilentWav(path: string, seconds = 3, rate = 22050): string {
  return writeWav(path, [new Float32Array(Math.round(seconds * rate))], rate, 's16');
}

/** Runs ffmpeg with the given arguments (quiet, overwriting); throws with its stderr on failure. */
export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Encoder arguments per output extension. */
const CODEC: Record<string, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '192k'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '6'],
  opus: ['-c:a', 'libopus', '-b:a', '128k'],
  m4a: ['-c:a', 'aac', '-b:a', '192k'],
  aiff: ['-c:a', 'pcm_s16be'],
};

/**
 * Encodes a synthetic stereo test signal (a chord of sines, a little noise, a slow tremolo) of
 * `seconds` at `rate` into `dir/name.ext`; returns the path.
 */
export function synthFile(dir: string, name: string, ext: string, seconds = 4, rate = 44100, extra: string[] = []): string {
  const out = join(dir, `${name}.${ext}`);
  const graph =
    `aevalsrc=exprs='0.3*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.5*t))+0.2*sin(2*PI*1234*t)+0.1*sin(2*PI*5000*t)|` +
    `0.3*sin(2*PI*330*t)+0.15*sin(2*PI*2500*t)':s=${rate}:d=${seconds}[a];` +
    `anoisesrc=a=0.02:c=pink:r=${rate}:d=${seconds}:seed=7[n];` +
    `[n]pan=stereo|c0=c0|c1=c0[n2];[a][n2]amix=inputs=2:normalize=0`;
  ffmpeg(['-filter_complex', graph, ...CODEC[ext], ...extra, out]);
  return out;
}

/** Cuts a real soundtrack excerpt (`seconds` from `start`) into `dir/name.ext`. */
export function soundtrackExcerpt(dir: string, name: string, ext: string, seconds: number, start = 10, extra: string[] = []): string {
  const out = join(dir, `${name}.${ext}`);
  ffmpeg(['-ss', String(start), '-t', String(seconds), '-i', SOUNDTRACK_OGG, ...CODEC[ext], ...extra, out]);
  return out;
}
