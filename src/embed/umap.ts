import { findABParams } from 'umap-js/dist/umap.js';
import type { Matrix } from '../util/matrix.js';
import { createSfc32 } from '../util/rng.js';
import { assertFinite, EmbedError } from './scaler.js';
import { defaultUmapEpochs, fuzzyEdges } from './umap-graph.js';
import { umapNeighbours } from './umap-knn.js';
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
 * same coordinates. Neighbour search (random-projection trees, NN-descent), fuzzy graph, initial
 * layout and layout epochs repeat umap-js 1.4's random draws and arithmetic on flat arrays and a
 * WASM kernel; only the layout's pow is our own (see umap-layout.ts), so with Math.pow there the
 * coordinates would equal umap-js's fit() bit for bit.
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
  const graph = umapNeighbours(Z, k, rng.next);
  const nEpochs = opts.nEpochs && opts.nEpochs > 0 ? opts.nEpochs : defaultUmapEpochs(n);
  const edges = fuzzyEdges(graph, nEpochs);
  const d = opts.nComponents;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = rng.next() * 20 + -10;
  const { a, b } = findABParams(1, minDist);
  optimizeLayout(data, d, edges, { a, b, nEpochs }, rng);
  return { rows: n, cols: d, data };
}
