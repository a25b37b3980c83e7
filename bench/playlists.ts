/**
 * Playlist benchmarks: tour ordering of a cluster and exact similar/path queries on 100k tracks.
 * `npm run bench` calls run(); `node dist/bench/playlists.js` runs it alone.
 */
import { fileURLToPath } from 'node:url';
import { type Matrix, zeros } from '../src/util/matrix.js';
import { createRng } from '../src/util/rng.js';
import { path, similar } from '../src/playlists/search.js';
import { orderTour, tourLength } from '../src/playlists/tour.js';
import { type EarlierPlace, updatePlaylists } from '../src/playlists/update-playlists.js';

function clustered(n: number, d: number, centres: number, seed: number): Matrix {
  const rng = createRng(seed);
  const C = Array.from({ length: centres }, () => Array.from({ length: d }, () => 4 * rng.normal()));
  const m = zeros(n, d);
  for (let i = 0; i < n; i++) {
    const c = C[rng.int(centres)]!;
    for (let k = 0; k < d; k++) m.data[i * d + k] = c[k]! + rng.normal();
  }
  return m;
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function benchTour(): Promise<void> {
  for (const [n, d] of [
    [5000, 2],
    [1000, 16],
    [5000, 16],
    [5000, 64],
    [10000, 16],
    [20000, 42],
  ] as const) {
    const X = clustered(n, d, 5, n + d);
    let t0 = process.hrtime.bigint();
    const nn = orderTour(X, 1, { improve: false });
    const tNN = ms(t0);
    t0 = process.hrtime.bigint();
    const two = orderTour(X, 1, { orOpt: false });
    const t2 = ms(t0);
    t0 = process.hrtime.bigint();
    const full = orderTour(X, 1);
    const tF = ms(t0);
    const L = (o: number[]): string => tourLength(X, o).toFixed(0);
    console.log(
      `tour n=${n} d=${d} (${n > 4000 ? 'approximate' : 'exact'} candidate lists): nearest-neighbour ${L(nn)} (${tNN.toFixed(0)} ms), +2-opt ${L(two)} (${t2.toFixed(0)} ms), +2-opt+Or-opt ${L(full)} (${tF.toFixed(0)} ms)`,
    );
  }
}

/** Median wall and CPU time of `reps` runs of f, ms (CPU time is steadier on a busy machine). */
function timeMedian(reps: number, f: () => void): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  f();
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    f();
    wall.push(ms(t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (a: number[]): number => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  return { wall: med(wall), cpu: med(cpu) };
}

async function benchSearch(): Promise<void> {
  const n = 100_000;
  // 32 = the default search space (pca32), 215 = the `full` set's columns searched as they are
  for (const d of [16, 32, 64, 215]) {
    const X = clustered(n, d, 20, d);
    const fingerprints = Array.from({ length: n }, (_, i) => `fp${i}`);
    const paths = Array.from({ length: n }, (_, i) => `/music/${i}.ogg`);
    const artists = Array.from({ length: n }, (_, i) => `artist ${i % 500}`);
    const ident = { fingerprints, paths, artists };
    const row = (s: string, v: { wall: number; cpu: number }): string =>
      `${s}: ${v.wall.toFixed(1)} ms wall, ${v.cpu.toFixed(1)} ms CPU`;
    const figures = [
      row('similar 1 seed n=30 euclidean', timeMedian(7, () => similar(X, [123], { n: 30, ...ident }))),
      row('similar 1 seed n=30 cosine', timeMedian(7, () => similar(X, [123], { n: 30, metric: 'cosine', ...ident }))),
      row('similar 3 seeds n=30 artist-gap 1', timeMedian(7, () => similar(X, [1, 2, 3], { n: 30, artistGap: 1, ...ident }))),
      row('path A→B 20 steps', timeMedian(7, () => path(X, [5, 77_777], 20, ident))),
      row('path A→C→B 40 steps cosine', timeMedian(7, () => path(X, [5, 50_000, 77_777], 40, { metric: 'cosine', ...ident }))),
    ];
    console.log(`search on ${n} tracks x ${d} dims (median of 7, after one warm-up; target < 100 ms):`);
    for (const f of figures) console.log(`  ${f}`);
  }
}

/** `--update`: new tracks placed among a large library's playlists (PCA-32 votes, cheapest insertion). */
async function benchUpdate(): Promise<void> {
  for (const [placed, added, lists] of [
    [10000, 200, 16],
    [100000, 1000, 16],
  ] as const) {
    const n = placed + added;
    const X = clustered(n, 32, lists, n);
    const earlier: (EarlierPlace | undefined)[] = Array.from({ length: n }, (_, i) =>
      i < placed ? { playlist: `list-${i % lists}`, number: (i % lists) + 1, position: Math.floor(i / lists) + 1 } : undefined,
    );
    const t0 = process.hrtime.bigint();
    const u = updatePlaylists(X, X, earlier);
    console.log(`update: ${added} new tracks among ${placed} placed in ${lists} playlists (32 dims): ${ms(t0).toFixed(0)} ms (${u.added} placed)`);
  }
}

/** Prints the playlist figures. */
export async function run(): Promise<void> {
  await benchSearch();
  await benchTour();
  await benchUpdate();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
