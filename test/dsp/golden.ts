import { join } from 'node:path';
import { readGolden, sharedDir } from '../helpers.js';
import { readWav } from './wav.js';

/** The golden signals of shared/golden/librosa. */
export const SIGNALS = ['sine_1k', 'harmonic_decay', 'white_noise', 'impulse_train_120bpm', 'chirp_100_8000', 'real_excerpt'] as const;

// biome-ignore lint/suspicious/noExplicitAny: the golden JSON is loosely typed on purpose
export type GoldenFeatures = Record<string, any>;

/** A golden signal's samples and librosa's features for it. */
export function loadSignal(name: string): { y: Float32Array; sr: number; features: GoldenFeatures } {
  const g = readGolden<{ wav: string; features: GoldenFeatures }>(`librosa/${name}.json`);
  const { samples, sampleRate } = readWav(join(sharedDir, 'golden', 'librosa', g.wav));
  return { y: samples, sr: sampleRate, features: g.features };
}

/** Error summary of a comparison. */
export interface Cmp {
  maxAbs: number;
  maxRel: number;
  worst: number;
  bad: number;
  n: number;
  detail: string;
}

/**
 * Compares every element. mode 'rel': |a−e| <= rel·|e| + floor·max|e| (linear values);
 * mode 'abs': |a−e| <= abs (dB values, MFCCs). The golden values carry 6 significant digits, so
 * half a unit in the 6th digit is added to the bound: it is the rounding of the reference itself.
 */
export function compare(actual: ArrayLike<number>, expected: number[], mode: 'rel' | 'abs', tol: number, floor = 1e-6): Cmp {
  let maxAbs = 0;
  let maxRel = 0;
  let worst = -1;
  let bad = 0;
  let emax = 0;
  for (const e of expected) emax = Math.max(emax, Math.abs(e));
  if (actual.length !== expected.length) {
    return { maxAbs: Infinity, maxRel: Infinity, worst: -1, bad: expected.length, n: expected.length, detail: `length ${actual.length} != ${expected.length}` };
  }
  let worstRatio = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const d = Math.abs(a - e);
    const round6 = e === 0 ? 0 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(e))) - 5);
    const bound = (mode === 'rel' ? tol * Math.abs(e) + floor * emax : tol) + round6;
    if (!(d <= bound)) bad++;
    const ratio = d / bound;
    if (ratio > worstRatio || Number.isNaN(d)) {
      worstRatio = ratio;
      worst = i;
    }
    if (d > maxAbs || Number.isNaN(d)) maxAbs = d;
    const rel = d / Math.max(Math.abs(e), floor * emax, 1e-300);
    if (rel > maxRel) maxRel = rel;
  }
  const detail =
    worst >= 0 ? `worst at ${worst}: got ${actual[worst]} expected ${expected[worst]} (${bad}/${expected.length} outside)` : 'exact';
  return { maxAbs, maxRel, worst, bad, n: expected.length, detail };
}

/** Flattens a golden [rows][frames] array to frame-major order (our layout). */
export function frameMajor(rows: number[][]): number[] {
  const nR = rows.length;
  const nF = nR > 0 ? rows[0]!.length : 0;
  const out = new Array<number>(nR * nF);
  for (let r = 0; r < nR; r++) for (let t = 0; t < nF; t++) out[t * nR + r] = rows[r]![t]!;
  return out;
}
