import type { Rng } from '../util/rng.js';
import { between, degreeNote, midiHz, NOTE_NAMES, Noise, normalizePeak, panGains, SCALES, type ScaleName } from './synth-kit.js';

/**
 * One Karplus–Strong pluck added into L/R: a noise burst (low-passed by `bright` in (0,1]) circulates
 * in a delay line one period long, averaged and damped by `rho` each pass.
 */
function pluck(
  L: Float32Array,
  R: Float32Array,
  line: Float32Array,
  noise: Noise,
  sr: number,
  f: number,
  at: number,
  len: number,
  amp: number,
  bright: number,
  rho: number,
  pan: number,
): void {
  const p = Math.max(2, Math.min(line.length, Math.round(sr / f - 0.5)));
  let lp = 0;
  for (let i = 0; i < p; i++) {
    lp += bright * (noise.next() - lp);
    line[i] = lp;
  }
  const [gl, gr] = panGains(pan);
  const end = Math.min(L.length, at + len);
  let j = 0;
  for (let i = at; i < end; i++) {
    const y = line[j]!;
    const nj = j + 1 === p ? 0 : j + 1;
    line[j] = rho * 0.5 * (y + line[nj]!);
    j = nj;
    L[i]! += gl * amp * y;
    R[i]! += gr * amp * y;
  }
}

const PLUCK_SCALES: ScaleName[] = ['majorPentatonic', 'minorPentatonic', 'major', 'dorian'];

/**
 * Plucked melody: Karplus–Strong plucks playing a seeded motif in a key (varied on repeats), a plucked
 * bass on each bar, and a ping-pong echo that makes left and right differ.
 */
export function renderPluckedMelody(rng: Rng, sr: number, L: Float32Array, R: Float32Array): string {
  const n = L.length;
  const root = 60 + rng.int(12);
  const scaleName = PLUCK_SCALES[rng.int(PLUCK_SCALES.length)]!;
  const scale = SCALES[scaleName];
  const bpm = Math.round(between(rng.next, 70, 130));
  const eighth = (60 / bpm / 2) * sr;
  const rho = between(rng.next, 0.992, 0.998);
  const bright = between(rng.next, 0.45, 0.95);
  const noise = new Noise(rng.int(2 ** 32));
  const line = new Float32Array(Math.ceil(sr / 30));
  // A two-bar motif of scale degrees (-1 = rest), re-rolled in part on every repeat.
  const motif: number[] = [];
  let deg = rng.int(scale.length);
  for (let s = 0; s < 16; s++) {
    deg = Math.max(0, Math.min(2 * scale.length, deg + rng.int(5) - 2));
    motif.push(rng.next() < 0.15 ? -1 : deg);
  }
  const noteLen = Math.round(2.2 * sr);
  const totalSteps = Math.ceil(n / eighth);
  let phrase = motif.slice();
  for (let k = 0; k < totalSteps; k++) {
    const s = k % 16;
    if (s === 0 && k > 0) {
      phrase = motif.slice();
      for (let i = 0; i < 16; i++) if (rng.next() < 0.25) phrase[i] = rng.int(2 * scale.length);
    }
    const at = Math.round(k * eighth);
    const d = phrase[s]!;
    if (d >= 0) {
      const f = midiHz(degreeNote(root, scale, d));
      pluck(L, R, line, noise, sr, f, at, noteLen, between(rng.next, 0.5, 0.8), bright, rho, between(rng.next, 0.25, 0.75));
    }
    if (s === 0 || (s === 8 && rng.next() < 0.5)) {
      const bassDeg = (Math.floor(k / 16) % 2) * (scale.length > 5 ? 3 : 2);
      const f = midiHz(degreeNote(root - 12, scale, bassDeg));
      pluck(L, R, line, noise, sr, f, at, Math.round(3 * sr), 0.3, bright * 0.6, Math.min(0.999, rho + 0.001), 0.5);
    }
  }
  // Ping-pong echo of a dotted eighth: the left echo feeds the right and back.
  const d = Math.round(eighth * 1.5);
  const fb = between(rng.next, 0.2, 0.4);
  const wet = between(rng.next, 0.15, 0.3);
  const el = new Float32Array(n);
  const er = new Float32Array(n);
  for (let i = d; i < n; i++) {
    el[i] = wet * R[i - d]! + fb * er[i - d]!;
    er[i] = wet * L[i - d]! + fb * el[i - d]!;
  }
  for (let i = 0; i < n; i++) {
    L[i]! += el[i]!;
    R[i]! += er[i]!;
  }
  normalizePeak(L, R, between(rng.next, 0.5, 0.85));
  return `in ${NOTE_NAMES[root % 12]} ${scaleName.replace('P', ' p')}`;
}
