import { ensureMemory, instantiateWasm, layoutBuffers } from '../util/wasm.js';
import { DENSE_WASM_BASE64 } from './dense-wasm-bytes.js';

/** The dense-layer kernels of wasm/dense.ts (pointers are byte offsets into `memory`). */
export interface DenseExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  denseForward(inp: number, rows: number, m: number, o: number, W: number, b: number, out: number): void;
  sigmoidDelta(d: number, a: number, len: number): void;
  adamStep(p: number, g: number, m: number, v: number, len: number, beta1: number, beta2: number, stepSize: number, c2: number, eps: number): void;
  denseBackward(inp: number, delta: number, rows: number, m: number, o: number, W: number, gW: number, gb: number, prev: number, wt: number): void;
}


/** A private WASM memory holding float64 buffers of fixed sizes, and the kernels that work on them. */
export interface DenseArena {
  kernels: DenseExports;
  /** One zero-filled view per requested length, in request order. */
  views: Float64Array[];
}

/**
 * A fresh instance whose memory holds buffers of the given lengths (float64 elements), or null
 * when WASM is unavailable or the memory cannot grow that far. Each training gets its own instance, so no other network's views are
 * detached when this memory is sized; the memory never grows afterwards, so the views stay valid.
 */
export function denseArena(lengths: readonly number[]): DenseArena | null {
  // null when this runtime lacks WASM SIMD or MIR_DENSE=js
  const kernels = instantiateWasm<DenseExports>(DENSE_WASM_BASE64, 'MIR_DENSE');
  if (!kernels) return null;
  const { offsets, end } = layoutBuffers(kernels.heapBase(), lengths.map((len) => len * 8));
  if (!ensureMemory(kernels.memory, end)) return null;
  const buf = kernels.memory.buffer;
  return { kernels, views: lengths.map((len, i) => new Float64Array(buf, offsets[i]!, len)) };
}
