import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 16-bit PCM mono WAV bytes of `x` (clipped to ±1) at `sampleRate` Hz. */
export function wavBytes(x: Float32Array, sampleRate: number): Buffer {
  const b = Buffer.alloc(44 + 2 * x.length);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + 2 * x.length, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(2 * x.length, 40);
  for (let i = 0; i < x.length; i++) b.writeInt16LE(Math.round(32767 * Math.max(-1, Math.min(1, x[i]!))), 44 + 2 * i);
  return b;
}

/**
 * A short synthetic "track", different for every `variant`: a harmonic tone (pitch, brightness
 * and tremolo vary), mixed with seeded noise and a click train at a variant-dependent tempo.
 */
export function synthTrack(variant: number, seconds: number, sampleRate = 22050): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const x = new Float32Array(n);
  const f0 = 110 * 2 ** ((variant % 36) / 12);
  const harmonics = 1 + (variant % 7);
  const trem = 0.5 + (variant % 5);
  const noise = ((variant * 37) % 10) / 40;
  const beat = Math.round((60 / (70 + ((variant * 13) % 90))) * sampleRate);
  let s = (variant + 1) * 2654435761;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    let v = 0;
    for (let h = 1; h <= harmonics; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    v *= 0.3 * (0.6 + 0.4 * Math.sin(2 * Math.PI * trem * t));
    s = (s * 1664525 + 1013904223) >>> 0;
    v += noise * (s / 2 ** 32 - 0.5);
    const k = i % beat;
    if (k < 200) v += 0.5 * Math.exp(-k / 40) * (s & 1 ? 1 : -1);
    x[i] = v;
  }
  return x;
}

/** Writes `count` synthetic WAV tracks `t000.wav`… into `dir`; returns their paths. */
export function writeLibrary(dir: string, count: number, seconds: number, first = 0): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = join(dir, `t${String(first + i).padStart(3, '0')}.wav`);
    writeFileSync(p, wavBytes(synthTrack(first + i, seconds), 22050));
    paths.push(p);
  }
  return paths;
}
