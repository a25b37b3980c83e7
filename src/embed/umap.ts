import { UMAP } from 'umap-js';
import { findABParams } from 'umap-js/dist/umap.js';
import { type Matrix, toRows } from '../util/matrix.js';
import { createSfc32 } from '../util/rng.js';
import { assertFinite, EmbedError } from './scaler.js';
import { defaultUmapEpochs, fuzzyEdges, type KnnGraph } from './umap-graph.js';
import { optimizeLayout } from './umap-layout.js';

/** Options of the UMAP embedding (umap-js; names follow umap-learn). */
export interface UmapOptions {
  /** Output dimensions, e.g. 2 or 3. */
  nComponents: number;
  /** Seed of every random choice (neighbour search, initialisation, negative sampling). */
  seed: number;
  /** Size of the local neighbourhood (default 15; lowered to rows − 1 for tiny inputs). */
  nNeighbors?: number;
  /** Minimum distance between embedded points (default 0.1). */
  minDist?: number;
  /** Optimisation epochs (default: umap-js's choice, 500 up to 10,000 rows, 200 above). */
  nEpochs?: number;
}

/**
 * A non-linear UMAP embedding of the rows of Z, seeded so that the same input and seed give the
 * same coordinates. umap-js finds the neighbours (NN-descent); the fuzzy graph, the initial layout
 * and the layout epochs are ours, on flat arrays and a WASM kernel, and equal umap-js 1.4's fit()
 * bit for bit: the same random draws, in the same order, with the same arithmetic.
 */
export function umap(Z: Matrix, opts: UmapOptions): Matrix {
  const n = Z.rows;
  if (!Number.isInteger(opts.nComponents) || opts.nComponents < 1) {
    throw new EmbedError(`umap: nComponents must be a positive integer, got ${opts.nComponents}`);
  }
  if (n < 3) throw new EmbedError(`umap: needs at least 3 rows, got ${n}`);
  assertFinite(Z, 'umap');
  const rng = createSfc32(opts.seed);
  const k = Math.max(2, Math.min(opts.nNeighbors ?? 15, n - 1));
  const minDist = opts.minDist ?? 0.1;
  const model = new UMAP({ nComponents: opts.nComponents, nNeighbors: k, minDist, random: rng.next });
  const knn = (model as unknown as UmapInternals).nearestNeighbors(toRows(Z));
  const graph: KnnGraph = { n, k, indices: new Int32Array(n * k), distances: new Float64Array(n * k) };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      graph.indices[i * k + j] = knn.knnIndices[i]![j]!;
      graph.distances[i * k + j] = knn.knnDistances[i]![j]!;
    }
  }
  const nEpochs = opts.nEpochs && opts.nEpochs > 0 ? opts.nEpochs : defaultUmapEpochs(n);
  const edges = fuzzyEdges(graph, nEpochs);
  const d = opts.nComponents;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = rng.next() * 20 + -10;
  const { a, b } = findABParams(1, minDist);
  optimizeLayout(data, d, edges, { a, b, nEpochs }, rng);
  return { rows: n, cols: d, data };
}

/** The one umap-js step we still use, not part of its typed API. */
interface UmapInternals {
  nearestNeighbors(X: number[][]): { knnIndices: number[][]; knnDistances: number[][] };
}
