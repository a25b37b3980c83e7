import type { Rng } from '../util/rng.js';
import { between, midiHz, NOTE_NAMES, Noise, normalizePeak, polyBlep, softClip } from './synth-kit.js';

const RIFF_STEPS = [0, 0, 0, 3, 5, 7, 10, -2];

/**
 * Noise rock: fast distorted power chords (root, fifth, octave of detuned saws, driven into a clipper),
 * double-tracked left/right with different detune, plus noise bursts and a pounding kick/snare.
 */
export function renderNoiseRock(rng: Rng, sr: number, L: Float32Array, R: Float32Array): string {
  const n = L.length;
  const root = 40 + rng.int(8);
  const bpm = Math.round(between(rng.next, 150, 200));
  const eighth = (60 / bpm / 2) * sr;
  const drive = between(rng.next, 6, 20);
  const noise = new Noise(rng.int(2 ** 32));
  // A two-bar riff: chord root offset and palm-mute flag per eighth.
  const riff: { off: number; mute: boolean }[] = [];
  for (let s = 0; s < 16; s++) {
    riff.push({ off: s % 4 === 0 ? 0 : RIFF_STEPS[rng.int(RIFF_STEPS.length)]!, mute: rng.next() < 0.45 });
  }
  const chans = [L, R];
  const totalSteps = Math.ceil(n / eighth);
  for (let c = 0; c < 2; c++) {
    const x = chans[c]!;
    const dt = 2 ** ((c === 0 ? between(rng.next, 4, 10) : -between(rng.next, 4, 10)) / 1200);
    // Six saw phases (root, fifth, octave, each doubled with a detuned copy) kept in locals: hot loop.
    let p0 = rng.next();
    let p1 = rng.next();
    let p2 = rng.next();
    let p3 = rng.next();
    let p4 = rng.next();
    let p5 = rng.next();
    const g = drive / 6;
    for (let k = 0; k < totalSteps; k++) {
      const st = riff[k % 16]!;
      const i0 = midiHz(root + st.off) / sr;
      const i1 = i0 * dt;
      const i2 = i0 * 1.4983;
      const i3 = i2 * dt;
      const i4 = i0 * 2;
      const i5 = i4 * dt;
      const a = Math.round(k * eighth);
      const b = Math.min(n, Math.round((k + 1) * eighth));
      const fall = st.mute ? Math.exp(-1 / (0.05 * sr)) : 1;
      let env = 1;
      for (let i = a; i < b; i++) {
        p0 += i0;
        if (p0 >= 1) p0 -= 1;
        p1 += i1;
        if (p1 >= 1) p1 -= 1;
        p2 += i2;
        if (p2 >= 1) p2 -= 1;
        p3 += i3;
        if (p3 >= 1) p3 -= 1;
        p4 += i4;
        if (p4 >= 1) p4 -= 1;
        p5 += i5;
        if (p5 >= 1) p5 -= 1;
        const s =
          2 * (p0 + p1 + p2 + p3 + p4 + p5) -
          6 -
          (polyBlep(p0, i0) + polyBlep(p1, i1) + polyBlep(p2, i2) + polyBlep(p3, i3) + polyBlep(p4, i4) + polyBlep(p5, i5));
        const y = softClip(g * env * s);
        x[i] = 0.8 * Math.min(0.8, Math.max(-0.8, y));
        env *= fall;
      }
    }
  }
  // Noise bursts (feedback squalls) on random beats, and drums on every beat.
  const beat = 2 * eighth;
  const nBeats = Math.ceil(n / beat);
  for (let k = 0; k < nBeats; k++) {
    const at = Math.round(k * beat);
    const kickLen = Math.min(n - at, Math.round(0.15 * sr));
    for (let i = 0; i < kickLen; i++) {
      const t = i / sr;
      const v = 0.7 * Math.sin(2 * Math.PI * (50 * t + 1.6 * (1 - Math.exp(-t / 0.03)))) * Math.exp(-t / 0.05);
      L[at + i]! += v;
      R[at + i]! += v;
    }
    if (k % 2 === 1) {
      const len = Math.min(n - at, Math.round(0.18 * sr));
      for (let i = 0; i < len; i++) {
        const e = 0.6 * Math.exp(-i / (0.06 * sr));
        L[at + i]! += e * noise.next();
        R[at + i]! += e * noise.next();
      }
    }
    if (rng.next() < 0.3) {
      const len = Math.min(n - at, Math.round(between(rng.next, 0.03, 0.25) * sr));
      const amp = between(rng.next, 0.4, 0.8);
      for (let i = 0; i < len; i++) {
        const e = amp * (1 - i / len);
        L[at + i]! += e * noise.next();
        R[at + i]! += e * noise.next();
      }
    }
  }
  for (let i = 0; i < n; i++) {
    L[i] = softClip(1.6 * L[i]!);
    R[i] = softClip(1.6 * R[i]!);
  }
  normalizePeak(L, R, between(rng.next, 0.9, 0.99));
  return `${bpm} BPM in ${NOTE_NAMES[root % 12]}`;
}
