const compiled = new Map<string, WebAssembly.Module | null>();
// The memories of this thread's instances: WebAssembly memory grows but never shrinks, so a kernel
// that once held a long track's spectrogram keeps that much for the life of the thread.
const memories: WeakRef<WebAssembly.Memory>[] = [];

/**
 * The WebAssembly module in `base64`, compiled once per thread; null when this runtime has no
 * WebAssembly (or not the SIMD it uses), or when the environment variable `disableVar` is 'js'
 * (read on first use), so callers fall back to their JavaScript twins.
 */
export function compileWasm(base64: string, disableVar: string): WebAssembly.Module | null {
  const hit = compiled.get(disableVar);
  if (hit !== undefined) return hit;
  let mod: WebAssembly.Module | null = null;
  if (process.env[disableVar] !== 'js' && typeof WebAssembly !== 'undefined') {
    try {
      const bytes = Buffer.from(base64, 'base64');
      if (WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
    } catch {
      mod = null;
    }
  }
  compiled.set(disableVar, mod);
  return mod;
}

/** A new instance of the module (its own memory) with its exports, or null without the module. */
export function instantiateWasm<T>(base64: string, disableVar: string, imports: WebAssembly.Imports = {}): T | null {
  const mod = compileWasm(base64, disableVar);
  if (!mod) return null;
  try {
    const exports = new WebAssembly.Instance(mod, imports).exports;
    for (const v of Object.values(exports)) if (v instanceof WebAssembly.Memory) memories.push(new WeakRef(v));
    return exports as unknown as T;
  } catch {
    return null;
  }
}

/** Bytes held by the memories of the WebAssembly instances this thread made (and still references). */
export function wasmMemoryBytes(): number {
  let sum = 0;
  for (let i = memories.length - 1; i >= 0; i--) {
    const m = memories[i]!.deref();
    if (m === undefined) memories.splice(i, 1);
    else sum += m.buffer.byteLength;
  }
  return sum;
}

/**
 * `x` rounded up to a multiple of `to` (a power of two). Arithmetic, not `(x + 15) & ~15`: byte
 * offsets pass 2^31 in the memory of a spectrogram over 3.4 hours, where 32-bit bitwise operators
 * turn them negative.
 */
export function alignUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** Grows `memory` to hold at least `bytes`; false when it cannot grow that far (the caller falls back to JavaScript). */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/** Byte offsets, from `base`, of buffers of the given byte lengths placed one after another, each 16-byte aligned; and where the last ends. */
export function layoutBuffers(base: number, byteLengths: readonly number[]): { offsets: number[]; end: number } {
  const offsets: number[] = [];
  let end = base;
  for (const len of byteLengths) {
    offsets.push(end);
    end += Math.ceil(len / 16) * 16;
  }
  return { offsets, end };
}
