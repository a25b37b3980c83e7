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
import { audioSignature } from '../src/dsp/signature.js';
import { recordingOwners } from '../src/cli/pipeline/copies.js';
import type { StoredTrack } from '../src/store/index.js';

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

/**
 * Same-recording grouping on 100,000 tracks: durations like a music library's (log-normal around
 * 3.7 min), signatures made from independent noise (so no two match) except 1,000 planted
 * re-encodings (the signature of a track with 8 % of its bits flipped, 0.02 s longer).
 */
async function benchRecordings(): Promise<void> {
  const rng = createRng(11);
  // one real signature's layout, then random words and levels for each track
  const noise = new Float32Array(22050 * 60);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.normal() * 0.1;
  let t0 = process.hrtime.bigint();
  const template = audioSignature(noise, 22050);
  const signMs = ms(t0);
  const frames = template[1]! | (template[2]! << 8);
  const n = 100000;
  const planted = 1000;
  const tracks: StoredTrack[] = [];
  for (let i = 0; i < n; i++) {
    const sig = Uint8Array.from(template);
    for (let f = 0; f < frames; f++) {
      sig[5 + 2 * f] = rng.int(256);
      sig[6 + 2 * f] = rng.int(256);
    }
    const level = Math.round(-3000 + 2500 * rng.next());
    sig[3] = level & 0xff;
    sig[4] = (level >> 8) & 0xff;
    const durationSec = Math.exp(Math.log(220) + 0.35 * rng.normal());
    tracks.push({ path: `/m/${i}.flac`, size: 1, mtimeMs: 0, fingerprint: `f${i}`, tags: {}, durationSec, settingsKey: 'k', featuresVersion: 1, values: {}, signature: sig });
  }
  for (let p = 0; p < planted; p++) {
    const src = tracks[p * 97]!;
    const sig = Uint8Array.from(src.signature!);
    for (let f = 0; f < frames; f++) {
      for (let b = 0; b < 16; b++) if (rng.next() < 0.08) sig[5 + 2 * f + (b >> 3)]! ^= 1 << (b & 7);
    }
    tracks.push({ ...src, path: `/m/${p}.mp3`, fingerprint: `g${p}`, durationSec: src.durationSec + 0.02, signature: sig });
  }
  t0 = process.hrtime.bigint();
  const owner = recordingOwners(tracks);
  const wall = ms(t0);
  let found = 0;
  owner.forEach((o, i) => {
    if (o !== i) found++;
  });
  console.log(`signature of 60 s of audio: ${signMs.toFixed(1)} ms (first call, cold)`);
  console.log(`same-recording grouping: ${tracks.length} tracks (${planted} planted re-encodings): ${(wall / 1000).toFixed(2)} s, ${found} found`);
}

/** Prints the playlist figures. */
export async function run(): Promise<void> {
  await benchRecordings();
  await benchSearch();
  await benchTour();
  await benchUpdate();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
