/**
 * Acoustic signature of a recording: for each frame of a 15 s stretch, which neighbouring frequency
 * bands (300–3,000 Hz) gain energy against their upper neighbour from the previous frame (the bit
 * pattern of Haitsma & Kalker's audio fingerprint, 2002). Re-encoding a recording (MP3, AAC, Opus
 * at usual bitrates) flips few of these bits; a different recording flips about half. It tells
 * copies of one recording apart from other tracks across formats; it is not a feature.
 */
import { RealFFT } from './fft.js';
import { hann } from './window.js';

const FRAME = 2048;
const HOP = 512;
const BANDS = 17; // 16 bits per frame
const FMIN = 300;
const FMAX = 3000;
/** Seconds of audio a signature covers (from 10 s into the track, or less for short tracks). */
export const SIGNATURE_SPAN_SEC = 15;
const FORMAT = 1;
/** A frame quieter than this (band energy of a full-scale sine = 1) carries no signature bits. */
const SILENT_ABS = 1e-7;
/** … or quieter than this share of the loudest frame of the stretch. */
const SILENT_REL = 1e-5;

/** Where the stretch starts: 10 s in for tracks of 35 s or more, moving continuously to 0 s at 15 s. */
export function signatureStartSec(durationSec: number): number {
  return Math.max(0, Math.min(10, (durationSec - SIGNATURE_SPAN_SEC) / 2));
}

const HEADER = 5;
/** Level stored when no frame is loud enough to compare. */
const NO_LEVEL = -32768;

/**
 * Signature of mono `samples` at `sampleRate`: version byte, frame count and the stretch's level
 * (mean 300–3,000 Hz band energy in centi-dB; 2 bytes each, little-endian), one 16-bit word per
 * frame (little-endian) and a bit mask of the frames loud enough to compare. Frames are 2,048
 * samples, hop 512 (23 ms at 22,050 Hz).
 */
export function audioSignature(samples: Float32Array, sampleRate: number): Uint8Array {
  const duration = samples.length / sampleRate;
  const start = Math.round(signatureStartSec(duration) * sampleRate);
  const maxFrames = Math.ceil((SIGNATURE_SPAN_SEC * sampleRate) / HOP) + 1;
  const available = samples.length - start >= FRAME ? Math.floor((samples.length - start - FRAME) / HOP) + 1 : 0;
  const frames = Math.min(maxFrames, available);
  // band edges in FFT bins, log-spaced
  const edges = new Int32Array(BANDS + 1);
  for (let b = 0; b <= BANDS; b++) {
    const f = FMIN * (FMAX / FMIN) ** (b / BANDS);
    edges[b] = Math.max(1, Math.min(FRAME / 2, Math.round((f * FRAME) / sampleRate)));
  }
  const fft = new RealFFT(FRAME);
  const win = hann(FRAME);
  // |X| of a full-scale sine under this window peaks at FRAME/4: energies are relative to its square
  const unit = (FRAME / 4) ** 2;
  const mag = new Float32Array(FRAME / 2 + 1);
  const energy = new Float64Array(frames * BANDS);
  const total = new Float64Array(frames);
  let loudest = 0;
  for (let n = 0; n < frames; n++) {
    fft.magnitudes(samples, start + n * HOP, win, mag, 0);
    let sum = 0;
    for (let b = 0; b < BANDS; b++) {
      let e = 0;
      for (let k = edges[b]!; k < Math.max(edges[b]! + 1, edges[b + 1]!); k++) e += mag[k]! * mag[k]!;
      energy[n * BANDS + b] = e / unit;
      sum += e / unit;
    }
    total[n] = sum;
    if (sum > loudest) loudest = sum;
  }
  const floor = Math.max(SILENT_ABS, SILENT_REL * loudest);
  let loud = 0;
  let sum = 0;
  for (let n = 0; n < frames; n++) {
    if (total[n]! < floor) continue;
    sum += total[n]!;
    loud++;
  }
  const level = loud > 0 ? Math.max(NO_LEVEL + 1, Math.min(32767, Math.round(1000 * Math.log10(sum / loud)))) : NO_LEVEL;
  const out = new Uint8Array(HEADER + 2 * frames + Math.ceil(frames / 8));
  out[0] = FORMAT;
  out[1] = frames & 0xff;
  out[2] = frames >> 8;
  out[3] = level & 0xff;
  out[4] = (level >> 8) & 0xff;
  const maskOff = HEADER + 2 * frames;
  for (let n = 1; n < frames; n++) {
    let word = 0;
    for (let b = 0; b < BANDS - 1; b++) {
      const now = energy[n * BANDS + b]! - energy[n * BANDS + b + 1]!;
      const before = energy[(n - 1) * BANDS + b]! - energy[(n - 1) * BANDS + b + 1]!;
      if (now - before > 0) word |= 1 << b;
    }
    out[HEADER + 2 * n] = word & 0xff;
    out[HEADER + 1 + 2 * n] = word >> 8;
    if (total[n]! >= floor && total[n - 1]! >= floor) out[maskOff + (n >> 3)]! |= 1 << (n & 7);
  }
  return out;
}

/** Bits set in a 16-bit word. */
function popcount16(x: number): number {
  x -= (x >> 1) & 0x5555;
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0f0f;
  return (x + (x >> 8)) & 0x1f;
}

/** How two signatures agree at their best alignment: share of differing bits and frames compared. */
export interface SignatureMatch {
  bitErrorRate: number;
  frames: number;
  /** Frames by which `b` lags `a` at the best alignment. */
  shift: number;
}

/** Frame count and level (dB; undefined when silent) of a signature, or undefined for another format. */
function header(x: Uint8Array): { frames: number; levelDb: number | undefined } | undefined {
  if (x.length < HEADER || x[0] !== FORMAT) return undefined;
  const frames = x[1]! | (x[2]! << 8);
  if (x.length !== HEADER + 2 * frames + Math.ceil(frames / 8)) return undefined;
  const raw = (x[3]! | (x[4]! << 8)) << 16 >> 16;
  return { frames, levelDb: raw === NO_LEVEL ? undefined : raw / 100 };
}

/** The level of a signature's stretch, dB (band energy of a full-scale sine = 0 dB); undefined when silent or not a signature. */
export function signatureLevelDb(x: Uint8Array): number | undefined {
  return header(x)?.levelDb;
}

/** Bit errors and frames compared at one alignment, over at most `limit` comparable frames. */
function errorsAt(a: Uint8Array, na: number, b: Uint8Array, nb: number, s: number, limit: number): { bits: number; frames: number } {
  const ma = HEADER + 2 * na;
  const mb = HEADER + 2 * nb;
  let bits = 0;
  let frames = 0;
  const lo = Math.max(0, -s);
  const hi = Math.min(na, nb - s);
  for (let i = lo; i < hi && frames < limit; i++) {
    const j = i + s;
    if (((a[ma + (i >> 3)]! >> (i & 7)) & 1) === 0 || ((b[mb + (j >> 3)]! >> (j & 7)) & 1) === 0) continue;
    const wa = a[HEADER + 2 * i]! | (a[HEADER + 1 + 2 * i]! << 8);
    const wb = b[HEADER + 2 * j]! | (b[HEADER + 1 + 2 * j]! << 8);
    bits += popcount16(wa ^ wb);
    frames++;
  }
  return { bits, frames };
}

/**
 * The best of the alignments within ±`maxShift` frames (23 ms each at 22,050 Hz): the lowest bit
 * error rate over the frames both signatures can compare. Undefined for an unknown format or when
 * no alignment compares any frame.
 */
export function compareSignatures(a: Uint8Array, b: Uint8Array, maxShift = 8): SignatureMatch | undefined {
  const ha = header(a);
  const hb = header(b);
  if (!ha || !hb) return undefined;
  let best: SignatureMatch | undefined;
  for (let s = -maxShift; s <= maxShift; s++) {
    const { bits, frames } = errorsAt(a, ha.frames, b, hb.frames, s, Number.POSITIVE_INFINITY);
    if (frames === 0) continue;
    const ber = bits / (16 * frames);
    if (!best || ber < best.bitErrorRate) best = { bitErrorRate: ber, frames, shift: s };
  }
  return best;
}

/**
 * Most bit errors a re-encoding makes. Measured: MP3/AAC at 128k and Opus at 64k flip at most 10 %,
 * MP3/AAC at 64k 16 %; other recordings about 48 %, but two pieces of one game built on the same
 * loop 24 %.
 */
export const SAME_RECORDING_MAX_BER = 0.18;
/** Fewest frames compared (2 s at 22,050 Hz): shorter sounds are told apart by file content only. */
export const SAME_RECORDING_MIN_FRAMES = 86;
/** Largest level difference, dB: a re-encoding keeps the level (within 0.75 dB measured); a remaster or another mix does not. */
export const SAME_RECORDING_MAX_LEVEL_DB = 1;
/** Alignments tried either way, in frames: codec delays and the 0.2 s duration tolerance of callers. */
const MAX_SHIFT = 8;
/** Frames checked at every alignment before the full comparison, and the error rate that stops it early. */
const QUICK_FRAMES = 48;
const QUICK_MAX_BER = 0.38;

/**
 * True when two signatures (of tracks whose durations agree) come from one recording: levels within
 * 1 dB and, at the best alignment, at most 18 % of the bits differ over at least 86 frames.
 */
export function sameRecording(a: Uint8Array, b: Uint8Array): boolean {
  const ha = header(a);
  const hb = header(b);
  if (!ha || !hb || ha.levelDb === undefined || hb.levelDb === undefined) return false;
  if (Math.abs(ha.levelDb - hb.levelDb) > SAME_RECORDING_MAX_LEVEL_DB) return false;
  // Most pairs are different recordings: a short look at every alignment rejects them cheaply.
  let promising = false;
  for (let s = -MAX_SHIFT; s <= MAX_SHIFT && !promising; s++) {
    const { bits, frames } = errorsAt(a, ha.frames, b, hb.frames, s, QUICK_FRAMES);
    if (frames > 0 && bits / (16 * frames) <= QUICK_MAX_BER) promising = true;
  }
  if (!promising) return false;
  const m = compareSignatures(a, b, MAX_SHIFT);
  return m !== undefined && m.frames >= SAME_RECORDING_MIN_FRAMES && m.bitErrorRate <= SAME_RECORDING_MAX_BER;
}
