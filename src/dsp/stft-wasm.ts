import { STFT_WASM_BASE64 } from './stft-wasm-bytes.js';
import { hann } from './window.js';

interface StftExports {
  memory: WebAssembly.Memory;
  setup(n: number): number;
  tablesEnd(): number;
  stftMagnitude(y: number, yStart: number, nSamples: number, t0: number, nFrames: number, hop: number, out: number): void;
  tempogramStats(padded: number, nFrames: number, winLength: number, outFlat: number, outSum: number): void;
}

/** Frames per WASM pass: bounds the module's memory for long tracks. */
const CHUNK_FRAMES = 4096;

const instances = new Map<string, StftExports | null>();

/**
 * The kernel module set up for transforms of size n with a periodic Hann window of winLength
 * (zero beyond), one instance per (n, winLength) and thread; null without WebAssembly or with
 * MIR_STFT=js.
 */
function module(n: number, winLength: number): StftExports | null {
  const key = `${n}:${winLength}`;
  const have = instances.get(key);
  if (have !== undefined) return have;
  let inst: StftExports | null = null;
  if (process.env.MIR_STFT !== 'js' && typeof WebAssembly !== 'undefined') {
    try {
      const bytes = Buffer.from(STFT_WASM_BASE64, 'base64');
      if (WebAssembly.validate(bytes)) {
        inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as StftExports;
        const winAt = inst.setup(n);
        new Float64Array(inst.memory.buffer, winAt, winLength).set(hann(winLength));
      }
    } catch {
      inst = null;
    }
  }
  instances.set(key, inst);
  return inst;
}

function ensure(m: StftExports, need: number): boolean {
  const have = m.memory.buffer.byteLength;
  if (need <= have) return true;
  try {
    m.memory.grow(Math.ceil((need - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/**
 * Per-frame tempogram flatness and the sum over frames of each lag, from the linear-ramp padded
 * onset envelope, with the WASM kernel (same algorithm and order of operations as the JavaScript
 * path). Returns undefined when the kernel cannot be used.
 */
export function wasmTempogramStats(padded: Float64Array, nFrames: number, winLength: number, nPad: number): { flat: Float64Array; sum: Float64Array } | undefined {
  const m = module(nPad, winLength);
  if (!m) return undefined;
  const base = (m.tablesEnd() + 15) & ~15;
  const flatAt = base + padded.length * 8;
  const sumAt = flatAt + nFrames * 8;
  if (!ensure(m, sumAt + winLength * 8)) return undefined;
  const buf = m.memory.buffer;
  new Float64Array(buf, base, padded.length).set(padded);
  new Float64Array(buf, sumAt, winLength).fill(0);
  m.tempogramStats(base, nFrames, winLength, flatAt, sumAt);
  return { flat: new Float64Array(buf, flatAt, nFrames).slice(), sum: new Float64Array(buf, sumAt, winLength).slice() };
}

/**
 * |STFT| of y (centred, zero padded, periodic Hann, float64 FFT, parts rounded to float32) into
 * `out` (frame-major, nFft/2+1 per frame) with the WASM kernel — the same algorithm and the same
 * values as the JavaScript path. Returns false when the kernel cannot be used.
 */
export function wasmStftMagnitude(y: Float32Array, nFft: number, hop: number, nFrames: number, out: Float32Array): boolean {
  if (nFft < 8 || (nFft & (nFft - 1)) !== 0) return false;
  const m = module(nFft, nFft);
  if (!m) return false;
  const nBins = nFft / 2 + 1;
  const pad = nFft >> 1;
  const base = (m.tablesEnd() + 15) & ~15;
  const maxSamples = (CHUNK_FRAMES - 1) * hop + nFft;
  const outAt = base + ((maxSamples * 4 + 15) & ~15);
  const need = outAt + CHUNK_FRAMES * nBins * 4;
  if (!ensure(m, need)) return false;
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
