import { spawn, spawnSync } from 'node:child_process';
import type { MonoSink } from './mono-sink.js';

const availability = new Map<string, boolean>();

/** The ffmpeg executable to use: `MIR_FFMPEG` when set, else `ffmpeg` from the PATH. */
export function defaultFfmpegPath(): string {
  return process.env.MIR_FFMPEG || 'ffmpeg';
}

/** True when `ffmpeg -version` runs (checked once per executable path). */
export function ffmpegAvailable(ffmpegPath: string = defaultFfmpegPath()): boolean {
  let ok = availability.get(ffmpegPath);
  if (ok === undefined) {
    const r = spawnSync(ffmpegPath, ['-hide_banner', '-version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 });
    ok = r.status === 0 && /ffmpeg version/i.test(String(r.stdout));
    availability.set(ffmpegPath, ok);
  }
  return ok;
}

/**
 * Arguments that decode the first audio stream, average channels and resample with soxr at 20-bit
 * precision (soxr "HQ", librosa's default). rematrix_maxval=1 normalises the downmix so stereo
 * becomes (L+R)/2 like librosa's to_mono; plain `-ac 1` gives (L+R)/√2, 3 dB louder.
 */
export function ffmpegArgs(path: string, sampleRate: number): string[] {
  return [
    '-nostdin', '-hide_banner', '-v', 'error',
    '-i', path,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-af', 'aresample=resampler=soxr:precision=20:rematrix_maxval=1',
    '-ac', '1', '-ar', String(sampleRate),
    '-f', 'f32le', '-',
  ];
}

/**
 * Streams ffmpeg's f32le mono output at `sampleRate` into the sink. Resolves with ffmpeg's error
 * text (last lines of stderr) when it fails, undefined on success.
 */
export function decodeWithFfmpeg(path: string, sampleRate: number, sink: MonoSink, ffmpegPath = defaultFfmpegPath()): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    const child = spawn(ffmpegPath, ffmpegArgs(path, sampleRate), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    // Bytes of a float split across two stdout chunks.
    let carry = new Uint8Array(0);
    child.stdout.on('data', (chunk: Buffer) => {
      let bytes: Uint8Array = chunk;
      if (carry.length > 0) {
        const joined = new Uint8Array(carry.length + chunk.length);
        joined.set(carry);
        joined.set(chunk, carry.length);
        bytes = joined;
      }
      const whole = bytes.length - (bytes.length % 4);
      // Copy into an aligned array: the Buffer's offset need not be a multiple of 4.
      const floats = new Float32Array(whole / 4);
      new Uint8Array(floats.buffer).set(bytes.subarray(0, whole));
      sink.pushMono(floats);
      carry = bytes.slice(whole);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString('utf8');
    });
    child.on('error', (e) => resolvePromise(`cannot run ${ffmpegPath}: ${e.message}`));
    child.on('close', (code, signal) => {
      // Drop ffmpeg's "[component @ 0x55…]" prefixes: they mean nothing to a user.
      const lines = stderr
        .split('\n')
        .map((s) => s.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/, '').trim())
        .filter(Boolean);
      if (code === 0) resolvePromise(undefined);
      else {
        const why = lines.slice(-2).join('; ') || (signal ? `killed by ${signal}` : `exit status ${code}`);
        resolvePromise(`ffmpeg: ${why}`);
      }
    });
  });
}
