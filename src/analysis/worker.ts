/**
 * Analysis worker thread: decodes one track (audio stage), extracts its features (features stage)
 * and posts back the values (transferred, not copied), the tags and the duration. It never touches
 * the store: the main thread owns it.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { audioPayloadPrint, decodeAudio, readTags } from '../audio/index.js';
import type { DecoderChoice, TrackTags } from '../audio/index.js';
import { audioSignature } from '../dsp/index.js';
import { extractFeatures } from '../features/index.js';
import type { FeatureSetName } from '../features/index.js';
import { fingerprintFile } from '../store/index.js';
import type { AnalysisJob, AnalysisResult } from './messages.js';
import { failureOf, isPassingFailure } from './failure.js';
import { acquire, checkHeaderFits, checkTrackFits, featureMemoryMB, NotEnoughMemoryError, release } from './memory-gate.js';
import { wasmMemoryBytes } from '../util/wasm.js';

/**
 * Above this much WebAssembly memory kept after a job the worker leaves and the pool starts a fresh
 * one. The kernels keep about 160 MB after ordinary tracks; a 60-minute track leaves about 1 GB,
 * which would otherwise stay with the thread for the rest of the run. MIR_WORKER_RETIRE_MB
 * overrides the 512 MB (lower on a machine short of memory).
 */
const RETIRE_WASM_BYTES = (Number(process.env.MIR_WORKER_RETIRE_MB) || 512) * 2 ** 20;

/** A retagged file's tags, read again; its analysis stays as stored. */
async function readTagsAgain(job: AnalysisJob): Promise<{ result: AnalysisResult; transfer: ArrayBuffer[] }> {
  try {
    const st = statSync(job.path);
    const fingerprint = fingerprintFile(job.path);
    let tags: TrackTags | undefined;
    try {
      tags = await readTags(job.path);
    } catch {
      tags = undefined;
    }
    return { result: { id: job.id, ok: true, tagsOnly: true, size: st.size, mtimeMs: st.mtimeMs, fingerprint, ...(tags ? { tags } : {}) }, transfer: [] };
  } catch (err) {
    // Gone or unreadable since the probe: the caller keeps the stored analysis as it was.
    return { result: { id: job.id, ok: false, ...failureOf(err, 'decode', job.path) }, transfer: [] };
  }
}

async function analyse(job: AnalysisJob): Promise<{ result: AnalysisResult; transfer: ArrayBuffer[] }> {
  if (job.tagsOnly) return readTagsAgain(job);
  let stage = 'decode';
  let size: number | undefined;
  let mtimeMs: number | undefined;
  let fingerprint = job.fingerprint;
  try {
    // Stat before reading, so a file changed during the analysis is seen as changed next time.
    const st = statSync(job.path);
    size = st.size;
    mtimeMs = st.mtimeMs;
    fingerprint ??= fingerprintFile(job.path);
    const audioPrint = job.audioPrint ?? audioPayloadPrint(job.path);
    let t = performance.now();
    let tags: TrackTags = {};
    try {
      tags = await readTags(job.path);
    } catch {
      // Tags are optional metadata: an unreadable tag block must not lose the analysis.
    }
    const tagsMs = performance.now() - t;
    checkHeaderFits(tags.durationSec, size);
    t = performance.now();
    const audio = await decodeAudio(job.path, { decoder: job.decoder as DecoderChoice, sampleRate: job.sampleRate });
    const decodeMs = performance.now() - t;
    stage = 'analysis';
    checkTrackFits(audio.durationSec);
    const memoryWaitMs = job.gate ? acquire(job.gate.buffer, job.gate.lane, featureMemoryMB(audio.durationSec)) : 0;
    t = performance.now();
    let rec: Record<string, number>;
    try {
      rec = extractFeatures(audio.samples, audio.sampleRate, job.set as FeatureSetName).values;
    } finally {
      if (job.gate) release(job.gate.buffer, job.gate.lane);
    }
    const signature = audioSignature(audio.samples, audio.sampleRate);
    const featuresMs = performance.now() - t;
    const names = Object.keys(rec);
    const values = new Float64Array(names.length);
    for (let j = 0; j < names.length; j++) values[j] = rec[names[j]!]!;
    return {
      result: {
        id: job.id,
        ok: true,
        size,
        mtimeMs,
        fingerprint,
        // '' when the format has none: stored so, it is not looked for again (NULL = never computed).
        audioPrint: audioPrint ?? '',
        tags,
        durationSec: audio.durationSec,
        names,
        values,
        signature,
        warnings: audio.warnings,
        ...(audio.ffmpegRefused !== undefined ? { ffmpegRefused: audio.ffmpegRefused } : {}),
        decodeMs,
        featuresMs,
        tagsMs,
        memoryWaitMs,
      },
      transfer: [values.buffer as ArrayBuffer, signature.buffer as ArrayBuffer],
    };
  } catch (err) {
    const f = failureOf(err, stage, job.path);
    // Stored without an environment key, such failures are tried again on the next run.
    const keyless = err instanceof NotEnoughMemoryError || isPassingFailure(err);
    return { result: { id: job.id, ok: false, ...f, size, mtimeMs, fingerprint, ...(keyless ? { keyless } : {}) }, transfer: [] };
  }
}

const port = parentPort;
if (!port) throw new Error('analysis worker: must run in a worker thread');
port.on('message', (job: AnalysisJob | null) => {
  // null: the pool is closing; with the port closed the thread ends by itself
  if (job === null) return port.close();
  analyse(job).then(({ result, transfer }) => {
    const retire = wasmMemoryBytes() > RETIRE_WASM_BYTES;
    port.postMessage({ ...result, retire }, transfer);
    if (retire) port.close();
  });
});
