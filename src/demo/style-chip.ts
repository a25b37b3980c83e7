import type { Rng } from '../util/rng.js';
import { between, degreeNote, midiHz, NOTE_NAMES, normalizePeak, panGains, polyBlep, SCALES } from './synth-kit.js';

const PATTERNS = [
  [0, 1, 2, 3],
  [3, 2, 1, 0],
  [0, 1, 2, 1],
  [0, 2, 1, 3],
];
const PROGRESSIONS = [
  [0, 5, 3, 4],
  [0, 4, 5, 3],
  [0, 3, 0, 4],
];

/**
 * Chiptune: pulse-wave arpeggios (duty 12.5/25/50 %) over a square or stepped-triangle bass, with
 * volumes quantised to 16 levels like an 8-bit sound chip, a 4-bit noise hat, and an echo of the
 * arpeggio on the right channel only.
 */
export function renderChiptune(rng: Rng, sr: number, L: Float32Array, R: Float32Array): string {
  const n = L.length;
  const root = 64 + rng.int(12);
  const minor = rng.next() < 0.5;
  const scale = minor ? SCALES.minor : SCALES.major;
  const bpm = Math.round(between(rng.next, 120, 170));
  const sixteenth = (60 / bpm / 4) * sr;
  const arpDiv = rng.next() < 0.5 ? 1 : 2; // notes per sixteenth
  const duty = [0.125, 0.25, 0.5][rng.int(3)]!;
  const pattern = PATTERNS[rng.int(PATTERNS.length)]!;
  const prog = PROGRESSIONS[rng.int(PROGRESSIONS.length)]!;
  const triangleBass = rng.next() < 0.5;
  const arp = new Float32Array(n);
  const bass = new Float32Array(n);
  const arpLen = sixteenth / arpDiv;
  const nArp = Math.ceil(n / arpLen);
  let phase = 0;
  for (let k = 0; k < nArp; k++) {
    const bar = Math.floor((k / arpDiv) / 16);
    const deg = prog[bar % prog.length]!;
    const tone = pattern[k % 4]!;
    const note = tone === 3 ? degreeNote(root, scale, deg) + 12 : degreeNote(root, scale, deg + 2 * tone);
    const inc = midiHz(note) / sr;
    const a = Math.round(k * arpLen);
    const b = Math.min(n, Math.round((k + 1) * arpLen));
    for (let i = a; i < b; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      // A 60 Hz "frame" envelope stepping down through 16 volume levels.
      const vol = Math.max(4, 15 - Math.floor(((i - a) / sr) * 60)) / 15;
      const t2 = phase < duty ? phase - duty + 1 : phase - duty;
      arp[i] = ((phase < duty ? 1 : -1) + polyBlep(phase, inc) - polyBlep(t2, inc)) * vol * 0.3;
    }
  }
  const eighth = 2 * sixteenth;
  const nBass = Math.ceil(n / eighth);
  let bph = 0;
  for (let k = 0; k < nBass; k++) {
    const deg = prog[Math.floor(k / 8) % prog.length]!;
    const note = degreeNote(root - 36, scale, deg) + (k % 2 === 1 && rng.next() < 0.3 ? 12 : 0);
    const inc = midiHz(note) / sr;
    const a = Math.round(k * eighth);
    const b = Math.min(n, Math.round((k + 0.85) * eighth));
    for (let i = a; i < b; i++) {
      bph += inc;
      if (bph >= 1) bph -= 1;
      if (triangleBass) {
        // The NES-style triangle has 16 steps per period.
        bass[i] = (Math.floor(16 * (bph < 0.5 ? 2 * bph : 2 - 2 * bph)) / 7.5 - 1) * 0.22;
      } else {
        const t2 = bph < 0.5 ? bph + 0.5 : bph - 0.5;
        bass[i] = ((bph < 0.5 ? 1 : -1) + polyBlep(bph, inc) - polyBlep(t2, inc)) * 0.15;
      }
    }
  }
  // 15-bit LFSR noise hat on every eighth, 4-bit volume steps.
  let lfsr = 1 + rng.int(0x7ffe);
  const hatLen = Math.round(0.03 * sr);
  const period = Math.max(1, Math.round(sr / 16000));
  let nv = 0;
  for (let k = 0; k < nBass; k++) {
    const a = Math.round(k * eighth);
    const b = Math.min(n, a + hatLen);
    for (let i = a; i < b; i++) {
      if ((i - a) % period === 0) {
        const bit = (lfsr ^ (lfsr >> 1)) & 1;
        lfsr = (lfsr >> 1) | (bit << 14);
        nv = lfsr & 1 ? 1 : -1;
      }
      const vol = Math.floor(15 * (1 - (i - a) / hatLen)) / 15;
      bass[i]! += nv * vol * 0.12;
    }
  }
  const [al, ar] = panGains(between(rng.next, 0.3, 0.45));
  const echo = Math.round(3 * sixteenth);
  const echoGain = between(rng.next, 0.25, 0.45);
  for (let i = 0; i < n; i++) {
    L[i] = bass[i]! + al * arp[i]!;
    R[i] = bass[i]! + ar * arp[i]! + (i >= echo ? echoGain * arp[i - echo]! : 0);
  }
  normalizePeak(L, R, between(rng.next, 0.45, 0.75));
  return `in ${NOTE_NAMES[root % 12]} ${minor ? 'minor' : 'major'}`;
}
