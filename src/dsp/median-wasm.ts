import { ensureMemory, instantiateWasm } from '../util/wasm.js';
import { MEDIAN4_WASM_BASE64 } from './median-wasm-bytes.js';
import { slidingMedian } from './median.js';

interface Median4Exports {
  memory: WebAssembly.Memory;
  timeMedian(src: number, dst: number, nBins: number, nFrames: number, w: number): void;
  freqMedian(src: number, dst: number, nBins: number, nFrames: number, w: number): void;
  hpssRms(src: number, harm: number, perc: number, nBins: number, nFrames: number, outH: number, outP: number): void;
}

const DATA_BASE = 65536; // window values and ranks live below this offset (see wasm/median4.ts)
const MAX_WIDTH = 63; // the window state area holds 64 f32x4 values

let instance: Median4Exports | null | undefined;

/** The WASM SIMD median module, instantiated once per thread; null when this runtime lacks WASM SIMD or MIR_MEDIAN=js. */
function median4(): Median4Exports | null {
  if (instance === undefined) instance = instantiateWasm<Median4Exports>(MEDIAN4_WASM_BASE64, 'MIR_MEDIAN');
  return instance;
}

/** True when the WASM SIMD median filter is in use (otherwise HPSS runs the JavaScript one). */
export function wasmMedianAvailable(): boolean {
  return median4() !== null;
}

/** Frames per WASM pass: bounds the module's memory (3 float32 copies of a chunk) for long tracks. */
const CHUNK_FRAMES = 4096;

/**
 * Both HPSS median filters (width kh along time, kp along frequency, 'reflect' edges) with the WASM
 * SIMD kernel, 4 series per instruction; undefined when the kernel cannot be used.
 */
export function wasmHpssMedians(d: Float32Array, nBins: number, nFrames: number, kh: number, kp: number): { harm: Float32Array; perc: Float32Array } | undefined {
  const harm = new Float32Array(d.length);
  const perc = new Float32Array(d.length);
  const ok = run(d, nBins, nFrames, kh, kp, (a, b, off, h, p) => {
    harm.set(h.subarray(off * nBins, (off + b - a) * nBins), a * nBins);
    perc.set(p.subarray(off * nBins, (off + b - a) * nBins), a * nBins);
  });
  return ok ? { harm, perc } : undefined;
}

/**
 * Per-frame rms(S=H) and rms(S=P) of HPSS with margin 1 and power 2, medians and masks in WASM
 * (float32 arithmetic as librosa's), or undefined when the kernel cannot be used.
 */
export function wasmHpssRms(d: Float32Array, nBins: number, nFrames: number, kh: number, kp: number): { harmonic: Float64Array; percussive: Float64Array } | undefined {
  const harmonic = new Float64Array(nFrames);
  const percussive = new Float64Array(nFrames);
  const ok = run(
    d,
    nBins,
    nFrames,
    kh,
    kp,
    (a, b, off, _h, _p, rh, rp) => {
      harmonic.set(rh!.subarray(off, off + b - a), a);
      percussive.set(rp!.subarray(off, off + b - a), a);
    },
    true,
  );
  return ok ? { harmonic, percussive } : undefined;
}

type ChunkSink = (a: number, b: number, off: number, harm: Float32Array, perc: Float32Array, rmsH?: Float64Array, rmsP?: Float64Array) => void;

/**
 * Runs the kernels over chunks of frames [a, b), each extended by the time kernel's radius on both
 * sides (clamped to the track) so that interior chunk edges see their real neighbours; `sink` gets
 * the chunk's results, whose frame a is at index `off` of the views.
 */
function run(d: Float32Array, nBins: number, nFrames: number, kh: number, kp: number, sink: ChunkSink, withRms = false): boolean {
  const m = median4();
  if (!m || kh > MAX_WIDTH || kp > MAX_WIDTH) return false;
  const r = kh >> 1;
  const maxFrames = Math.min(nFrames, CHUNK_FRAMES + 2 * r);
  const n = nBins * maxFrames;
  const src = DATA_BASE;
  const hp = src + n * 4;
  const pp = hp + n * 4;
  const oh = pp + n * 4 + ((8 - ((n * 4) % 8)) % 8);
  const op = oh + maxFrames * 8;
  const need = op + maxFrames * 8;
  if (!ensureMemory(m.memory, need)) return false;
  const work = new Float64Array(Math.max(nBins, maxFrames) + 2 * Math.max(kh, kp) + 2);
  for (let a = 0; a < nFrames; a += CHUNK_FRAMES) {
    const b = Math.min(nFrames, a + CHUNK_FRAMES);
    const ea = Math.max(0, a - r);
    const eb = Math.min(nFrames, b + r);
    const nf = eb - ea;
    const cn = nBins * nf;
    const buf = m.memory.buffer;
    const chunk = new Float32Array(buf, src, cn);
    chunk.set(d.subarray(ea * nBins, eb * nBins));
    m.timeMedian(src, hp, nBins, nf, kh);
    m.freqMedian(src, pp, nBins, nf, kp);
    const harm = new Float32Array(buf, hp, cn);
    const perc = new Float32Array(buf, pp, cn);
    // the kernel handles groups of 4 series; the last nBins % 4 bins and nf % 4 frames here
    for (let k = nBins - (nBins % 4); k < nBins; k++) slidingMedian(chunk, k, nBins, nf, kh, harm, k, nBins, work);
    for (let t = nf - (nf % 4); t < nf; t++) slidingMedian(chunk, t * nBins, 1, nBins, kp, perc, t * nBins, 1, work);
    if (withRms) {
      m.hpssRms(src, hp, pp, nBins, nf, oh, op);
      sink(a, b, a - ea, harm, perc, new Float64Array(buf, oh, nf), new Float64Array(buf, op, nf));
    } else {
      sink(a, b, a - ea, harm, perc);
    }
  }
  return true;
}
