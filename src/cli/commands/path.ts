/**
 * `mir-cluster-playlist path A [C...] B [options]`: a playlist whose sound moves gradually from
 * track A to track B (through waypoints C, …), computed from the feature store alone.
 */
import { parseArgs } from 'node:util';
import { usageErrorLines } from '../usage-error-line.js';
import { distancesToRow, type Metric, path } from '../../playlists/index.js';
import { emit, intOption, metricOption, openSearch, SEARCH_OPTIONS, SEARCH_USAGE, UsageError } from './similar.js';
import { errorText } from '../error-text.js';

const USAGE = `usage: mir-cluster-playlist path A [C...] B [options]

A playlist that starts at track A, ends at track B and passes through the waypoints C in order:
each step takes the nearest unused track to a point that moves evenly from one waypoint to the
next, and the tracks so chosen play in the order they lie along the way, so the sound changes
gradually. No recording appears twice (copies under two paths, or in another encoding, count
once).

options:
  --steps N                  tracks in the playlist, waypoints included [20]
${SEARCH_USAGE}
`;

const PATH_OPTIONS = { ...SEARCH_OPTIONS, steps: { type: 'string' } } as const;

/** The `path` command; exit code 0, 1 (store or track name problem), 2 (usage). */
export async function main(args: string[]): Promise<number> {
  let v: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let names: string[];
  let steps: number;
  let metric: Metric;
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options: PATH_OPTIONS });
    v = parsed.values;
    names = parsed.positionals;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (names.length < 2) throw new UsageError('name at least two tracks: A and B');
    steps = intOption(v, 'steps', 20, 2);
    if (steps < names.length) throw new UsageError(`--steps must be at least the number of named tracks (${names.length})`);
    metric = metricOption(v);
  } catch (err) {
    process.stderr.write(usageErrorLines('path', err, PATH_OPTIONS));
    return 2;
  }
  try {
    const { space, rows: waypoints, sameRecording } = await openSearch(v, names);
    if (new Set(waypoints).size !== waypoints.length) throw new UsageError('the same track is named twice');
    const t0 = performance.now();
    const rows = path(space.X, waypoints, steps, {
      metric,
      fingerprints: space.tracks.map((t) => t.fingerprint),
      sameRecording,
      paths: space.tracks.map((t) => t.path),
    });
    const ms = performance.now() - t0;
    if (rows.length < steps) process.stderr.write(`note: only ${rows.length} of ${steps} tracks could be used\n`);
    const toEnd = distancesToRow(space.X, waypoints[waypoints.length - 1]!, metric);
    emit(
      v,
      space,
      rows,
      rows.map((r) => toEnd[r]!),
      'distanceToEnd',
      { metric, waypoints: waypoints.map((w) => space.tracks[w]!.path), queryMs: ms },
    );
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError;
    process.stderr.write(`mir-cluster-playlist path: ${errorText(err)}\n`);
    return usage ? 2 : 1;
  }
}
