import type { TrackTags } from '../audio/index.js';

export type { TrackTags };

/** One stored analysis of one file under one settings key. */
export interface StoredTrack {
  id?: number;
  /** Absolute path of the file. */
  path: string;
  /** File size in bytes at analysis time. */
  size: number;
  /** File modification time, ms since the epoch (fs.Stats.mtimeMs). */
  mtimeMs: number;
  /** Content fingerprint (fingerprintFile). */
  fingerprint: string;
  /** Fingerprint of the audio data alone (audio `audioPayloadPrint`), when the format's layout is known. */
  audioPrint?: string;
  tags: TrackTags;
  /** Decoded duration, seconds. */
  durationSec: number;
  settingsKey: string;
  featuresVersion: number;
  /** Named feature values. */
  values: Record<string, number>;
  /** Acoustic signature (dsp `audioSignature`): recognises the same recording in another encoding. Absent in analyses made before it existed. */
  signature?: Uint8Array;
  /** Per-stage timings of the analysis, ms (informational). */
  decodeMs?: number;
  featuresMs?: number;
}

/** Where an analysis failed. */
export type FailureStage = 'decode' | 'analysis' | 'library';

/** A failed analysis of one file under one settings key. */
export interface ErrorRecord {
  path: string;
  size: number;
  mtimeMs: number;
  fingerprint?: string;
  stage: FailureStage | string;
  reason: string;
  settingsKey: string;
  /**
   * The environment the failure depends on (e.g. whether ffmpeg was installed): an unchanged file
   * is analysed again only when the environment differs. Undefined: try again on every run.
   */
  retryKey?: string;
}

/** How stored analyses are reused: 'auto' checks the file, 'trust' does not look at it. */
export type LookupCheck = 'auto' | 'trust';

/** What the store knows about one path for one settings key. */
export interface Probe {
  /** A stored analysis usable as is. */
  hit?: StoredTrack;
  /**
   * How the hit was found: same path+size+mtime, same path+fingerprint, another path's fingerprint,
   * or ('retagged') the audio print of this path or of a moved one: the audio is unchanged but the
   * tags may not be, so they are to be read again and stored with `putTags`.
   */
  via?: 'stat' | 'fingerprint' | 'moved' | 'trust' | 'retagged';
  /** A stored error for the unchanged file (only when there is no hit). */
  error?: { stage: string; reason: string; retryKey?: string };
  /** The file's current size and mtime ('auto' only; undefined when the file is missing). */
  size?: number;
  mtimeMs?: number;
  /** The content fingerprint, when it had to be computed. */
  fingerprint?: string;
  /** The audio print, when it had to be computed (for a retag or a move); the analysis stores it. */
  audioPrint?: string;
  /** True when 'auto' found no file at the path. */
  missing?: boolean;
}

/** Track metadata that goes with each row of a feature matrix. */
export interface TrackMeta {
  path: string;
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  trackNumber?: number;
  durationSec: number;
}

/** All good analyses for one settings key as a dense row-major matrix with named columns. */
export interface FeatureMatrix {
  settingsKey: string;
  names: string[];
  tracks: TrackMeta[];
  rows: number;
  cols: number;
  /** Row-major values: track i, feature j is data[i * cols + j]. */
  data: Float64Array;
}

/** One stored failure, for reports. */
export interface StoredError {
  path: string;
  settingsKey: string;
  stage: string;
  reason: string;
  failedAt: string;
}
