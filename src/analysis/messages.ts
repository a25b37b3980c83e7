import type { TrackTags } from '../store/index.js';

/** One track for a worker to analyse. */
export interface AnalysisJob {
  id: number;
  path: string;
  set: string;
  decoder: string;
  sampleRate: number;
  /** Known already (from the store probe); the worker computes it otherwise. */
  fingerprint?: string;
  /** The audio print, when the store probe computed it. */
  audioPrint?: string;
  /** Only read the tags again: a retagged file whose stored analysis stays (see TagsRead). */
  tagsOnly?: boolean;
  /** The shared memory budget (see memory-gate.ts) and this job's lane in it. */
  gate?: { buffer: SharedArrayBuffer; lane: number };
}

/** A finished analysis; `values` is transferred, in the order of `names`. */
export interface AnalysisSuccess {
  id: number;
  ok: true;
  size: number;
  mtimeMs: number;
  fingerprint: string;
  /** The audio print (audio `audioPayloadPrint`); '' when the format's layout is not known. */
  audioPrint: string;
  tags: TrackTags;
  durationSec: number;
  names: string[];
  values: Float64Array;
  /** Acoustic signature (dsp `audioSignature`), transferred. */
  signature: Uint8Array;
  /** The decoder's non-fatal complaints (damaged frames skipped), empty for a clean file. */
  warnings: string[];
  /** Why ffmpeg refused the file that the built-in decoder then read (audio `DecodedAudio`). */
  ffmpegRefused?: string;
  /** Wall time of each stage in the worker, ms. */
  decodeMs: number;
  featuresMs: number;
  tagsMs: number;
  /** How long the feature stage waited for memory that other tracks held, ms. */
  memoryWaitMs: number;
  /** The worker is leaving after this job, to give back the memory a long track made it keep. */
  retire?: boolean;
}

/** A failed analysis: the stage that failed and why, plus what is known of the file. */
export interface AnalysisFailure {
  id: number;
  ok: false;
  stage: string;
  reason: string;
  size?: number;
  mtimeMs?: number;
  fingerprint?: string;
  retire?: boolean;
  /** The failure depends on the machine, not on the file or the decoders (too long for its memory): stored without an environment key, so tried again on every run. */
  keyless?: boolean;
}

/** The tags of a retagged file, read again (a `tagsOnly` job); undefined when they could not be read. */
export interface TagsRead {
  id: number;
  ok: true;
  tagsOnly: true;
  size: number;
  mtimeMs: number;
  fingerprint: string;
  tags?: TrackTags;
  retire?: boolean;
}

export type AnalysisResult = AnalysisSuccess | AnalysisFailure | TagsRead;
