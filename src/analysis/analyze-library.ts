import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { audioPayloadPrint, type DecoderChoice, ffmpegKind } from '../audio/index.js';
import { FEATURES_VERSION } from '../features/index.js';
import type { FeatureSetName } from '../features/index.js';
import type { TrackRef } from '../library/index.js';
import { settingsKey } from '../store/index.js';
import type { FeatureStore, StoredTrack, TrackTags } from '../store/index.js';
import { decodeNoteLine, failureLine, isPassingReason } from './failure.js';
import type { AnalysisJob, AnalysisResult } from './messages.js';
import { createMemoryGate, defaultCapacityMB, release } from './memory-gate.js';
import { WorkerPool } from '../util/worker-pool.js';
import { Progress } from './progress.js';

// Fingerprint checks done in one go before the dispatcher yields to the event loop.
const CHECKS_PER_TURN = 64;
// Only a hung decoder or extractor gets near this: a 3-hour recording takes minutes.
const DEFAULT_TRACK_TIMEOUT_SEC = 1800;
// This many worker crashes in a row, before any track succeeded, abort the run.
const MAX_CONSECUTIVE_CRASHES = 3;
// Audio prints read per run for tracks analysed before them: about 20 s on an SSD, a few minutes
// on a disk that seeks, so a large library gets them over a few nightly runs.
const PRINTS_PER_RUN = 10_000;
// Prints stored per transaction, between which a Ctrl-C is seen.
const PRINT_BATCH = 200;

/** Cache policy: 'auto' reuses unchanged files, 'off' re-analyses all, 'trust' reuses without checking files. */
export type CachePolicy = 'auto' | 'off' | 'trust';

export interface AnalyzeOptions {
  store: FeatureStore;
  set: FeatureSetName;
  /** Worker threads; default os.availableParallelism(). */
  concurrency?: number;
  cache: CachePolicy;
  /** Analyse (decode + extract) at most this many tracks; stored analyses reused do not count. */
  limit?: number;
  decoder: DecoderChoice;
  /** Analysis sample rate, Hz (default 22050, librosa's). */
  sampleRate?: number;
  /** Adds per-track stage timings and totals. */
  debug?: boolean;
  /** Where the progress bar or lines go (none when undefined). */
  progress?: NodeJS.WritableStream;
  /** Plain-mode progress: a line every this many tracks. */
  progressEvery?: number;
  /** Where failure lines `<path>: <stage> failed: <reason>` go (default process.stderr). */
  errors?: NodeJS.WritableStream;
  /** Aborting stops dispatching; tracks in flight finish and are stored. */
  signal?: AbortSignal;
  /** Return the good analyses (default true); false saves memory on huge libraries (read them from the store). */
  collect?: boolean;
  /** A track still in analysis after this many seconds fails and its worker is stopped (default 1800; 0: no limit). */
  trackTimeoutSec?: number;
}

export interface AnalysisFailureRecord {
  path: string;
  stage: string;
  reason: string;
}

/** A track analysed despite the decoder's complaints (e.g. damaged frames skipped). */
export interface AnalysisWarningRecord {
  path: string;
  warnings: string[];
}

/** Per-stage timing totals, ms. */
export interface AnalysisTimings {
  wallMs: number;
  checkMs: number;
  decodeMs: number;
  featuresMs: number;
  tagsMs: number;
  storeMs: number;
}

export interface AnalyzeResult {
  /** Every track with features under these settings (reused and new), in input order. */
  analysed: StoredTrack[];
  failures: AnalysisFailureRecord[];
  /** Tracks of this run that decoded with complaints (also printed as `<path>: decoded with damage: …`). */
  warnings: AnalysisWarningRecord[];
  /** Tracks of this run that ffmpeg refused and the built-in decoder read (also printed), with ffmpeg's reason. */
  builtInDecoded: { path: string; ffmpegSaid: string }[];
  /** Tracks whose stored analysis was reused. */
  reused: number;
  /** Of `reused`, tracks whose content is that of another file analysed earlier in this same run (copies). */
  sameContent: number;
  /** Of `reused`, files whose tags changed but whose audio did not: only the tags were read again. */
  retagged: number;
  /** Unchanged tracks analysed before audio prints whose print was read in this run (see PRINTS_PER_RUN). */
  printed: number;
  /** Tracks decoded and analysed in this run (successfully). */
  fresh: number;
  /** Tracks left without analysis because of the limit or an interruption. */
  skipped: number;
  /**
   * Failures reported from the store without trying again: in 'trust', every stored failure; in
   * 'auto', those of unchanged files whose environment (see `retryKey`) is still the same.
   */
  notRetried: number;
  /** True when the signal stopped the run early. */
  interrupted: boolean;
  settingsKey: string;
  /** Number of tracks considered. */
  total: number;
  timings: AnalysisTimings;
}

/** The tags the store keeps (the container's duration is not kept: the decoded one is). */
function storedTags(t: TrackTags): TrackTags {
  const out: TrackTags = {};
  if (t.title !== undefined) out.title = t.title;
  if (t.artist !== undefined) out.artist = t.artist;
  if (t.album !== undefined) out.album = t.album;
  if (t.genre !== undefined) out.genre = t.genre;
  if (t.trackNumber !== undefined && Number.isFinite(t.trackNumber)) out.trackNumber = Math.trunc(t.trackNumber);
  if (t.cueSongs !== undefined) out.cueSongs = t.cueSongs;
  return out;
}

/** The settings key an analysis with these options stores under. */
export function analysisSettingsKey(set: FeatureSetName, decoder: DecoderChoice, sampleRate = 22050): string {
  return settingsKey({ set, featuresVersion: FEATURES_VERSION, sampleRate, decoder });
}

/**
 * Analyses `tracks` into the store: stored analyses are reused per the cache policy, the rest are
 * decoded and analysed in worker threads, and every result (or failure) is written to the store
 * as soon as it arrives, so an interrupted run loses at most the tracks in flight.
 */
export async function analyzeLibrary(tracks: readonly TrackRef[], opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const t0 = performance.now();
  const sampleRate = opts.sampleRate ?? 22050;
  const key = analysisSettingsKey(opts.set, opts.decoder, sampleRate);
  const store = opts.store;
  const collect = opts.collect !== false;
  const errOut = opts.errors ?? process.stderr;
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? availableParallelism()));
  const timeoutMs = Math.max(0, (opts.trackTimeoutSec ?? DEFAULT_TRACK_TIMEOUT_SEC) * 1000);
  const results: (StoredTrack | undefined)[] = new Array(tracks.length);
  const failures: AnalysisFailureRecord[] = [];
  const warnings: AnalysisWarningRecord[] = [];
  const builtInDecoded: AnalyzeResult['builtInDecoded'] = [];
  const timings: AnalysisTimings = { wallMs: 0, checkMs: 0, decodeMs: 0, featuresMs: 0, tagsMs: 0, storeMs: 0 };
  let reused = 0;
  let sameContent = 0;
  // Retagged files (the audio print unchanged) whose tags a worker is reading again, and how many.
  const retaggedHits = new Map<number, StoredTrack>();
  let retagged = 0;
  // Content analysed in this run: a later copy of it is reused, but is not "from the store" to the user.
  const freshPrints = new Set<string>();
  let fresh = 0;

  // What a stored failure depends on besides the file: which decoders there are. A failure is
  // tried again once ffmpeg (system or bundled) has been installed or removed. Time-outs and
  // crashed workers are stored without a key, so they are always tried again, as are failures the
  // file system or the machine caused (permission denied, an I/O error: see isPassingFailure).
  let envKey: string | undefined;
  const retryKey = (): string => (envKey ??= ffmpegRetryKey());

  // Pass 1, cheap: a stat per file (nothing in 'trust', nothing in 'off').
  const pending: number[] = [];
  // Unchanged files found by their stat: those analysed before audio prints get theirs (below).
  const statHits: { path: string; size: number; mtimeMs: number }[] = [];
  const storedFailures: AnalysisFailureRecord[] = [];
  for (let i = 0; i < tracks.length; i++) {
    if (opts.cache === 'off') {
      pending.push(i);
      continue;
    }
    const p = store.probe(tracks[i]!.path, key, opts.cache === 'trust' ? 'trust' : 'auto', { deep: false });
    if (p.hit) {
      reused++;
      if (collect) results[i] = p.hit;
      if (p.size !== undefined && p.mtimeMs !== undefined) statHits.push({ path: tracks[i]!.path, size: p.size, mtimeMs: p.mtimeMs });
    } else if (
      p.error &&
      (opts.cache === 'trust' ||
        // Failures the machine caused are stored without a key; older stores hold them with one.
        (p.error.retryKey !== undefined && p.error.retryKey === retryKey() && !isPassingReason(p.error.reason)))
    ) {
      // An unchanged file that failed in this same environment fails again: report it, do not
      // decode it again (a broken file per hundred used to cost every rerun ~50 ms each).
      storedFailures.push({ path: tracks[i]!.path, stage: p.error.stage, reason: p.error.reason });
    } else {
      pending.push(i);
    }
  }
  timings.checkMs += performance.now() - t0;

  const total = Math.min(pending.length, limit);
  const progress = opts.progress ? new Progress(opts.progress, total, { every: opts.progressEvery }) : undefined;
  const say = (line: string): void => {
    if (progress && opts.progress === errOut) progress.note(line);
    else errOut.write(`${line}\n`);
  };
  const fail = (path: string, stage: string, reason: string): void => {
    failures.push({ path, stage, reason });
    say(failureLine(path, stage, reason));
  };
  // 'trust' reports stored failures as they are, without retrying the file.
  for (const f of storedFailures) fail(f.path, f.stage, f.reason);

  const pool = new WorkerPool<AnalysisJob, AnalysisResult>(new URL('./worker.js', import.meta.url), concurrency, {
    retires: (r) => r.retire === true,
  });
  // Long tracks take memory in proportion to their length: the workers share one budget for it.
  const gate = createMemoryGate(concurrency, defaultCapacityMB());
  const freeLanes = Array.from({ length: concurrency }, (_, lane) => concurrency - 1 - lane);
  let next = 0;
  let started = 0;
  let inFlight = 0;
  let interrupted = false;
  let fatal: unknown;
  let lateHits = 0;
  let crashes = 0;
  let wake: (() => void) | undefined;
  const onAbort = (): void => {
    interrupted = true;
    wake?.();
  };
  if (opts.signal?.aborted) interrupted = true;
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const handle = (i: number, r: AnalysisResult): void => {
    const path = tracks[i]!.path;
    const ts = performance.now();
    const kept = retaggedHits.get(i);
    if (kept && !r.ok) {
      // The tags could not be read again (the file went meanwhile): the stored analysis stands as it was.
      retaggedHits.delete(i);
      reused++;
      if (collect) results[i] = kept;
    } else if (r.ok && 'tagsOnly' in r) {
      // A retagged file: its analysis stays; the row takes the new tags (the old ones when the
      // new cannot be read) with the file's new size, mtime and fingerprint.
      const hit = kept!;
      retaggedHits.delete(i);
      const tags = r.tags ? storedTags(r.tags) : hit.tags;
      store.putTags({ path, size: r.size, mtimeMs: r.mtimeMs, fingerprint: r.fingerprint, tags });
      reused++;
      retagged++;
      if (collect) results[i] = { ...hit, path, size: r.size, mtimeMs: r.mtimeMs, fingerprint: r.fingerprint, tags };
    } else if (r.ok) {
      const rec: Omit<StoredTrack, 'values'> = {
        path,
        size: r.size,
        mtimeMs: r.mtimeMs,
        fingerprint: r.fingerprint,
        audioPrint: r.audioPrint,
        tags: storedTags(r.tags),
        durationSec: r.durationSec,
        settingsKey: key,
        featuresVersion: FEATURES_VERSION,
        decodeMs: r.decodeMs,
        featuresMs: r.featuresMs,
        signature: r.signature,
      };
      store.putValues(rec, r.names, r.values);
      fresh++;
      freshPrints.add(r.fingerprint);
      if (r.warnings.length > 0) warnings.push({ path, warnings: r.warnings });
      if (r.ffmpegRefused !== undefined) builtInDecoded.push({ path, ffmpegSaid: r.ffmpegRefused });
      const note = decodeNoteLine(path, r.warnings, r.ffmpegRefused);
      if (note !== undefined) say(note);
      timings.decodeMs += r.decodeMs;
      timings.featuresMs += r.featuresMs;
      timings.tagsMs += r.tagsMs;
      if (collect) {
        const values: Record<string, number> = {};
        for (let j = 0; j < r.names.length; j++) values[r.names[j]!] = r.values[j]!;
        results[i] = { ...rec, values };
      }
      if (opts.debug) {
        say(
          `debug: ${path}: tags ${r.tagsMs.toFixed(1)} ms, decode ${r.decodeMs.toFixed(1)} ms, features ${r.featuresMs.toFixed(1)} ms, ${r.durationSec.toFixed(1)} s audio${r.memoryWaitMs >= 1 ? `; waited ${r.memoryWaitMs.toFixed(0)} ms for memory other tracks held` : ''}${r.retire ? '; its worker is replaced, giving back the memory the track needed' : ''}`,
        );
      }
    } else if (interrupted) {
      // A failure after an interrupt may be the interrupt itself (e.g. a decoder child killed by
      // the terminal's SIGINT): not recorded, the track is simply retried next time.
      return;
    } else {
      if (r.size !== undefined && r.mtimeMs !== undefined) {
        store.putError({
          path,
          size: r.size,
          mtimeMs: r.mtimeMs,
          fingerprint: r.fingerprint,
          stage: r.stage,
          reason: r.reason,
          settingsKey: key,
          ...(r.keyless ? {} : { retryKey: retryKey() }),
        });
      }
      fail(path, r.stage, r.reason);
    }
    timings.storeMs += performance.now() - ts;
  };

  try {
    await new Promise<void>((resolveAll) => {
      let yielded = false;
      const dispatch = (): void => {
        let checked = 0;
        while (!interrupted && inFlight < concurrency && next < pending.length && started < limit) {
          if (++checked > CHECKS_PER_TURN) {
            // Many files found in the store by fingerprint in a row (a moved library): give the
            // event loop a turn so results are stored and signals are handled meanwhile.
            if (!yielded) {
              yielded = true;
              setImmediate(() => {
                yielded = false;
                dispatch();
              });
            }
            return;
          }
          const i = pending[next++]!;
          const path = tracks[i]!.path;
          let fingerprint: string | undefined;
          let audioPrint: string | undefined;
          let tagsOnly = false;
          if (opts.cache === 'auto') {
            // Pass 2, only for files whose stat changed or that are new: fingerprint match
            // (touched, moved, renamed or copied files reuse their analysis).
            const tc = performance.now();
            let p: ReturnType<FeatureStore['probe']> | undefined;
            try {
              p = store.probe(path, key, 'auto');
            } catch {
              p = undefined; // unreadable: the worker reports why
            }
            timings.checkMs += performance.now() - tc;
            if (p?.hit && p.via === 'retagged') {
              // Only the tags changed: a worker reads them again (no decoding); see handle.
              retaggedHits.set(i, p.hit);
              tagsOnly = true;
            } else if (p?.hit) {
              reused++;
              if (freshPrints.has(p.hit.fingerprint)) sameContent++;
              if (collect) results[i] = p.hit;
              lateHits++;
              progress?.setTotal(Math.min(pending.length - lateHits, limit));
              continue;
            }
            fingerprint = p?.fingerprint;
            audioPrint = p?.audioPrint;
          }
          if (!tagsOnly) started++;
          inFlight++;
          const lane = freeLanes.pop()!;
          const job: AnalysisJob = {
            id: i,
            path,
            set: opts.set,
            decoder: opts.decoder,
            sampleRate,
            fingerprint,
            ...(audioPrint ? { audioPrint } : {}),
            ...(tagsOnly ? { tagsOnly } : {}),
            gate: { buffer: gate, lane },
          };
          pool.run(job, [], timeoutMs).then(
            (r) => {
              crashes = 0;
              handle(i, r);
            },
            (err: Error) => {
              // The worker died (or was stopped) holding its share of the budget: give it back.
              release(gate, lane);
              if (interrupted) return;
              if (tagsOnly) {
                handle(i, { id: i, ok: false, stage: 'decode', reason: err.message });
                return;
              }
              // A worker died on this track (e.g. out of memory): record it like any failure.
              if (++crashes >= MAX_CONSECUTIVE_CRASHES && fresh === 0) {
                // Nothing has worked yet: the workers themselves are broken, not the tracks.
                interrupted = true;
                fatal = new Error(`analysis workers keep failing (${crashes} in a row): ${err.message}`);
                return;
              }
              const st = statSync(path, { throwIfNoEntry: false });
              if (st) store.putError({ path, size: st.size, mtimeMs: st.mtimeMs, stage: 'analysis', reason: err.message, settingsKey: key });
              fail(path, 'analysis', err.message);
            },
          ).then(
            () => {
              inFlight--;
              freeLanes.push(lane);
              progress?.tick();
              dispatch();
            },
            (err: unknown) => {
              // A store write failed: stop dispatching, let the tracks in flight end, then throw.
              inFlight--;
              freeLanes.push(lane);
              interrupted = true;
              fatal = err;
              dispatch();
            },
          );
        }
        if (inFlight === 0 && (interrupted || next >= pending.length || started >= limit)) resolveAll();
      };
      wake = dispatch;
      dispatch();
    });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    progress?.finish();
    await pool.close();
  }
  if (fatal !== undefined) throw fatal;

  // Tracks analysed before store schema 8 have no audio print, so a retag would analyse them
  // again. Unchanged ones get theirs now, at most PRINTS_PER_RUN a run (about 200 KiB read each).
  let printed = 0;
  if (opts.cache === 'auto' && !interrupted && statHits.length > 0) {
    const without = store.pathsWithoutPrint(key);
    const todo = without.size === 0 ? [] : statHits.filter((h) => without.has(h.path)).slice(0, PRINTS_PER_RUN);
    if (todo.length > 0) {
      say(
        `note: reading the audio print of ${todo.length} of ${without.size} tracks analysed before audio prints (${PRINTS_PER_RUN} a run at most), so that retagging them later keeps their analyses`,
      );
      for (let j = 0; j < todo.length; j += PRINT_BATCH) {
        // A Ctrl-C stops here, between batches, like an analysis.
        if (opts.signal?.aborted) {
          interrupted = true;
          break;
        }
        const batch = todo.slice(j, j + PRINT_BATCH).map((h) => ({ ...h, audioPrint: audioPayloadPrint(h.path) ?? '' }));
        store.putAudioPrints(batch);
        printed += batch.length;
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  const analysed = collect ? (results.filter((r) => r !== undefined) as StoredTrack[]) : [];
  timings.wallMs = performance.now() - t0;
  if (opts.debug) {
    say(
      `debug: totals: wall ${timings.wallMs.toFixed(0)} ms, cache check ${timings.checkMs.toFixed(0)} ms, tags ${timings.tagsMs.toFixed(0)} ms, decode ${timings.decodeMs.toFixed(0)} ms, features ${timings.featuresMs.toFixed(0)} ms (summed over workers), store ${timings.storeMs.toFixed(0)} ms; ${pool.spawned} worker threads started`,
    );
  }
  const done = reused + fresh + failures.length;
  return {
    analysed,
    failures,
    warnings,
    builtInDecoded,
    reused,
    sameContent,
    retagged,
    printed,
    fresh,
    skipped: Math.max(0, tracks.length - done),
    notRetried: storedFailures.length,
    interrupted: interrupted && opts.signal?.aborted === true,
    settingsKey: key,
    total: tracks.length,
    timings,
  };
}

/**
 * Bumped when a release decodes files that earlier ones could not, so that their stored failures
 * are tried once more. 2: the built-in decoders step in for files ffmpeg refuses.
 */
const DECODING_RULES = 2;

/**
 * The environment a failure happened in: 'ffmpeg=yes' / 'ffmpeg=no' / 'ffmpeg=bundled' (which
 * ffmpeg decoded), then the decoding rules (earlier releases stored the first part alone).
 */
function ffmpegRetryKey(): string {
  const kind = ffmpegKind();
  return `ffmpeg=${kind === 'system' ? 'yes' : kind === 'bundled' ? 'bundled' : 'no'};rules=${DECODING_RULES}`;
}
