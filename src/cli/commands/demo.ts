/**
 * `mir-cluster-playlist demo [--out-dir out]`: synthesises a deterministic demo library (no real
 * music can ship in the package) into OUT/demo-library and runs the whole pipeline on it.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { usageErrorLines } from '../usage-error-line.js';
import { synthesizeDemoLibrary } from '../../demo/index.js';
import { CLUSTER_USAGE, outDirOption, UsageError } from '../options.js';
import { RUN_OPTIONS, runPipeline } from './run.js';

const USAGE = `usage: mir-cluster-playlist demo [--out-dir OUT] [--tracks-per-style N] [--duration S] [run options]

Writes a synthetic library of ${'>'}= 40 tracks (drum loops, ambient pads, plucked melodies, noise rock,
chiptune; WAV, FLAC and MP3 files with genre tags, plus demo.m3u) into OUT/demo-library, then runs
the full pipeline on it: playlists, CSVs, metrics, plots and report.html in OUT.

  --out-dir DIR              output folder [out]
  --tracks-per-style N       tracks of each style [10]
  --duration S               seconds per track [30]
  --demo-seed N              seed of the synthesis [1]
(plus every option of 'mir-cluster-playlist run -h')

${CLUSTER_USAGE}
`;

const OPTIONS = {
  ...RUN_OPTIONS,
  'tracks-per-style': { type: 'string' },
  duration: { type: 'string' },
  'demo-seed': { type: 'string' },
} as const;

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: false });
}

/** The `demo` command. */
export async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    process.stderr.write(usageErrorLines('demo', err, OPTIONS));
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const outDir = outDirOption(v['out-dir']);
    const libDir = join(outDir, 'demo-library');
    const t0 = performance.now();
    const lib = await synthesizeDemoLibrary(libDir, {
      tracksPerStyle: v['tracks-per-style'] === undefined ? undefined : Number(v['tracks-per-style']),
      durationSec: v.duration === undefined ? undefined : Number(v.duration),
      seed: v['demo-seed'] === undefined ? undefined : Number(v['demo-seed']),
    });
    process.stderr.write(`demo: wrote ${lib.tracks.length} tracks to ${libDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return await runPipeline([lib.m3uPath], { ...v, 'out-dir': outDir });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mir-cluster-playlist demo: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
