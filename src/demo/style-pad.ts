import type { Rng } from '../util/rng.js';
import { between, degreeNote, midiHz, NOTE_NAMES, normalizePeak, panGains, reverb, polyBlep, SCALES, sineAt, Svf } from './synth-kit.js';

const PROGRESSIONS = [
  [0, 5, 3, 4],
  [0, 3, 4, 0],
  [0, 5, 1, 4],
  [0, 2, 3, 5],
  [5, 3, 0, 4],
];

/**
 * Ambient pad: slow chords of detuned saw/sine voices under a slowly sweeping low-pass filter and a
 * reverb. Key, mode, progression, detune, brightness and sweep rate are seeded.
 */
export function renderAmbientPad(rng: Rng, sr: number, L: Float32Array, R: Float32Array): string {
  const n = L.length;
  const root = 45 + rng.int(12);
  const minor = rng.next() < 0.5;
  const scale = minor ? SCALES.minor : SCALES.major;
  const prog = PROGRESSIONS[rng.int(PROGRESSIONS.length)]!;
  const nChords = 3 + rng.int(3);
  const chordLen = n / nChords;
  const attack = between(rng.next, 1.5, 3.5) * sr;
  const release = between(rng.next, 1.5, 3) * sr;
  const detuneCents = between(rng.next, 4, 14);
  const sawMix = between(rng.next, 0.25, 0.9);
  const voicesPerNote = 2 + rng.int(2);
  // Voices of one chord are summed into tl/tr, then the chord envelope is applied once.
  const maxSpan = Math.ceil(chordLen + release) + 2;
  const tl = new Float32Array(maxSpan);
  const tr = new Float32Array(maxSpan);
  for (let c = 0; c < nChords; c++) {
    const deg = prog[c % prog.length]!;
    const notes = [degreeNote(root, scale, deg), degreeNote(root, scale, deg + 2), degreeNote(root, scale, deg + 4)];
    if (rng.next() < 0.5) notes.push(degreeNote(root, scale, deg + 6));
    notes.push(degreeNote(root, scale, deg) - 12);
    const t0 = Math.round(c * chordLen);
    const t1 = Math.min(n, Math.round((c + 1) * chordLen + release));
    const hold = Math.round((c + 1) * chordLen) - t0;
    const span = t1 - t0;
    tl.fill(0);
    tr.fill(0);
    for (let ni = 0; ni < notes.length; ni++) {
      const isBass = ni === notes.length - 1;
      const f = midiHz(notes[ni]!);
      const voices = isBass ? 1 : voicesPerNote;
      for (let v = 0; v < voices; v++) {
        const cents = voices === 1 ? 0 : detuneCents * ((2 * v) / (voices - 1) - 1);
        const inc = (f * 2 ** (cents / 1200)) / sr;
        const [gl, gr] = panGains(isBass ? 0.5 : v % 2 === 0 ? 0.3 : 0.7);
        const amp = (isBass ? 0.5 : 0.22) / Math.sqrt(voices);
        // Detuned voices are band-limited saws; the first voice also carries the note's sine part.
        const sa = isBass ? 0 : amp * sawMix;
        const sn = v === 0 ? (isBass ? amp : amp * (1 - sawMix) * Math.sqrt(voices)) : 0;
        let phase = rng.next();
        if (sn === 0) {
          for (let i = 0; i < span; i++) {
            phase += inc;
            if (phase >= 1) phase -= 1;
            const s = sa * (2 * phase - 1 - polyBlep(phase, inc));
            tl[i]! += gl * s;
            tr[i]! += gr * s;
          }
        } else {
          for (let i = 0; i < span; i++) {
            phase += inc;
            if (phase >= 1) phase -= 1;
            const s = sa * (2 * phase - 1 - polyBlep(phase, inc)) + sn * sineAt(phase);
            tl[i]! += gl * s;
            tr[i]! += gr * s;
          }
        }
      }
    }
    for (let i = 0; i < span; i++) {
      const e = Math.min(1, i / attack, i < hold ? 1 : Math.max(0, 1 - (i - hold) / release));
      L[t0 + i]! += e * tl[i]!;
      R[t0 + i]! += e * tr[i]!;
    }
  }
  // Slow filter sweep, recomputed every 64 samples (cheap, inaudibly smooth at these rates).
  const fMin = between(rng.next, 250, 500);
  const fMax = between(rng.next, 1200, 3200);
  const period = between(rng.next, 6, 16) * sr;
  const q = between(rng.next, 0.7, 2);
  const ph0 = rng.next();
  const fl = new Svf(sr, fMin, q);
  const fr = new Svf(sr, fMin, q);
  for (let i = 0; i < n; i++) {
    if (i % 64 === 0) {
      const u = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i / period + ph0));
      const fc = fMin * (fMax / fMin) ** u;
      fl.set(fc, q);
      fr.set(fc * 1.03, q);
    }
    L[i] = fl.process(L[i]!);
    R[i] = fr.process(R[i]!);
  }
  reverb(L, R, sr, between(rng.next, 0.35, 0.6), between(rng.next, 0.8, 0.88));
  normalizePeak(L, R, between(rng.next, 0.35, 0.6));
  return `in ${NOTE_NAMES[root % 12]} ${minor ? 'minor' : 'major'}`;
}
