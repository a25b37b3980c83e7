import { STFT_WASM_BASE64 } from './stft-wasm-bytes.js';
import { hann } from './window.js';

interface StftExports {
  memory: WebAssembly.Memory;
  setup(n: number): number;
  tablesEnd(): number;
  stftMagnitude(y: number, yStart: number, nSamples: number, t0: number, nFrames: number, hop: number, out: number): void;
}

/** Frames per WASM pass: bounds the module's memory for long tracks. */
const CHUNK_FRAMES = 4096;

let instance: StftExports | null | undefined;
let tableSize = 0;

/** The STFT module, instantiated once per thread; null without WebAssembly or with MIR_STFT=js. */
function module(): StftExports | null {
  if (instance !== undefined) return instance;
  instance = null;
  if (process.env.MIR_STFT === 'js' || typeof WebAssembly === 'undefined') return instance;
  try {
    const bytes = Buffer.from(STFT_WASM_BASE64, 'base64');
    if (!WebAssembly.validate(bytes)) return instance;
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as StftExports;
  } catch {
    instance = null;
  }
  return instance;
}

/**
 * |STFT| of y (centred, zero padded, periodic Hann, float64 FFT, parts rounded to float32) into
 * `out` (frame-major, nFft/2+1 per frame) with the WASM kernel — the same algorithm and the same
 * values as the JavaScript path. Returns false when the kernel cannot be used.
 */
export function wasmStftMagnitude(y: Float32Array, nFft: number, hop: number, nFrames: number, out: Float32Array): boolean {
  const m = module();
  if (!m || nFft < 8 || (nFft & (nFft - 1)) !== 0) return false;
  if (tableSize !== nFft) {
    const winAt = m.setup(nFft);
    new Float64Array(m.memory.buffer, winAt, nFft).set(hann(nFft));
    tableSize = nFft;
  }
  const nBins = nFft / 2 + 1;
  const pad = nFft >> 1;
  const base = (m.tablesEnd() + 15) & ~15;
  const maxSamples = (CHUNK_FRAMES - 1) * hop + nFft;
  const outAt = base + ((maxSamples * 4 + 15) & ~15);
  const need = outAt + CHUNK_FRAMES * nBins * 4;
  const have = m.memory.buffer.byteLength;
  if (need > have) {
    try {
      m.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return false;
    }
  }
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    const ys = Math.max(0, t0 * hop - pad);
    const ye = Math.min(y.length, (t0 + nf - 1) * hop - pad + nFft);
    const buf = m.memory.buffer;
    if (ye > ys) new Float32Array(buf, base, ye - ys).set(y.subarray(ys, ye));
    m.stftMagnitude(base, ys, y.length, t0, nf, hop, outAt);
    out.set(new Float32Array(buf, outAt, nf * nBins), t0 * nBins);
  }
  return true;
}
