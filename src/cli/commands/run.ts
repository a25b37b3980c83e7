/**
 * The seed's interface: `mir-cluster-playlist --extract-in-playlist LIB.m3u --out-dir OUT`
 * (also `mir-cluster-playlist run INPUT... --out-dir OUT`): analyse, cluster, write everything.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageErrorLines } from '../usage-error-line.js';
import type { DecoderChoice } from '../../audio/index.js';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, excludeOption, outDirOption, parseClusterOptions, parseSet, pathMapOption, UsageError } from '../options.js';
import { resolveColumns } from '../columns.js';
import { clusterAndWrite, labelSetting, wroteLine } from '../pipeline/run-pipeline.js';
import { inheritEarlierSettings } from '../pipeline/update.js';
import { cachePolicy, notRetriedNote, retaggedNote, runAnalysis } from './analyze.js';
import { lockOutDir, unlockOutDir } from '../out-lock.js';
import { FeatureStore } from '../../store/index.js';
import { count } from '../../util/text.js';

const USAGE = `usage: mir-cluster-playlist --extract-in-playlist LIB.m3u --out-dir OUT [options]
       mir-cluster-playlist run INPUT... --out-dir OUT [options]
       mir-cluster-playlist INPUT... [options]   (the same; OUT defaults to ./out)

Analyse every track (INPUT: playlists (.m3u/.m3u8/.pls/.xspf/.wpl, iTunes .xml), folders, audio files),
cluster them by sound and write playlists/*.m3u8, clusters.csv, features.csv, metrics.csv/json,
errors.csv, plots/*.svg, report.html and the feature store features.sqlite into OUT.

analysis options:
  --extract-in-playlist PATH playlist (or folder/file) to analyse; may be repeated
  --out-dir DIR              output folder [out]
  --db PATH                  feature store [<out-dir>/features.sqlite]
  --concurrency N            worker threads for the analysis and for the clustering's
                             encodings and sweep [${availableParallelism()}]
  --extract-cache 0|1|auto   auto: reuse analyses of unchanged files; 0: re-analyse all;
                             1: reuse whatever is stored without checking the files [auto]
  --extract-limit N          analyse at most N tracks
  --exclude PATTERN          leave out files and folders: a name (Podcasts, *.m4b) at any depth,
                             or a path (Music/Audiobooks, ~/Music/Demos); may be repeated
  --path-map FROM=TO         playlist entries under FROM are under TO now (a library moved from
                             Windows, a Mac or another mount: 'D:\\Music=/home/u/Music'); repeatable
  --decoder auto|wasm|ffmpeg audio decoder [auto: the system ffmpeg when on the PATH]
  --strict                   exit non-zero when any track failed
  --debug                    per-track analysis timings, and the seconds of every
                             clustering step (each encoding, sweep, choosing k, report)
  -h, --help                 this help

${CLUSTER_USAGE}
`;

/** Options of `run` (and `demo`, which adds its own library). */
export const RUN_OPTIONS = {
  ...CLUSTER_OPTIONS,
  'extract-in-playlist': { type: 'string', multiple: true },
  'out-dir': { type: 'string' },
  db: { type: 'string' },
  concurrency: { type: 'string' },
  'extract-cache': { type: 'string' },
  'extract-limit': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'path-map': { type: 'string', multiple: true },
  decoder: { type: 'string' },
  strict: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Analyses `inputs` and clusters them into `outDir`; returns the exit code. */
export async function runPipeline(inputs: string[], values: Record<string, unknown>): Promise<number> {
  const outDir = outDirOption((values as Record<string, string | undefined>)['out-dir']);
  try {
    return await runPipelineIn(outDir, inputs, values);
  } finally {
    unlockOutDir(outDir);
  }
}

/** Takes the out folder for this run (after the options are checked, so a typo makes no folder). */
function takeOutDir(outDir: string): void {
  const stale = lockOutDir(outDir);
  if (stale) process.stderr.write(`${stale}\n`);
}

async function runPipelineIn(outDir: string, inputs: string[], values: Record<string, unknown>): Promise<number> {
  const v = values as Record<string, string | boolean | undefined>;
  const inherited = inheritEarlierSettings(v, outDir);
  if (inherited) process.stderr.write(`${inherited}\n`);
  const set = parseSet(v);
  // Every clustering option is checked now, so a typo fails before hours of analysis, not after.
  const { labels } = parseClusterOptions(v, 0);
  const posInt = (name: string): number | undefined => {
    const s = v[name];
    if (s === undefined) return undefined;
    if (typeof s !== 'string' || !/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`--${name} must be a positive integer, got '${String(s)}'`);
    return Number(s);
  };
  const decoder = (v.decoder as string | undefined) ?? 'auto';
  if (!['auto', 'wasm', 'ffmpeg'].includes(decoder)) throw new UsageError(`--decoder must be auto, wasm or ffmpeg, got '${decoder}'`);
  const exclude = excludeOption(values);
  const pathMap = pathMapOption(values);
  takeOutDir(outDir);
  // SIGINT/SIGTERM: stop dispatching, store the tracks in flight, exit 130/143; a second signal aborts.
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
    process.stderr.write('\ninterrupted: finishing the tracks in flight (Ctrl-C again to abort)\n');
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const t0 = performance.now();
  const analysis = await runAnalysis({
    inputs,
    exclude,
    pathMap,
    outDir,
    db: v.db as string | undefined,
    set,
    concurrency: posInt('concurrency'),
    cache: cachePolicy((v['extract-cache'] as string | undefined) ?? 'auto'),
    limit: posInt('extract-limit'),
    decoder: decoder as DecoderChoice,
    debug: v.debug === true,
    signal: controller.signal,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  log(
    `analysed ${count(analysis.analysed.length, 'track')} (${analysis.reused - analysis.sameContent} from the store${retaggedNote(analysis.retagged)}, ${analysis.fresh} new, ${analysis.sameContent > 0 ? `${analysis.sameContent} the same content as another file, ` : ''}${analysis.failures.length + analysis.problems.length} failed${notRetriedNote(analysis.notRetried)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (analysis.interrupted) {
    log('interrupted: analyses so far are stored; run the same command again to resume');
    return controller.signal.reason === 'SIGTERM' ? 143 : 130;
  }
  const errors = [
    ...analysis.problems.map((p) => ({ path: p.path, stage: 'library', reason: p.reason })),
    ...analysis.failures,
  ];
  if (analysis.analysed.length === 0) {
    log('no track could be used: nothing to cluster (see errors.csv)');
    return 1;
  }
  const co = parseClusterOptions(v, analysis.analysed.length, labels);
  const columns = resolveColumns(set, co.featuresSpec);
  // The store also keeps the autoencoder and UMAP codes, so a rerun does not train them again.
  const encodings = co.storedEncodings ? FeatureStore.open(analysis.dbPath) : undefined;
  let summary: Awaited<ReturnType<typeof clusterAndWrite>>;
  try {
    summary = await clusterAndWrite(
      analysis.analysed,
      errors,
      {
        ...co,
        encodings,
        outDir,
        columns,
        debug: v.debug === true,
        concurrency: posInt('concurrency') ?? availableParallelism(),
        title: `mir-cluster-playlist: ${reportTitleInputs(inputs).map((i) => (i.startsWith('(') ? i : basename(resolve(i)) || i)).join(', ')}`,
        settings: {
          inputs: inputs.join(', '),
          set,
          features: co.featuresSpec,
          method: co.method,
          space: co.space,
          linkage: co.linkage,
          clusters: co.clusters ?? (co.playlistSize !== undefined ? `tracks / ${co.playlistSize}` : 'auto'),
          seed: co.seed,
          genreBias: co.genreBias,
          labels: labelSetting(co.labels.source),
          epochLimit: co.epochLimit,
          decoder,
        },
      },
      log,
    );
  } finally {
    encodings?.close();
  }
  for (const p of summary.playlists) log(`  ${p.file} (${count(p.tracks, 'track')})`);
  log(wroteLine(summary.playlists.length, co.report, outDir));
  const failed = errors.length + summary.dropped.length;
  return v.strict === true && failed > 0 ? 1 : 0;
}

/** The `run` command (and the seed's flat interface). */
export async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof RUN_OPTIONS; allowPositionals: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args, options: RUN_OPTIONS, allowPositionals: true });
  } catch (err) {
    process.stderr.write(usageErrorLines('', err, RUN_OPTIONS));
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const inputs = [...(parsed.values['extract-in-playlist'] ?? []), ...parsed.positionals];
  if (inputs.length === 0) {
    process.stderr.write(`mir-cluster-playlist: no input: give --extract-in-playlist LIB.m3u (or folders/files)\n${USAGE}`);
    return 2;
  }
  try {
    return await runPipeline(inputs, parsed.values);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mir-cluster-playlist: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** The inputs the report's title names: a missing one is in errors.csv, not in the library. */
function reportTitleInputs(inputs: string[]): string[] {
  // `run <(find …)` passes /dev/fd/63, gone once read: its number means nothing to a reader
  const named = inputs.map((i) => (i === '-' ? '(stdin)' : /^\/(dev|proc\/self)\/fd\/\d+$/.test(i) ? '(pipe)' : i));
  const there = named.filter((i) => i === '(stdin)' || i === '(pipe)' || existsSync(i));
  return there.length > 0 ? there : named;
}
