import { sqDist } from '../util/matrix.js';
import type { Sfc32 } from '../util/rng.js';
import { epochsPerSample, type FuzzyEdges } from './umap-graph.js';
import { powPositive } from './umap-pow.js';
import { optimizeLayoutWasm } from './umap-wasm.js';

/** Parameters of UMAP's layout optimisation (umap-js's names and defaults). */
export interface LayoutParams {
  /** Curve parameters fitted to min_dist and spread (umap-js's findABParams). */
  a: number;
  b: number;
  nEpochs: number;
  /** Weight of the negative samples' repulsion (1). */
  gamma?: number;
  /** Initial learning rate (1), decayed linearly to 0. */
  learningRate?: number;
  /** Negative samples per positive sample (5). */
  negativeSampleRate?: number;
}

/** Per-edge sampling schedule: when each edge and its negative samples are next due, in epochs. */
export interface LayoutSchedule {
  epochsPerSample: Float64Array;
  epochsPerNegativeSample: Float64Array;
  nextSample: Float64Array;
  nextNegativeSample: Float64Array;
}

/** The schedule at epoch 0. */
export function layoutSchedule(edges: FuzzyEdges, nEpochs: number, negativeSampleRate = 5): LayoutSchedule {
  const eps = epochsPerSample(edges.weight, nEpochs);
  const neg = eps.map((e) => e / negativeSampleRate);
  return { epochsPerSample: eps, epochsPerNegativeSample: neg, nextSample: eps.slice(), nextNegativeSample: neg.slice() };
}

const clip = (x: number): number => Math.min(4, Math.max(-4, x));

/**
 * Runs every epoch of UMAP's stochastic layout on `embedding` (n × dim, row-major, moved in place):
 * attraction along each edge when due, repulsion from uniformly drawn rows. The WASM kernel runs it
 * unless WASM is unavailable or MIR_UMAP=js; both continue `rng` and give the same coordinates, bit
 * for bit. umap-js's own loop differs only in its pow (Math.pow): last-bit differences that the
 * stochastic layout turns into a different but equally good embedding.
 */
export function optimizeLayout(embedding: Float64Array, dim: number, edges: FuzzyEdges, p: LayoutParams, rng: Sfc32): void {
  const s = layoutSchedule(edges, p.nEpochs, p.negativeSampleRate ?? 5);
  if (optimizeLayoutWasm(embedding, dim, edges, s, p, rng)) return;
  optimizeLayoutJs(embedding, dim, edges, s, p, rng);
}

/**
 * The JavaScript twin of the layout kernel (the reference the kernel is tested against). With
 * `pow = Math.pow` it is umap-js's optimizeLayout, bit for bit.
 */
export function optimizeLayoutJs(
  embedding: Float64Array,
  dim: number,
  edges: FuzzyEdges,
  s: LayoutSchedule,
  p: LayoutParams,
  rng: Sfc32,
  pow: (x: number, y: number) => number = powPositive,
): void {
  const { a, b, nEpochs } = p;
  const gamma = p.gamma ?? 1;
  const alpha0 = p.learningRate ?? 1;
  const nVertices = embedding.length / dim;
  const { head, tail } = edges;
  const { epochsPerSample: eps, epochsPerNegativeSample: epsNeg, nextSample, nextNegativeSample } = s;
  let alpha = alpha0;
  for (let n = 0; n < nEpochs; n++) {
    for (let i = 0; i < eps.length; i++) {
      if (nextSample[i]! > n) continue;
      const j = head[i]!;
      const cur = j * dim;
      const oth = tail[i]! * dim;
      const d2 = sqDist(embedding, dim, j, tail[i]!);
      let gc = 0;
      if (d2 > 0) {
        gc = -2 * a * b * pow(d2, b - 1);
        gc /= a * pow(d2, b) + 1;
      }
      for (let d = 0; d < dim; d++) {
        const g = clip(gc * (embedding[cur + d]! - embedding[oth + d]!));
        embedding[cur + d]! += g * alpha;
        embedding[oth + d]! += -g * alpha;
      }
      nextSample[i]! += eps[i]!;
      const nNeg = Math.floor((n - nextNegativeSample[i]!) / epsNeg[i]!);
      for (let q = 0; q < nNeg; q++) {
        const k = Math.floor(rng.next() * nVertices);
        const o = k * dim;
        const e2 = sqDist(embedding, dim, j, k);
        let gn = 0;
        if (e2 > 0) {
          gn = 2 * gamma * b;
          gn /= (0.001 + e2) * (a * pow(e2, b) + 1);
        } else if (j === k) continue;
        for (let d = 0; d < dim; d++) {
          const g = gn > 0 ? clip(gn * (embedding[cur + d]! - embedding[o + d]!)) : 4;
          embedding[cur + d]! += g * alpha;
        }
      }
      nextNegativeSample[i]! += nNeg * epsNeg[i]!;
    }
    alpha = alpha0 * (1 - n / nEpochs);
  }
}
