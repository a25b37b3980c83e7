/**
 * A memory budget the analysis workers share, so that several long tracks (DJ mixes, concerts,
 * audiobooks) are not analysed at the same time on a machine that cannot hold them all: the
 * feature stage needs about 16 MB per minute of audio (a 60-minute track peaks at 1.3 GB).
 *
 * One SharedArrayBuffer of int32: [0] MB in use, [1] capacity in MB, [2 + lane] MB held by the job
 * on that lane (a lane is one of the `concurrency` job slots). A worker takes its share before
 * extracting features and gives it back after; a job that does not fit waits until enough is given
 * back, except that a job always runs when nothing else holds any (one track larger than the whole
 * budget still gets analysed, alone). The main thread gives back a crashed job's share.
 */
import { totalmem } from 'node:os';
import { AnalysisError } from '../features/index.js';
import { formatDuration } from './progress.js';

const IN_USE = 0;
const CAPACITY = 1;
const LANES = 2;

/** Memory (MB) the feature stage needs for `seconds` of audio at 22,050 Hz: measured peak, rounded up. */
export function featureMemoryMB(seconds: number): number {
  return Math.ceil(40 + (16 * seconds) / 60);
}

/**
 * Peak memory (MB) of one track's whole analysis, decoding included: the decoded samples (5 MB per
 * minute) and their copies while decoding, plus the feature stage. Measured: 5.8 GB for a 4-hour
 * track, 11.6 GB for an 8-hour one (2026-11-28).
 */
export function trackPeakMB(seconds: number): number {
  return Math.ceil(100 + (24.5 * seconds) / 60);
}

/** The machine's memory in MB: physical, or a container's limit when lower; MIR_MEMORY_MB says otherwise. */
export function machineMemoryMB(): number {
  const set = Number(process.env.MIR_MEMORY_MB);
  if (Number.isFinite(set) && set > 0) return Math.ceil(set);
  const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const bytes = limit && limit > 0 ? Math.min(limit, totalmem()) : totalmem();
  return Math.floor(bytes / 2 ** 20);
}

/** Half the machine's memory (at least 1 GB), or MIR_ANALYSIS_MEMORY_MB. */
export function defaultCapacityMB(): number {
  const set = Number(process.env.MIR_ANALYSIS_MEMORY_MB);
  if (Number.isFinite(set) && set > 0) return Math.ceil(set);
  return Math.max(1024, Math.floor(machineMemoryMB() / 2));
}

/** A track too long to analyse in this machine's memory (an audiobook, a day-long recording). */
export class NotEnoughMemoryError extends AnalysisError {}

/**
 * Throws NotEnoughMemoryError when `seconds` of audio would need more memory than the machine has:
 * such a track would otherwise take the whole process down (the workers are threads of it).
 */
export function checkTrackFits(seconds: number, machineMB: number = machineMemoryMB()): void {
  const need = trackPeakMB(seconds);
  if (need <= machineMB) return;
  const size = (mb: number): string => (mb < 1024 ? `${mb} MB` : `${(mb / 1024).toFixed(1)} GB`);
  throw new NotEnoughMemoryError(
    `${formatDuration(seconds)} of audio needs about ${size(need)} of memory to analyse, more than the ${size(machineMB)} here: split the file, or leave it out with --exclude`,
  );
}

/**
 * checkTrackFits on the length a file's header gives, before decoding, when that length is
 * plausible for the file's size (at least 500 bytes a second; 8 kbit/s Opus has 1,000): a damaged
 * header claiming days must not refuse a song. The decoded length is checked as well.
 */
export function checkHeaderFits(durationSec: number | undefined, fileBytes: number): void {
  if (durationSec !== undefined && durationSec * 500 <= fileBytes) checkTrackFits(durationSec);
}

/** A gate for `lanes` concurrent jobs sharing `capacityMB`. */
export function createMemoryGate(lanes: number, capacityMB: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(4 * (LANES + lanes));
  Atomics.store(new Int32Array(buffer), CAPACITY, capacityMB);
  return buffer;
}

/** Takes `mb` for `lane` if it fits now (or nothing else is held); false otherwise. */
export function tryAcquire(buffer: SharedArrayBuffer, lane: number, mb: number): boolean {
  const a = new Int32Array(buffer);
  const cap = Atomics.load(a, CAPACITY);
  for (;;) {
    const used = Atomics.load(a, IN_USE);
    if (used !== 0 && used + mb > cap) return false;
    if (Atomics.compareExchange(a, IN_USE, used, used + mb) === used) {
      Atomics.store(a, LANES + lane, mb);
      return true;
    }
  }
}

/**
 * Blocks this (worker) thread until `mb` is taken for `lane`; returns the milliseconds it waited.
 * Waits in steps of at most `stepMs`, so a share given back without a wake-up is still seen.
 */
export function acquire(buffer: SharedArrayBuffer, lane: number, mb: number, stepMs = 200): number {
  const a = new Int32Array(buffer);
  const t0 = performance.now();
  for (;;) {
    if (tryAcquire(buffer, lane, mb)) return performance.now() - t0;
    Atomics.wait(a, IN_USE, Atomics.load(a, IN_USE), stepMs);
  }
}

/** Gives back what `lane` holds (nothing if it holds nothing) and wakes the waiting workers. */
export function release(buffer: SharedArrayBuffer, lane: number): void {
  const a = new Int32Array(buffer);
  const held = Atomics.exchange(a, LANES + lane, 0);
  if (held !== 0) Atomics.sub(a, IN_USE, held);
  Atomics.notify(a, IN_USE);
}

/** MB in use now, across all lanes. */
export function memoryInUseMB(buffer: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(buffer), IN_USE);
}
