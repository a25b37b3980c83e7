import { forgetResident, markResident } from './resident.js';
import { alignUp, ensureMemory, instantiateWasm } from '../util/wasm.js';
import { STFT_WASM_BASE64 } from './stft-wasm-bytes.js';
import { hann } from './window.js';

interface StftExports {
  memory: WebAssembly.Memory;
  setup(n: number): number;
  tablesEnd(): number;
  stftMagnitude(y: number, yStart: number, nSamples: number, t0: number, nFrames: number, hop: number, out: number): void;
  tempogramStats(padded: number, nFrames: number, winLength: number, outFlat: number, outSum: number, pairUp: number): void;
}

/** Frames per WASM pass: bounds the module's memory for long tracks. */
const CHUNK_FRAMES = 4096;

const instances = new Map<string, StftExports | null>();

/** A new instance set up for transforms of size n with a periodic Hann window of winLength; null without WebAssembly or with MIR_STFT=js. */
function instantiate(n: number, winLength: number): StftExports | null {
  const inst = instantiateWasm<StftExports>(STFT_WASM_BASE64, 'MIR_STFT');
  if (!inst) return null;
  try {
    const winAt = inst.setup(n);
    new Float64Array(inst.memory.buffer, winAt, winLength).set(hann(winLength));
    return inst;
  } catch {
    return null;
  }
}

/**
 * The kernel module set up for transforms of size n with a periodic Hann window of winLength
 * (zero beyond), one instance per (n, winLength) and thread; null without WebAssembly or with
 * MIR_STFT=js.
 */
function module(n: number, winLength: number): StftExports | null {
  const key = `${n}:${winLength}`;
  const have = instances.get(key);
  if (have !== undefined) return have;
  const inst = instantiate(n, winLength);
  instances.set(key, inst);
  return inst;
}


/**
 * Per-frame tempogram flatness and the sum over frames of each lag, from the linear-ramp padded
 * onset envelope, with the WASM kernel (same algorithm and order of operations as the JavaScript
 * path). Returns undefined when the kernel cannot be used.
 */
export function wasmTempogramStats(
  padded: Float64Array,
  nFrames: number,
  winLength: number,
  nPad: number,
  pairUp = true,
): { flat: Float64Array; sum: Float64Array } | undefined {
  const m = module(nPad, winLength);
  if (!m) return undefined;
  const base = alignUp(m.tablesEnd(), 16);
  const flatAt = base + padded.length * 8;
  const sumAt = flatAt + nFrames * 8;
  if (!ensureMemory(m.memory, sumAt + winLength * 8)) return undefined;
  const buf = m.memory.buffer;
  new Float64Array(buf, base, padded.length).set(padded);
  new Float64Array(buf, sumAt, winLength).fill(0);
  m.tempogramStats(base, nFrames, winLength, flatAt, sumAt, pairUp ? 1 : 0);
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
  const base = alignUp(m.tablesEnd(), 16);
  const maxSamples = (CHUNK_FRAMES - 1) * hop + nFft;
  const outAt = base + alignUp(maxSamples * 4, 16);
  const need = outAt + CHUNK_FRAMES * nBins * 4;
  if (!ensureMemory(m.memory, need)) return false;
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

/** Idle instances for resident spectrograms, by transform size; one is kept per size. */
const idle = new Map<number, StftExports>();
/** Larger memories are dropped on release rather than kept for the next track. */
const KEEP_BYTES = 160 * 1024 * 1024;

/** Scratch the spectral kernels may need after a resident spectrogram of nBins bins (their chunked outputs and tables). */
function kernelScratchBytes(nBins: number): number {
  const chunk = CHUNK_FRAMES;
  // piptrack: two outputs of at most (nBins + 1) / 2 peaks per frame; filterbanks: up to 256 rows
  // per frame out plus a dense bank; contrast and the frame statistics need less
  return chunk * ((nBins + 1) >> 1) * 8 + chunk * 256 * 4 + 256 * nBins * 4 + (1 << 20);
}

/**
 * |STFT| as `wasmStftMagnitude` computes it, but left in a kernel instance's memory: the returned
 * array is a view of that memory, registered as resident so that the spectral kernels read it in
 * place. `release()` hands the instance back for the next track, after which the array must not be
 * used. Undefined when the kernel cannot be used or the memory cannot hold the spectrogram.
 */
export function leaseStftMagnitude(y: Float32Array, nFft: number, hop: number, nFrames: number): { data: Float32Array; release(): void } | undefined {
  if (nFft < 8 || (nFft & (nFft - 1)) !== 0) return undefined;
  const m = idle.get(nFft) ?? instantiate(nFft, nFft);
  if (!m) return undefined;
  idle.delete(nFft);
  const nBins = nFft / 2 + 1;
  const pad = nFft >> 1;
  const base = alignUp(m.tablesEnd(), 16);
  const chunk = Math.min(CHUNK_FRAMES, nFrames);
  const maxSamples = (chunk - 1) * hop + nFft;
  const sAt = base + alignUp(maxSamples * 4, 16);
  const free = alignUp(sAt + nFrames * nBins * 4, 64);
  if (!ensureMemory(m.memory, free + kernelScratchBytes(nBins))) return undefined;
  const buf = m.memory.buffer;
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    const ys = Math.max(0, t0 * hop - pad);
    const ye = Math.min(y.length, (t0 + nf - 1) * hop - pad + nFft);
    if (ye > ys) new Float32Array(buf, base, ye - ys).set(y.subarray(ys, ye));
    m.stftMagnitude(base, ys, y.length, t0, nf, hop, sAt + t0 * nBins * 4);
  }
  const data = new Float32Array(buf, sAt, nFrames * nBins);
  markResident(data, { exports: m, free });
  let released = false;
  return {
    data,
    release() {
      if (released) return;
      released = true;
      forgetResident(data);
      if (m.memory.buffer.byteLength <= KEEP_BYTES) idle.set(nFft, m);
    },
  };
}
