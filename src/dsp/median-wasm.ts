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
  if (instance !== undefined) return instance;
  instance = null;
  if (process.env.MIR_MEDIAN === 'js' || typeof WebAssembly === 'undefined') return instance;
  try {
    const bytes = Buffer.from(MEDIAN4_WASM_BASE64, 'base64');
    if (!WebAssembly.validate(bytes)) return instance;
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Median4Exports;
  } catch {
    instance = null;
  }
  return instance;
}

/** True when the WASM SIMD median filter is in use (otherwise HPSS runs the JavaScript one). */
export function wasmMedianAvailable(): boolean {
  return median4() !== null;
}

/**
 * Both HPSS median filters (width kh along time, kp along frequency, 'reflect' edges) with the WASM
 * SIMD kernel, 4 series per instruction. Returns views into the module's memory, valid until the
 * next call on this thread, or undefined when the kernel cannot be used.
 */
export function wasmHpssMedians(d: Float32Array, nBins: number, nFrames: number, kh: number, kp: number): { harm: Float32Array; perc: Float32Array } | undefined {
  const r = run(d, nBins, nFrames, kh, kp, false);
  return r && { harm: r.harm, perc: r.perc };
}

/**
 * Per-frame rms(S=H) and rms(S=P) of HPSS with margin 1 and power 2, medians and masks in WASM
 * (float32 arithmetic as librosa's), or undefined when the kernel cannot be used.
 */
export function wasmHpssRms(d: Float32Array, nBins: number, nFrames: number, kh: number, kp: number): { harmonic: Float64Array; percussive: Float64Array } | undefined {
  const r = run(d, nBins, nFrames, kh, kp, true);
  return r?.rms;
}

function run(
  d: Float32Array,
  nBins: number,
  nFrames: number,
  kh: number,
  kp: number,
  withRms: boolean,
): { harm: Float32Array; perc: Float32Array; rms?: { harmonic: Float64Array; percussive: Float64Array } } | undefined {
  const m = median4();
  if (!m || kh > MAX_WIDTH || kp > MAX_WIDTH) return undefined;
  const n = nBins * nFrames;
  const src = DATA_BASE;
  const hp = src + n * 4;
  const pp = hp + n * 4;
  const oh = pp + n * 4 + ((8 - ((n * 4) % 8)) % 8);
  const op = oh + nFrames * 8;
  const need = op + nFrames * 8;
  const have = m.memory.buffer.byteLength;
  if (need > have) {
    try {
      m.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return undefined;
    }
  }
  const buf = m.memory.buffer;
  new Float32Array(buf, src, n).set(d);
  m.timeMedian(src, hp, nBins, nFrames, kh);
  m.freqMedian(src, pp, nBins, nFrames, kp);
  const harm = new Float32Array(buf, hp, n);
  const perc = new Float32Array(buf, pp, n);
  // the kernel handles groups of 4 series; the last nBins % 4 bins and nFrames % 4 frames here
  const work = new Float64Array(Math.max(nBins, nFrames) + 2 * Math.max(kh, kp) + 2);
  for (let k = nBins - (nBins % 4); k < nBins; k++) slidingMedian(d, k, nBins, nFrames, kh, harm, k, nBins, work);
  for (let t = nFrames - (nFrames % 4); t < nFrames; t++) slidingMedian(d, t * nBins, 1, nBins, kp, perc, t * nBins, 1, work);
  if (!withRms) return { harm, perc };
  m.hpssRms(src, hp, pp, nBins, nFrames, oh, op);
  return {
    harm,
    perc,
    rms: { harmonic: new Float64Array(buf, oh, nFrames).slice(), percussive: new Float64Array(buf, op, nFrames).slice() },
  };
}
