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

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, once per thread; null when this runtime lacks WASM SIMD or MIR_DENSE=js. */
function denseModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (process.env.MIR_DENSE === 'js' || typeof WebAssembly === 'undefined') return compiled;
  try {
    const bytes = Buffer.from(DENSE_WASM_BASE64, 'base64');
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A private WASM memory holding float64 buffers of fixed sizes, and the kernels that work on them. */
export interface DenseArena {
  kernels: DenseExports;
  /** One zero-filled view per requested length, in request order. */
  views: Float64Array[];
}

/**
 * A fresh instance whose memory holds buffers of the given lengths (float64 elements), or null
 * when WASM is unavailable. Each training gets its own instance, so no other network's views are
 * detached when this memory is sized; the memory never grows afterwards, so the views stay valid.
 */
export function denseArena(lengths: readonly number[]): DenseArena | null {
  const mod = denseModule();
  if (!mod) return null;
  const kernels = new WebAssembly.Instance(mod, {}).exports as unknown as DenseExports;
  const offsets: number[] = [];
  let end = kernels.heapBase();
  for (const len of lengths) {
    offsets.push(end);
    end += Math.ceil((len * 8) / 16) * 16;
  }
  const have = kernels.memory.buffer.byteLength;
  if (end > have) kernels.memory.grow(Math.ceil((end - have) / 65536));
  const buf = kernels.memory.buffer;
  return { kernels, views: lengths.map((len, i) => new Float64Array(buf, offsets[i]!, len)) };
}
