/**
 * `mir-cluster-playlist analyze INPUT...`: analyse tracks into the feature store, in parallel,
 * resumable. `runAnalysis` is the reusable core (the `run` command calls it).
 */
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageErrorLines } from '../usage-error-line.js';
import { analyzeLibrary } from '../../analysis/index.js';
import type { AnalyzeResult, CachePolicy } from '../../analysis/index.js';
import { type DecoderChoice, ffmpegKind } from '../../audio/index.js';
import { FEATURE_SET_NAMES } from '../../features/index.js';
import type { FeatureSetName } from '../../features/index.js';
import { type PathMapping, readLibrary } from '../../library/index.js';
import type { LibraryProblem } from '../../library/index.js';
import { csvRow, FeatureStore } from '../../store/index.js';
import { count } from '../../util/text.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { DEFAULTS, excludeOption, outDirOption, pathMapOption } from '../options.js';

export interface RunAnalysisOptions {
  /** Playlists (.m3u/.m3u8/.pls/.xspf/.wpl, iTunes .xml), folders or audio files. */
  inputs: string[];
  /** Paths `--exclude` leaves out (see `excludeOption`). */
  exclude?: (absolutePath: string) => boolean;
  /** `--path-map` values (see `pathMapOption`). */
  pathMap?: PathMapping[];
  outDir: string;
  /** Feature store file; default `<outDir>/features.sqlite`. */
  db?: string;
  /** An already open store (then `db` is ignored and the store is left open). */
  store?: FeatureStore;
  set: FeatureSetName;
  concurrency?: number;
  cache: CachePolicy;
  limit?: number;
  decoder: DecoderChoice;
  sampleRate?: number;
  debug?: boolean;
  /** Progress stream (default process.stderr); null for none. */
  progress?: NodeJS.WritableStream | null;
  signal?: AbortSignal;
  /** Keep every analysis in memory in the result (default true). */
  collect?: boolean;
  /** Per-track time limit, seconds (default 1800; 0: none). */
  trackTimeoutSec?: number;
}

/** File names the built-in decoders usually open (the format itself is read from the bytes). */
const BUILT_IN_EXTENSIONS = /\.(wav|wave|mp3|mp2|flac|ogg|oga|opus)$/i;

export interface RunAnalysisResult extends AnalyzeResult {
  problems: LibraryProblem[];
  /** What `--exclude` left out of the library. */
  excluded: { files: number; folders: number };
  /** Tracks that are whole albums cut by a CUE sheet beside them or inside them (analysed whole). */
  wholeAlbums: number;
  dbPath: string;
  errorsCsv: string;
}

/** The text of errors.csv: header `path,stage,reason`, library problems first, then analysis failures. */
export function errorsCsvText(problems: readonly LibraryProblem[], failures: AnalyzeResult['failures']): string {
  let s = csvRow(['path', 'stage', 'reason']);
  for (const p of problems) s += csvRow([p.path, 'library', p.reason]);
  for (const f of failures) s += csvRow([f.path, f.stage, f.reason]);
  return s;
}

/** What the whole-album notes advise. */
const SPLIT_HINT = 'each is analysed as one track: split them into one file per song (e.g. shnsplit, or ffmpeg -ss/-to) for playlists of songs';

/**
 * Reads the library, analyses it into the store and writes `<outDir>/errors.csv` atomically;
 * returns the analysis result with the library problems and the paths written.
 */
export async function runAnalysis(o: RunAnalysisOptions): Promise<RunAnalysisResult> {
  const { tracks, problems, wholeAlbums, excluded, notes } = await readLibrary(o.inputs, { exclude: o.exclude, pathMap: o.pathMap });
  const errOut = process.stderr;
  for (const p of problems) errOut.write(`${p.path}: library failed: ${p.reason}\n`);
  for (const n of notes) errOut.write(`note: ${n}\n`);
  if (o.exclude) {
    const what = [excluded.files > 0 ? count(excluded.files, 'file') : '', excluded.folders > 0 ? count(excluded.folders, 'folder') : ''].filter((w) => w);
    errOut.write(`--exclude left out ${what.length > 0 ? what.join(' and ') : 'nothing'}\n`);
  }
  if (wholeAlbums.length > 0) {
    // Not an error (the file is analysed), but its playlists will hold albums, not songs.
    const first = wholeAlbums[0]!;
    errOut.write(
      `note: ${count(wholeAlbums.length, 'file is a whole album', 'files are whole albums')} cut into songs by a CUE sheet (e.g. ${first.path}: ${first.tracks} songs in ${basename(first.cue)}); ${SPLIT_HINT}\n`,
    );
  }
  // Said once up front rather than only per file: without any ffmpeg these files cannot decode.
  if (o.decoder === 'auto' && ffmpegKind() === 'none') {
    const needing = tracks.filter((t) => !BUILT_IN_EXTENSIONS.test(t.path)).length;
    if (needing > 0) {
      errOut.write(`note: no ffmpeg here (none on the PATH, no bundled one): ${count(needing, 'file')} of formats without a built-in decoder (M4A, WMA, tracker modules, …) will fail; install ffmpeg, or reinstall without --omit=optional\n`);
    }
  }
  const dbPath = o.store ? o.store.path : resolve(o.db ?? join(o.outDir, 'features.sqlite'));
  const store = o.store ?? FeatureStore.open(dbPath);
  try {
    const result = await analyzeLibrary(tracks, {
      store,
      set: o.set,
      concurrency: o.concurrency,
      cache: o.cache,
      limit: o.limit,
      decoder: o.decoder,
      sampleRate: o.sampleRate,
      debug: o.debug,
      progress: o.progress === null ? undefined : (o.progress ?? process.stderr),
      errors: errOut,
      signal: o.signal,
      collect: o.collect,
      trackTimeoutSec: o.trackTimeoutSec,
    });
    const errorsCsv = join(o.outDir, 'errors.csv');
    writeFileAtomic(errorsCsv, errorsCsvText(problems, result.failures));
    // Only reading a file shows a sheet inside it, so this note comes after the analysis.
    const beside = new Set(wholeAlbums.map((a) => a.path));
    const songs = store.cueSheetSongs();
    const inside = tracks.filter((t) => songs.has(t.path) && !beside.has(t.path));
    if (inside.length > 0) {
      const first = inside[0]!.path;
      errOut.write(
        `note: ${count(inside.length, 'file is a whole album', 'files are whole albums')} with a CUE sheet inside (e.g. ${first}: ${songs.get(first)} songs); ${SPLIT_HINT}\n`,
      );
    }
    return { ...result, problems, excluded, wholeAlbums: wholeAlbums.length + inside.length, dbPath, errorsCsv };
  } finally {
    if (!o.store) store.close();
  }
}

const USAGE = `usage: mir-cluster-playlist analyze INPUT... [options]

Analyse audio files (INPUT: playlists (.m3u/.m3u8/.pls/.xspf/.wpl, iTunes .xml), folders, audio
files) into the feature store.
Interrupt with Ctrl-C at any time: tracks in flight are finished and stored, the next run resumes.

options:
  --out-dir DIR              output folder: errors.csv, default store [out, or the --db folder]
  --db PATH                  feature store file [<out-dir>/features.sqlite]
  --set NAME                 feature set: ${FEATURE_SET_NAMES.join(', ')} [${DEFAULTS.set}]
  --concurrency N            worker threads [number of cores: ${availableParallelism()}]
  --extract-cache 0|1|auto   auto: reuse analyses of unchanged files; 0: re-analyse all;
                             1: reuse whatever is stored without checking the files [auto]
  --extract-limit N          analyse at most N tracks (reused analyses do not count)
  --exclude PATTERN          leave out files and folders: a name (Podcasts, *.m4b) at any depth,
                             or a path (Music/Audiobooks, ~/Music/Demos); may be repeated
  --path-map FROM=TO         playlist entries under FROM are under TO now (a library moved from
                             Windows, a Mac or another mount: 'D:\\Music=/home/u/Music'); repeatable
  --decoder auto|wasm|ffmpeg audio decoder [auto]
  --sample-rate HZ           analysis sample rate [22050]
  --track-timeout SEC        a track still running after SEC seconds fails (0: no limit) [1800]
  --json                     print the run summary as JSON on stdout
  --debug                    per-track stage timings and totals
  -h, --help                 this help
`;

class UsageError extends Error {}

function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--${name} must be a positive integer, got '${v}'`);
  return Number(v);
}

/** ` (N as before, not retried: …)` after a failure count, when stored failures were reported as they were. */
export function notRetriedNote(n: number): string {
  return n > 0 ? ` (${n} as before, not retried: unchanged files that failed in this same setup; --extract-cache 0 retries them)` : '';
}

/** `--extract-cache` value to policy: 0 → off, 1 → trust, auto → auto. */
export function cachePolicy(v: string): CachePolicy {
  if (v === '0' || v === 'off') return 'off';
  if (v === '1' || v === 'trust') return 'trust';
  if (v === 'auto') return 'auto';
  throw new UsageError(`--extract-cache must be 0, 1 or auto, got '${v}'`);
}

const ANALYZE_OPTIONS = {
  'out-dir': { type: 'string' },
  db: { type: 'string' },
  set: { type: 'string' },
  concurrency: { type: 'string' },
  'extract-cache': { type: 'string' },
  'extract-limit': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'path-map': { type: 'string', multiple: true },
  decoder: { type: 'string' },
  'sample-rate': { type: 'string' },
  'track-timeout': { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** ' (N with damaged data skipped; M read by the built-in decoder, which ffmpeg refused)', the parts that apply. */
function freshNote(damaged: number, builtIn: number): string {
  const parts = [
    ...(damaged > 0 ? [`${damaged} with damaged data skipped`] : []),
    ...(builtIn > 0 ? [`${builtIn} read by the built-in decoder, which ffmpeg refused`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** ' (N copies of files just analysed)' when some reused analyses were made earlier in this same run. */
function copiesNote(sameContent: number): string {
  return sameContent > 0 ? ` (${sameContent} ${sameContent === 1 ? 'copy of a file' : 'copies of files'} just analysed)` : '';
}

/** ' (N retagged: …)' when some reused analyses belong to files whose tags changed but not their audio. */
export function retaggedNote(retagged: number): string {
  return retagged > 0 ? ` (${retagged} retagged or recompressed: the same audio, tags read again)` : '';
}

/** The `analyze` command; exit code 0 (done, failures listed in errors.csv), 1 no tracks or fatal, 2 usage, 130 interrupted. */
export async function main(args: string[]): Promise<number> {
  let opts: RunAnalysisOptions & { json: boolean };
  try {
    const { values: v, positionals } = parseArgs({ args, allowPositionals: true, options: ANALYZE_OPTIONS });
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('no INPUT given');
    opts = {
      inputs: positionals,
      exclude: excludeOption(v),
      pathMap: pathMapOption(v),
      outDir: outDirOption(v['out-dir'], v.db === undefined ? 'out' : dirname(resolve(v.db)), ['errors.csv']),
      db: v.db,
      set: oneOf('set', v.set ?? DEFAULTS.set, FEATURE_SET_NAMES),
      concurrency: positiveInt('concurrency', v.concurrency),
      cache: cachePolicy(v['extract-cache'] ?? 'auto'),
      limit: v['extract-limit'] === '0' ? 0 : positiveInt('extract-limit', v['extract-limit']),
      decoder: oneOf('decoder', v.decoder ?? 'auto', ['auto', 'wasm', 'ffmpeg'] as const),
      sampleRate: positiveInt('sample-rate', v['sample-rate']),
      trackTimeoutSec: v['track-timeout'] === '0' ? 0 : positiveInt('track-timeout', v['track-timeout']),
      debug: v.debug === true,
      json: v.json === true,
    };
  } catch (err) {
    process.stderr.write(usageErrorLines('analyze', err, ANALYZE_OPTIONS));
    return 2;
  }

  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ac.signal.aborted) {
      process.stderr.write(`\n${sig} again: quitting now\n`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    process.stderr.write(`\n${sig}: finishing the tracks in flight, then stopping (again to quit now)\n`);
    ac.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const t0 = performance.now();
  try {
    const r = await runAnalysis({ ...opts, signal: ac.signal });
    const sec = (performance.now() - t0) / 1000;
    const summary = {
      tracks: r.total,
      analysed: r.fresh,
      reused: r.reused,
      sameContent: r.sameContent,
      retagged: r.retagged,
      printed: r.printed,
      failed: r.failures.length,
      notRetried: r.notRetried,
      damaged: r.warnings.length,
      builtInDecoded: r.builtInDecoded.length,
      skipped: r.skipped,
      problems: r.problems.length,
      excluded: r.excluded,
      wholeAlbums: r.wholeAlbums,
      interrupted: r.interrupted,
      seconds: Number(sec.toFixed(3)),
      db: r.dbPath,
      errorsCsv: r.errorsCsv,
      settingsKey: r.settingsKey,
    };
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      process.stdout.write(
        `analyze: ${count(r.total, 'track')}: ${r.fresh} analysed${freshNote(r.warnings.length, r.builtInDecoded.length)}, ${r.reused} reused${copiesNote(r.sameContent)}${retaggedNote(r.retagged)}, ${r.failures.length} failed${notRetriedNote(r.notRetried)}, ${r.skipped} not analysed` +
          `${r.interrupted ? ' (interrupted)' : ''} in ${sec.toFixed(1)} s; store ${r.dbPath}\n`,
      );
    }
    if (r.interrupted) return ac.signal.reason === 'SIGTERM' ? 143 : 130;
    if (r.total === 0) {
      process.stderr.write('mir-cluster-playlist analyze: no audio tracks found in the inputs\n');
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
