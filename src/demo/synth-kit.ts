/**
 * Small deterministic synthesis building blocks shared by the demo styles. Everything works on
 * preallocated typed arrays; inner loops allocate nothing.
 */

/** Frequency in Hz of a MIDI note number (A4 = 69 = 440 Hz). */
export const midiHz = (m: number): number => 440 * 2 ** ((m - 69) / 12);

/** Scale steps in semitones from the root. */
export const SCALES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  majorPentatonic: [0, 2, 4, 7, 9],
  minorPentatonic: [0, 3, 5, 7, 10],
} as const;

export type ScaleName = keyof typeof SCALES;

export const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** MIDI note of scale degree `deg` (may exceed the octave or be negative) above `root`. */
export function degreeNote(root: number, scale: readonly number[], deg: number): number {
  const len = scale.length;
  const oct = Math.floor(deg / len);
  return root + 12 * oct + scale[deg - oct * len]!;
}

const SINE_SIZE = 4096;
/** One sine period sampled at 4096 points plus a guard point, for table lookup with linear interpolation. */
export const SINE_TABLE: Float32Array = (() => {
  const t = new Float32Array(SINE_SIZE + 1);
  for (let i = 0; i <= SINE_SIZE; i++) t[i] = Math.sin((2 * Math.PI * i) / SINE_SIZE);
  return t;
})();

/** sin(2π·phase) for phase in [0, 1), by table lookup. */
export function sineAt(phase: number): number {
  const x = phase * SINE_SIZE;
  const i = x | 0;
  const a = SINE_TABLE[i]!;
  return a + (x - i) * (SINE_TABLE[i + 1]! - a);
}

/**
 * PolyBLEP correction for a unit step at phase 0 of an oscillator with phase t in [0, 1) advancing dt
 * per sample: subtracting it from a naive saw (adding it at a square's rising edge) removes most of
 * the aliasing, so the same track sounds the same at 44.1 and 48 kHz.
 */
export function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

/** A xorshift32 white-noise source: values uniform in [-1, 1). Cheaper than the seeded Rng per sample. */
export class Noise {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x2545f491;
  }
  next(): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s / 2147483648 - 1;
  }
}

/** Adds `src` scaled by gl/gr into L/R starting at sample `at` (clipped to the buffer end). */
export function mixInto(L: Float32Array, R: Float32Array, src: Float32Array, at: number, gl: number, gr: number): void {
  const end = Math.min(L.length, at + src.length);
  for (let i = Math.max(0, at); i < end; i++) {
    const v = src[i - at]!;
    L[i]! += gl * v;
    R[i]! += gr * v;
  }
}

/** Equal-power pan gains for pan in [0, 1] (0 = left). */
export function panGains(pan: number): [number, number] {
  return [Math.cos((pan * Math.PI) / 2), Math.sin((pan * Math.PI) / 2)];
}

/**
 * A topology-preserving state-variable filter (Zavalishin); `process` returns the low-pass output,
 * `band`/`high` hold the other outputs of the last sample.
 */
export class Svf {
  private ic1 = 0;
  private ic2 = 0;
  private a1 = 0;
  private a2 = 0;
  private a3 = 0;
  private k = 1;
  band = 0;
  high = 0;
  constructor(
    private readonly sr: number,
    cutoff: number,
    q = Math.SQRT1_2,
  ) {
    this.set(cutoff, q);
  }
  /** Sets the cutoff (Hz, clamped below Nyquist) and resonance Q. */
  set(cutoff: number, q: number): void {
    const fc = Math.min(cutoff, this.sr * 0.45);
    const g = Math.tan((Math.PI * fc) / this.sr);
    this.k = 1 / q;
    this.a1 = 1 / (1 + g * (g + this.k));
    this.a2 = g * this.a1;
    this.a3 = g * this.a2;
  }
  process(v0: number): number {
    const v3 = v0 - this.ic2;
    const v1 = this.a1 * this.ic1 + this.a2 * v3;
    const v2 = this.ic2 + this.a2 * this.ic1 + this.a3 * v3;
    this.ic1 = 2 * v1 - this.ic1;
    this.ic2 = 2 * v2 - this.ic2;
    this.band = v1;
    this.high = v0 - this.k * v1 - v2;
    return v2;
  }
}

/** Fast odd soft clipper (a rational tanh approximation, exact ±1 beyond |x| = 3). */
export function softClip(x: number): number {
  if (x <= -3) return -1;
  if (x >= 3) return 1;
  const x2 = x * x;
  return (x * (27 + x2)) / (27 + 9 * x2);
}

/**
 * A small Schroeder/Freeverb-style stereo reverb applied in place: four damped feedback combs and
 * two all-passes per channel, with slightly different delay lengths left and right so the channels
 * decorrelate. `wet` in [0, 1], `room` (feedback) in [0, 0.95).
 */
export function reverb(L: Float32Array, R: Float32Array, sr: number, wet: number, room: number, damp = 0.3): void {
  const scale = sr / 44100;
  const combLens = [1116, 1188, 1277, 1356];
  const apLens = [556, 441];
  const spread = 23;
  const chans = [L, R];
  const d = 1 - damp;
  for (let c = 0; c < 2; c++) {
    const x = chans[c]!;
    const n = x.length;
    const off = c * spread;
    const len = (v: number): number => Math.round((v + off) * scale);
    const c0 = new Float32Array(len(combLens[0]!));
    const c1 = new Float32Array(len(combLens[1]!));
    const c2 = new Float32Array(len(combLens[2]!));
    const c3 = new Float32Array(len(combLens[3]!));
    const a0 = new Float32Array(len(apLens[0]!));
    const a1 = new Float32Array(len(apLens[1]!));
    let j0 = 0;
    let j1 = 0;
    let j2 = 0;
    let j3 = 0;
    let k0 = 0;
    let k1 = 0;
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let l3 = 0;
    for (let i = 0; i < n; i++) {
      const inp = x[i]! * 0.25;
      // Four damped feedback combs in parallel (unrolled: this loop is the hot spot of the pad style).
      const y0 = c0[j0]!;
      l0 = y0 * d + l0 * damp;
      c0[j0] = inp + l0 * room;
      if (++j0 === c0.length) j0 = 0;
      const y1 = c1[j1]!;
      l1 = y1 * d + l1 * damp;
      c1[j1] = inp + l1 * room;
      if (++j1 === c1.length) j1 = 0;
      const y2 = c2[j2]!;
      l2 = y2 * d + l2 * damp;
      c2[j2] = inp + l2 * room;
      if (++j2 === c2.length) j2 = 0;
      const y3 = c3[j3]!;
      l3 = y3 * d + l3 * damp;
      c3[j3] = inp + l3 * room;
      if (++j3 === c3.length) j3 = 0;
      let acc = y0 + y1 + y2 + y3;
      // Two all-passes in series.
      const b0 = a0[k0]!;
      a0[k0] = acc + b0 * 0.5;
      acc = b0 - acc;
      if (++k0 === a0.length) k0 = 0;
      const b1 = a1[k1]!;
      a1[k1] = acc + b1 * 0.5;
      acc = b1 - acc;
      if (++k1 === a1.length) k1 = 0;
      x[i] = x[i]! * (1 - wet) + acc * wet;
    }
  }
}

/** Scales L and R together so the larger absolute peak equals `peak`. */
export function normalizePeak(L: Float32Array, R: Float32Array, peak: number): void {
  let m = 0;
  for (let i = 0; i < L.length; i++) {
    const a = Math.abs(L[i]!);
    const b = Math.abs(R[i]!);
    if (a > m) m = a;
    if (b > m) m = b;
  }
  if (m === 0) return;
  const g = peak / m;
  for (let i = 0; i < L.length; i++) {
    L[i] = L[i]! * g;
    R[i] = R[i]! * g;
  }
}

/** A uniform draw in [lo, hi) from `next()`. */
export const between = (next: () => number, lo: number, hi: number): number => lo + (hi - lo) * next();
