import type { Matrix } from '../util/matrix.js';
import type { Sfc32 } from '../util/rng.js';
import { ensureMemory, instantiateWasm, layoutBuffers } from '../util/wasm.js';
import type { FuzzyEdges } from './umap-graph.js';
import type { LayoutParams, LayoutSchedule } from './umap-layout.js';
import { POW_TABLES } from './umap-pow.js';
import { UMAP_WASM_BASE64 } from './umap-wasm-bytes.js';

interface UmapExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  setTables(at: number): void;
  distances(data: number, d: number, p: number, qs: number, m: number, out: number): void;
  margins(data: number, d: number, h: number, offset: number, idx: number, m: number, out: number): void;
  seed(a: number, b: number, c: number, d: number): void;
  state(i: number): number;
  epoch(
    emb: number, nVertices: number, dim: number,
    head: number, tail: number, m: number,
    eps: number, epsNeg: number, next: number, nextNeg: number,
    a: number, b: number, gamma: number, alpha: number, n: number,
  ): void;
}

let instance: UmapExports | null | undefined;

function kernel(): UmapExports | null {
  if (instance === undefined) instance = instantiateWasm<UmapExports>(UMAP_WASM_BASE64, 'MIR_UMAP');
  return instance;
}

/** The neighbour search's sums over rows of a matrix: distances from one row to listed rows, and split margins. */
export interface RowSums {
  /** Euclidean distances from row p to rows qs[0..m), into out. */
  distances(p: number, qs: Int32Array, m: number, out: Float64Array): void;
  /** offset + h·x for rows idx[0..m), into out. */
  margins(h: Float64Array, offset: number, idx: Int32Array, m: number, out: Float64Array): void;
}

/**
 * RowSums on the kernel of wasm/umap.ts, with Z copied into its memory once; null when WASM is
 * unavailable (or MIR_UMAP=js) or its memory cannot hold Z. Valid until the next use of the kernel.
 */
export function wasmRowSums(Z: Matrix): RowSums | null {
  const w = kernel();
  if (!w) return null;
  const { rows: n, cols: d } = Z;
  const cap = Math.max(n, 64);
  const {
    offsets: [dataAt, listAt, outAt, hAt],
    end,
  } = layoutBuffers(w.heapBase(), [n * d * 8, cap * 4, cap * 8, d * 8]);
  if (!ensureMemory(w.memory, end)) return null;
  const buf = w.memory.buffer;
  new Float64Array(buf, dataAt, n * d).set(Z.data);
  const list = new Int32Array(buf, listAt, cap);
  const out = new Float64Array(buf, outAt, cap);
  const h = new Float64Array(buf, hAt, d);
  return {
    distances(p, qs, m, dst) {
      list.set(qs.subarray(0, m));
      w.distances(dataAt, d, p, listAt, m, outAt);
      dst.set(out.subarray(0, m));
    },
    margins(hv, offset, idx, m, dst) {
      h.set(hv);
      list.set(idx.subarray(0, m));
      w.margins(dataAt, d, hAt, offset, listAt, m, outAt);
      dst.set(out.subarray(0, m));
    },
  };
}

/**
 * UMAP's layout epochs on the kernel of wasm/umap.ts, continuing the sfc32 stream of `rng` from its
 * current state; false (nothing touched) when WASM is unavailable (or MIR_UMAP=js) or its memory
 * cannot hold the layout. Every number equals the JS twin's.
 */
export function optimizeLayoutWasm(embedding: Float64Array, dim: number, edges: FuzzyEdges, s: LayoutSchedule, p: LayoutParams, rng: Sfc32): boolean {
  const w = kernel();
  if (!w) return false;
  const m = edges.head.length;
  const n = embedding.length / dim;
  const {
    offsets: [tablesAt, embAt, headAt, tailAt, epsAt, negAt, nextAt, nextNegAt],
    end,
  } = layoutBuffers(w.heapBase(), [POW_TABLES.length * 8, embedding.length * 8, m * 4, m * 4, m * 8, m * 8, m * 8, m * 8]);
  if (!ensureMemory(w.memory, end)) return false;
  const buf = w.memory.buffer;
  new Float64Array(buf, tablesAt, POW_TABLES.length).set(POW_TABLES);
  w.setTables(tablesAt);
  new Float64Array(buf, embAt, embedding.length).set(embedding);
  new Int32Array(buf, headAt, m).set(edges.head);
  new Int32Array(buf, tailAt, m).set(edges.tail);
  new Float64Array(buf, epsAt, m).set(s.epochsPerSample);
  new Float64Array(buf, negAt, m).set(s.epochsPerNegativeSample);
  new Float64Array(buf, nextAt, m).set(s.nextSample);
  new Float64Array(buf, nextNegAt, m).set(s.nextNegativeSample);
  const st = rng.state();
  w.seed(st[0]!, st[1]!, st[2]!, st[3]!);
  const alpha0 = p.learningRate ?? 1;
  let alpha = alpha0;
  for (let e = 0; e < p.nEpochs; e++) {
    w.epoch(embAt, n, dim, headAt, tailAt, m, epsAt, negAt, nextAt, nextNegAt, p.a, p.b, p.gamma ?? 1, alpha, e);
    alpha = alpha0 * (1 - e / p.nEpochs);
  }
  embedding.set(new Float64Array(w.memory.buffer, embAt, embedding.length));
  rng.setState(Uint32Array.of(w.state(0) >>> 0, w.state(1) >>> 0, w.state(2) >>> 0, w.state(3) >>> 0));
  return true;
}
