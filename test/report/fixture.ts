import { createRng } from '../../src/util/rng.js';
import type { RunResult } from '../../src/report/types.js';

/** Options of the synthetic run result. */
export interface FixtureOptions {
  nTracks: number;
  nClusters?: number;
  genres?: string[];
  seed?: number;
  genreBias?: number;
  /** Per-track audio link; default `audio/<i>.wav`. */
  audioHref?: (i: number) => string;
  /** Per-track title; default `Track <i>`. */
  title?: (i: number) => string;
}

/** A RunResult with clustered Gaussian blobs, for plot and report tests (no audio analysis). */
export function makeRunResult(opts: FixtureOptions): RunResult {
  const rng = createRng(opts.seed ?? 1);
  const n = opts.nTracks;
  const k = opts.nClusters ?? 4;
  const genres = opts.genres ?? ['ambient', 'chiptune', 'orchestral', 'rock', 'electronic'];
  const featureNames = ['spectral_centroid.mean', 'spectral_bandwidth.mean', 'rms.mean', 'zcr.mean', 'tempo', 'mfcc.mean.1', 'mfcc.mean.2', 'mfcc.mean.3'];
  const centres = Array.from({ length: k }, () => featureNames.map(() => rng.normal() * 2));
  const tracks: RunResult['tracks'] = [];
  const features: number[][] = [];
  const cluster: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 17 === 16 ? -1 : i % k;
    cluster.push(c);
    const base = centres[Math.max(c, 0)]!;
    features.push(base.map((b) => b + rng.normal() * 0.6));
  }
  const emb = (dims: number): number[][] => features.map((f) => f.slice(0, dims).map((v, d) => v + 0.1 * d));
  const playlists: RunResult['playlists'] = [];
  const clusterIds = [...new Set(cluster)].filter((c) => c >= 0).sort((a, b) => a - b);
  clusterIds.forEach((c, p) => {
    const members = cluster.map((cc, i) => (cc === c ? i : -1)).filter((i) => i >= 0);
    playlists.push({ index: p, cluster: c, name: `cluster-${c}-bright`, file: `playlists/${String(p + 1).padStart(2, '0')}-cluster-${c}.m3u8`, trackIndices: members.reverse() });
  });
  const playlistOf = new Int32Array(n).fill(-1);
  const positionOf = new Int32Array(n).fill(-1);
  for (const pl of playlists) pl.trackIndices.forEach((i, k) => {
    playlistOf[i] = pl.index;
    positionOf[i] = k;
  });
  for (let i = 0; i < n; i++) {
    const p = playlistOf[i]!;
    // Few genres follow the clusters (so genre plots show structure); many are spread over all.
    const gi = genres.length > 8 ? i % genres.length : (cluster[i]! + (i % 3 === 0 ? 1 : 0) + genres.length) % genres.length;
    const g = i % 11 === 10 ? null : genres[gi]!;
    tracks.push({
      path: `/music/lib/${i}.wav`,
      audioHref: opts.audioHref ? opts.audioHref(i) : `audio/${i}.wav`,
      title: opts.title ? opts.title(i) : `Track ${i}`,
      artist: `Artist ${i % 5}`,
      album: `Album ${i % 3}`,
      genre: g,
      durationSec: 1 + (i % 7),
      cluster: cluster[i]!,
      playlistIndex: p,
      position: positionOf[i]!,
      xy: [features[i]![0]!, features[i]![1]!],
      xyz: [features[i]![0]!, features[i]![1]!, features[i]![2]!],
    });
  }
  const metricsFor = (method: string, kk: number): Record<string, number | null> => ({
    adjusted_rand: 0.3 + 0.05 * Math.sin(kk + method.length),
    adjusted_mutual_info: 0.4 + 0.03 * Math.cos(kk),
    homogeneity: 0.2 + 0.05 * kk,
    completeness: 0.6 - 0.03 * kk,
    v_measure: 0.4,
    fowlkes_mallows: 0.5 - 0.01 * kk,
    silhouette: method === 'hdbscan' && kk === 2 ? null : 0.3 - 0.02 * kk,
  });
  const sweep: RunResult['sweep'] = [];
  for (const space of ['scaled', 'pca3']) for (const method of ['kmeans', 'ward']) for (let kk = 2; kk <= 8; kk++) sweep.push({ space, method, k: kk, metrics: metricsFor(method, kk) });
  const usedGenres = genres.filter((g) => tracks.some((t) => t.genre === g));
  return {
    title: 'Test library',
    createdAt: '2026-11-27T12:00:00Z',
    settings: { seed: 1, k: k, set: 'readme', absolutePaths: false },
    genreBias: opts.genreBias ?? 0,
    tracks,
    playlists,
    genreOrder: usedGenres,
    featureNames,
    features,
    centroidStats: tracks.map((_, i) => {
      const m = Math.max(1200, 2500 + 500 * features[i]![0]!);
      return { track: i, min: m - 800, q1: m - 300, median: m, q3: m + 350, max: m + 1200 };
    }),
    embeddings: [
      { name: 'pca1', label: 'PCA', dims: 1, coords: emb(1) },
      { name: 'pca2', label: 'PCA', dims: 2, coords: emb(2), axisLabels: ['PC1 (40 %)', 'PC2 (20 %)'] },
      { name: 'pca3', label: 'PCA', dims: 3, coords: emb(3) },
      { name: 'ae2', label: 'Autoencoder', dims: 2, coords: emb(2).map(([a, b]) => [a! * 0.5 + b!, b! - a!]) },
    ],
    sweep,
    elbow: Array.from({ length: 7 }, (_, j) => ({ space: 'scaled', k: j + 2, inertia: 1000 / (j + 2) + 50 })),
    silhouetteSamples: tracks.map((_, i) => Math.sin(i * 1.3) * 0.5 + 0.2),
    chosen: { space: 'scaled', method: 'kmeans', k, reason: 'best silhouette' },
    errors: [{ path: '/music/lib/bad.mp3', stage: 'decode', reason: 'not an audio file' }],
  };
}
