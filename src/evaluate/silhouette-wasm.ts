import type { Matrix } from '../util/matrix.js';
import { ensureMemory, instantiateWasm, layoutBuffers } from '../util/wasm.js';
import { SILHOUETTE_WASM_BASE64 } from './silhouette-wasm-bytes.js';

interface SilhouetteExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  sampledSums(data: number, n: number, d: number, rows: number, m: number, codes: number, k: number, sums: number, pair: number): void;
}

let instance: SilhouetteExports | null | undefined;

/**
 * Per-cluster distance sums of the sampled rows `rows` (the first m) against every row of X, on
 * the SIMD kernel of wasm/silhouette.ts: m × k, bit-identical to the JavaScript loop. Null when
 * WASM is unavailable (or MIR_SILHOUETTE=js) or its memory cannot hold X.
 */
export function sampledSumsWasm(X: Matrix, rows: Int32Array, m: number, codes: Int32Array, k: number): Float64Array | null {
  if (instance === undefined) instance = instantiateWasm<SilhouetteExports>(SILHOUETTE_WASM_BASE64, 'MIR_SILHOUETTE');
  const w = instance;
  if (!w) return null;
  const { rows: n, cols: d } = X;
  const {
    offsets: [dataAt, rowsAt, codesAt, sumsAt, pairAt],
    end,
  } = layoutBuffers(w.heapBase(), [n * d * 8, m * 4, n * 4, m * k * 8, 8 * d * 8]);
  if (!ensureMemory(w.memory, end)) return null;
  const buf = w.memory.buffer;
  new Float64Array(buf, dataAt, n * d).set(X.data);
  new Int32Array(buf, rowsAt, m).set(rows.subarray(0, m));
  new Int32Array(buf, codesAt, n).set(codes);
  w.sampledSums(dataAt, n, d, rowsAt, m, codesAt, k, sumsAt, pairAt);
  return Float64Array.from(new Float64Array(buf, sumsAt, m * k));
}
