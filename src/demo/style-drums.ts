import type { Rng } from '../util/rng.js';
import { between, mixInto, Noise, normalizePeak, panGains, Svf } from './synth-kit.js';

/** A kick: a sine whose pitch falls from f0 to f1 Hz, with an exponential decay and a short click. */
function makeKick(sr: number, f0: number, f1: number, decay: number, noise: Noise): Float32Array {
  const n = Math.round(Math.min(1, decay * 6) * sr);
  const out = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const f = f1 + (f0 - f1) * Math.exp(-t / 0.035);
    phase += f / sr;
    phase -= Math.floor(phase);
    const click = t < 0.003 ? noise.next() * (1 - t / 0.003) * 0.4 : 0;
    out[i] = Math.sin(2 * Math.PI * phase) * Math.exp(-t / decay) + click;
  }
  return out;
}

/** A snare: a short tone plus band-passed noise with its own decay. */
function makeSnare(sr: number, tone: number, noiseDecay: number, bp: number, noise: Noise): Float32Array {
  const n = Math.round(Math.min(0.8, noiseDecay * 6) * sr);
  const out = new Float32Array(n);
  const f = new Svf(sr, bp, 0.8);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    f.process(noise.next());
    out[i] = 0.5 * Math.sin(2 * Math.PI * tone * t) * Math.exp(-t / 0.04) + 1.8 * f.band * Math.exp(-t / noiseDecay);
  }
  return out;
}

/** A hi-hat: high-passed noise with a fast (closed) or slow (open) decay. */
function makeHat(sr: number, decay: number, cutoff: number, noise: Noise): Float32Array {
  const n = Math.round(Math.min(0.6, decay * 7) * sr);
  const out = new Float32Array(n);
  const f = new Svf(sr, cutoff, 0.9);
  for (let i = 0; i < n; i++) {
    f.process(noise.next());
    out[i] = f.high * Math.exp(-i / sr / decay);
  }
  return out;
}

interface Bar {
  kick: Float32Array; // velocity per 16th step, 0 = silent
  snare: Float32Array;
  hat: Float32Array;
  open: Float32Array;
}

function makeBar(rng: Rng, sixteenths: boolean, fill: boolean): Bar {
  const b: Bar = { kick: new Float32Array(16), snare: new Float32Array(16), hat: new Float32Array(16), open: new Float32Array(16) };
  b.kick[0] = 1;
  if (rng.next() < 0.7) b.kick[8] = 0.9;
  else b.kick[10] = 0.9;
  for (const s of [3, 6, 7, 11, 14]) if (rng.next() < 0.22) b.kick[s] = between(rng.next, 0.5, 0.85);
  b.snare[4] = 1;
  b.snare[12] = 1;
  for (let s = 1; s < 16; s += 2) if (rng.next() < 0.08) b.snare[s] = 0.25;
  for (let s = 0; s < 16; s++) {
    if (sixteenths || s % 2 === 0) b.hat[s] = (s % 4 === 0 ? 0.9 : 0.55) * between(rng.next, 0.8, 1);
  }
  if (rng.next() < 0.4) {
    b.open[14] = 0.7;
    b.hat[14] = 0;
  }
  if (fill) for (let s = 12; s < 16; s++) if (rng.next() < 0.6) b.snare[s] = between(rng.next, 0.5, 1);
  return b;
}

/** Drum loop: kick/snare/hi-hat patterns, 80–160 BPM, seeded swing, sounds and variations. */
export function renderDrumLoop(rng: Rng, sr: number, L: Float32Array, R: Float32Array): string {
  const bpm = Math.round(between(rng.next, 80, 160));
  const step = (60 / bpm / 4) * sr;
  const swing = between(rng.next, 0, 0.14);
  const noise = new Noise(rng.int(2 ** 32));
  const kick = makeKick(sr, between(rng.next, 100, 180), between(rng.next, 38, 60), between(rng.next, 0.1, 0.25), noise);
  const snare = makeSnare(sr, between(rng.next, 150, 250), between(rng.next, 0.07, 0.18), between(rng.next, 1200, 4000), noise);
  const hat = makeHat(sr, between(rng.next, 0.015, 0.05), between(rng.next, 6000, 9500), noise);
  const open = makeHat(sr, between(rng.next, 0.12, 0.28), between(rng.next, 5500, 8500), noise);
  const sixteenths = rng.next() < 0.5;
  const bars = [makeBar(rng, sixteenths, false), makeBar(rng, sixteenths, false), makeBar(rng, sixteenths, true)];
  const order = [0, 1, 0, 2];
  const [kl, kr] = panGains(0.5);
  const [sl, sr2] = panGains(between(rng.next, 0.35, 0.5));
  const [hl, hr] = panGains(between(rng.next, 0.55, 0.75));
  const totalSteps = Math.ceil(L.length / step);
  for (let k = 0; k < totalSteps; k++) {
    const bar = bars[order[Math.floor(k / 16) % 4]!]!;
    const s = k % 16;
    const at = Math.round(k * step + (s % 2 === 1 ? swing * step : 0));
    if (bar.kick[s]) mixInto(L, R, kick, at, kl * bar.kick[s]!, kr * bar.kick[s]!);
    if (bar.snare[s]) mixInto(L, R, snare, at, sl * bar.snare[s]!, sr2 * bar.snare[s]!);
    if (bar.hat[s]) mixInto(L, R, hat, at, 0.9 * hl * bar.hat[s]!, 0.9 * hr * bar.hat[s]!);
    if (bar.open[s]) mixInto(L, R, open, at, 0.7 * hl * bar.open[s]!, 0.7 * hr * bar.open[s]!);
  }
  normalizePeak(L, R, between(rng.next, 0.6, 0.9));
  return `${bpm} BPM`;
}
