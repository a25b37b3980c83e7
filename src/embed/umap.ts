import { UMAP } from 'umap-js';
import { type Matrix, toRows } from '../util/matrix.js';
import { createRng } from '../util/rng.js';
import { assertFinite, EmbedError } from './scaler.js';

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
 * A non-linear UMAP embedding of the rows of Z via umap-js, seeded so that the same input and
 * seed give the same coordinates (umap-js draws every random number from the function we pass).
 */
export function umap(Z: Matrix, opts: UmapOptions): Matrix {
  const n = Z.rows;
  if (!Number.isInteger(opts.nComponents) || opts.nComponents < 1) {
    throw new EmbedError(`umap: nComponents must be a positive integer, got ${opts.nComponents}`);
  }
  if (n < 3) throw new EmbedError(`umap: needs at least 3 rows, got ${n}`);
  assertFinite(Z, 'umap');
  const rng = createRng(opts.seed);
  const model = new UMAP({
    nComponents: opts.nComponents,
    nNeighbors: Math.max(2, Math.min(opts.nNeighbors ?? 15, n - 1)),
    minDist: opts.minDist ?? 0.1,
    nEpochs: opts.nEpochs,
    random: () => rng.next(),
  });
  const out = model.fit(toRows(Z));
  const d = opts.nComponents;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = out[i]![j]!;
  return { rows: n, cols: d, data };
}
