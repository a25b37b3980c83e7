/**
 * `mir-cluster-playlist features FILE... [--set blog|readme|full] [--json|--csv] [--frames]`:
 * every named feature value of each file, as librosa users would compute them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isFolder, isPipe } from '../input-kind.js';
import { usageErrorLines } from '../usage-error-line.js';
import { analyzeLibrary, checkTrackFits, decodeNoteLine, failureLine, failureOf } from '../../analysis/index.js';
import { type DecoderChoice, decodeAudio } from '../../audio/index.js';
import { DEFAULT_FEATURE_SET, extractFeatures, FEATURES_VERSION, type FeatureSetName, featureNames, isFeatureSetName } from '../../features/index.js';
import { isPlaylistFileName, readLibrary } from '../../library/index.js';
import { csvRow, FeatureStore } from '../../store/index.js';

const USAGE = `usage: mir-cluster-playlist features FILE... [options]

Decode each audio file (mono, 22,050 Hz) and print its named feature values. A folder, a
playlist, - (a playlist or paths on standard input) or a pipe (<(find …)) stands for its tracks (for a large library, 'analyze' and 'export' keep the values).

  --set blog|readme|full     feature set [full]
  --json                     JSON: [{ "path", "set", "featuresVersion", "values": { NAME: number } }]
  --csv                      CSV: one row per file, one column per value
  --frames                   with --json: add "frames": { SERIES: [numbers per frame] }
  --names                    print the value names of the set and exit
  --decoder auto|wasm|ffmpeg audio decoder [auto]
  --concurrency N            files analysed at once, in worker threads [number of cores: ${availableParallelism()}]
  -h, --help                 this help
Without --json/--csv: one "NAME<TAB>VALUE" line per value, files separated by a "# PATH" line.
`;

const OPTIONS = {
  set: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  frames: { type: 'boolean' },
  names: { type: 'boolean' },
  decoder: { type: 'string' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true });
}


/** The `features` command; exit code 0 when every file was analysed, 1 when some failed, 2 usage. */
export async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    process.stderr.write(usageErrorLines('features', err, OPTIONS));
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const set = v.set ?? DEFAULT_FEATURE_SET;
  if (!isFeatureSetName(set)) {
    process.stderr.write(`mir-cluster-playlist features: --set must be blog, readme or full, got '${set}'\n`);
    return 2;
  }
  const names = featureNames(set);
  if (v.names) {
    process.stdout.write(`${names.join('\n')}\n`);
    return 0;
  }
  const decoder = (v.decoder ?? 'auto') as DecoderChoice;
  if (!['auto', 'wasm', 'ffmpeg'].includes(decoder)) {
    process.stderr.write(`mir-cluster-playlist features: --decoder must be auto, wasm or ffmpeg\n`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`mir-cluster-playlist features: no FILE given\n${USAGE}`);
    return 2;
  }
  const out = process.stdout;
  const json: unknown[] = [];
  let failed = 0;
  // Folders, playlists, `-` and pipes stand for their tracks; a file is printed as it was named.
  const paths: string[] = [];
  for (const p of parsed.positionals) {
    if (!isFolder(p) && !isPlaylistFileName(p) && p !== '-' && !isPipe(p)) {
      paths.push(p);
      continue;
    }
    const lib = await readLibrary([p]);
    for (const problem of lib.problems) {
      failed++;
      process.stderr.write(`${problem.path}: library failed: ${problem.reason}\n`);
    }
    paths.push(...lib.tracks.map((t) => t.path));
  }
  if (v.csv) out.write(csvRow(['path', ...names]));
  const emit = (path: string, values: Record<string, number>, frames?: Record<string, ArrayLike<number>>): void => {
    if (v.json) {
      const rec: Record<string, unknown> = { path, set, featuresVersion: FEATURES_VERSION, values };
      if (frames) rec.frames = Object.fromEntries(Object.entries(frames).map(([k, a]) => [k, Array.from(a)]));
      json.push(rec);
    } else if (v.csv) {
      out.write(csvRow([path, ...names.map((n) => String(values[n]))]));
    } else {
      out.write(`# ${path}\n`);
      for (const n of names) out.write(`${n}\t${values[n]}\n`);
    }
  };
  const concurrency = v.concurrency === undefined ? availableParallelism() : Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(`mir-cluster-playlist features: --concurrency must be a positive integer, got '${v.concurrency}'\n`);
    return 2;
  }
  if (paths.length > 1 && concurrency > 1 && !v.frames) {
    const r = await inWorkers(paths, set, decoder, concurrency);
    for (const path of paths) {
      const values = r.values.get(resolve(path));
      if (values) emit(path, values);
    }
    failed += r.failed;
  } else {
    for (const path of paths) {
      try {
        const audio = await decodeAudio(path, { decoder });
        const note = decodeNoteLine(path, audio.warnings, audio.ffmpegRefused);
        if (note !== undefined) process.stderr.write(`${note}\n`);
        checkTrackFits(audio.durationSec);
        const r = extractFeatures(audio.samples, audio.sampleRate, set, { frames: v.frames === true });
        emit(path, r.values, r.frames);
      } catch (err) {
        failed++;
        const f = failureOf(err, 'analysis', path);
        process.stderr.write(`${failureLine(path, f.stage, f.reason)}\n`);
      }
    }
  }
  if (v.json) out.write(`${JSON.stringify(json, null, 1)}\n`);
  return failed > 0 ? 1 : 0;
}

/**
 * Each file's values, analysed by the worker pool exactly as `analyze` analyses a library track,
 * by absolute path. They pass through a throw-away store (the pool's results go to a store), which
 * is deleted afterwards; failures are printed as `analyze` prints them.
 */
async function inWorkers(
  paths: readonly string[],
  set: FeatureSetName,
  decoder: DecoderChoice,
  concurrency: number,
): Promise<{ values: Map<string, Record<string, number>>; failed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-features-'));
  const store = FeatureStore.open(join(dir, 'features.sqlite'));
  try {
    const r = await analyzeLibrary(
      paths.map((p) => ({ path: resolve(p), entry: p })),
      { store, set, concurrency, cache: 'off', decoder, progress: process.stderr.isTTY ? process.stderr : undefined, errors: process.stderr },
    );
    return { values: new Map(r.analysed.map((t) => [t.path, t.values])), failed: r.failures.length };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
