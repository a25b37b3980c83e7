/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc filter in polyphase form.
 *
 * The ratio toRate/fromRate is reduced to L/M by their gcd; output sample j sits at input time
 * j·M/L, so it needs one of L fractional phases of the filter. Those L rows of taps are computed
 * once (or, for ratios with very many phases, interpolated from a finely sampled table). The filter
 * is zero-phase (output j is aligned with input time j·M/L, no delay) and each phase row is
 * normalised to unit DC gain. Inputs before the start and after the end count as zeros, like soxr.
 */

import { createSimdDot, SIMD_TAP_MULTIPLE, type SimdDot } from './simd-dot.js';

/** Filter specification, relative to the lower of the two Nyquist frequencies. */
export interface ResamplerDesign {
  /** Passband edge as a fraction of the lower Nyquist (flat up to here). */
  passband: number;
  /** Stopband edge as a fraction of the lower Nyquist (attenuated from here). */
  stopband: number;
  /** Stopband attenuation in dB (Kaiser design; passband ripple is about the same fraction). */
  attenuationDb: number;
}

/** Default design: flat to 91 % of Nyquist, ≥ 110 dB down from Nyquist on (close to soxr "HQ"). */
export const DEFAULT_RESAMPLER_DESIGN: Readonly<ResamplerDesign> = Object.freeze({
  passband: 0.91,
  stopband: 1.0,
  attenuationDb: 110,
});

// Above this many phases the rows are interpolated from a table instead of stored one by one.
const MAX_STORED_PHASES = 4096;
// Table resolution (points per input sample) for the interpolated form: linear interpolation error
// stays below about -120 dB for the filters designed here.
const TABLE_STEPS = 2048;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser β for a given stopband attenuation in dB (Kaiser's empirical formula). */
function kaiserBeta(a: number): number {
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a >= 21) return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21);
  return 0;
}

/** The rational ratio and filter taps for a conversion. */
interface Kernel {
  L: number;
  M: number;
  /** Taps per phase (a multiple of 16, the SIMD loop's step). */
  K: number;
  /** L×K stored rows, or undefined when rows come from `table`. */
  rows?: Float64Array;
  /** The same rows in float32, for the SIMD loop. */
  rows32?: Float32Array;
  /** g(τ) sampled at τ = -K/2 + i / TABLE_STEPS. */
  table?: Float64Array;
  /** Continuous filter: g(τ), τ in input samples. */
  g: (tau: number) => number;
}

const kernelCache = new Map<string, Kernel>();

function makeKernel(fromRate: number, toRate: number, d: ResamplerDesign): Kernel {
  const key = `${fromRate}/${toRate}/${d.passband}/${d.stopband}/${d.attenuationDb}`;
  const hit = kernelCache.get(key);
  if (hit) return hit;
  const c = gcd(fromRate, toRate);
  const L = toRate / c;
  const M = fromRate / c;
  const scale = Math.min(1, toRate / fromRate); // lower Nyquist relative to the input's
  const fc = 0.5 * scale * ((d.passband + d.stopband) / 2); // cut-off, cycles per input sample
  const width = 0.5 * scale * (d.stopband - d.passband); // transition, cycles per input sample
  const nTaps = (d.attenuationDb - 7.95) / (14.36 * width) + 1;
  const K = Math.max(SIMD_TAP_MULTIPLE, Math.ceil(nTaps / SIMD_TAP_MULTIPLE) * SIMD_TAP_MULTIPLE);
  const H = K / 2;
  const beta = kaiserBeta(d.attenuationDb);
  const i0b = besselI0(beta);
  const g = (tau: number): number => {
    const r = tau / H;
    if (r <= -1 || r >= 1) return 0;
    const w = besselI0(beta * Math.sqrt(1 - r * r)) / i0b;
    const x = 2 * fc * tau;
    const s = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return 2 * fc * s * w;
  };
  const k: Kernel = { L, M, K, g };
  if (L <= MAX_STORED_PHASES) {
    const rows = new Float64Array(L * K);
    for (let p = 0; p < L; p++) fillRow(rows, p * K, p / L, K, g);
    k.rows = rows;
    k.rows32 = Float32Array.from(rows);
  } else {
    const n = K * TABLE_STEPS + 1;
    const table = new Float64Array(n);
    for (let i = 0; i < n; i++) table[i] = g(-H + i / TABLE_STEPS);
    k.table = table;
  }
  kernelCache.set(key, k);
  return k;
}

/** Taps for fractional offset `frac`, normalised to unit sum, written at `out[off..off+K)`. */
function fillRow(out: Float64Array | Float32Array, off: number, frac: number, K: number, g: (t: number) => number): void {
  let sum = 0;
  const tmp = new Float64Array(K);
  for (let m = 0; m < K; m++) {
    tmp[m] = g(frac + K / 2 - 1 - m);
    sum += tmp[m];
  }
  for (let m = 0; m < K; m++) out[off + m] = tmp[m] / sum;
}

/**
 * Incremental resampler: push input blocks of any size, get the output samples they complete;
 * `flush()` returns the rest. Concatenated outputs equal `resample()` of the concatenated input.
 * Uses a WebAssembly SIMD dot product (float32) when the runtime has it, plain JS (float64) otherwise.
 */
export class StreamingResampler {
  readonly fromRate: number;
  readonly toRate: number;
  private readonly k: Kernel;
  /** SIMD instance; its memory holds [rows | scratch row | input buffer], all float32. */
  private readonly simd: SimdDot | undefined;
  private bufByte = 0;
  private scratchByte = 0;
  private buf: Float32Array | Float64Array;
  private scratch: Float32Array | Float64Array;
  private bufLen: number;
  /** Absolute input index of buf[0] (negative at the start: the zero history). */
  private bufStart: number;
  /** Absolute input index that output `nextOut` is based on, and its phase (0..L-1). */
  private base = 0;
  private phase = 0;
  private nextOut = 0;
  private totalIn = 0;
  private flushed = false;

  constructor(fromRate: number, toRate: number, design: ResamplerDesign = DEFAULT_RESAMPLER_DESIGN, opts: { simd?: boolean } = {}) {
    if (!(Number.isInteger(fromRate) && fromRate > 0 && Number.isInteger(toRate) && toRate > 0)) {
      throw new RangeError(`sample rates must be positive integers (got ${fromRate} → ${toRate})`);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.k = makeKernel(fromRate, toRate, design);
    const { K } = this.k;
    const capacity = K + 65536;
    this.simd = opts.simd === false ? undefined : createSimdDot();
    if (this.simd) {
      const rowBytes = this.k.rows32 ? this.k.rows32.length * 4 : 0;
      this.scratchByte = rowBytes;
      this.bufByte = rowBytes + K * 4;
      this.ensureMemory(this.bufByte + capacity * 4);
      if (this.k.rows32) new Float32Array(this.simd.memory.buffer, 0, this.k.rows32.length).set(this.k.rows32);
      this.scratch = new Float32Array(this.simd.memory.buffer, this.scratchByte, K);
      this.buf = new Float32Array(this.simd.memory.buffer, this.bufByte, capacity);
    } else {
      this.scratch = new Float64Array(K);
      this.buf = new Float64Array(capacity);
    }
    // Zero history so the first outputs see zeros before the signal.
    const h = K / 2;
    this.bufLen = h - 1;
    this.bufStart = -(h - 1);
  }

  private ensureMemory(bytes: number): void {
    const mem = this.simd!.memory;
    const need = Math.ceil((bytes - mem.buffer.byteLength) / 65536);
    if (need > 0) mem.grow(need);
  }

  /** Number of output samples produced so far. */
  get outputLength(): number {
    return this.nextOut;
  }

  /** Feeds input samples; returns the output samples that are now complete (may be empty). */
  push(x: Float32Array): Float32Array {
    if (this.flushed) throw new Error('StreamingResampler: push after flush');
    this.append(x);
    this.totalIn += x.length;
    return this.run(Number.POSITIVE_INFINITY);
  }

  /** Ends the stream: pads with zeros and returns the last ceil(n·to/from) − produced samples. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    const { L, M, K } = this.k;
    const total = Math.ceil((this.totalIn * L) / M);
    this.append(new Float32Array(K));
    return this.run(total);
  }

  private append(x: Float32Array): void {
    const { K } = this.k;
    // Drop samples no future output needs.
    const keepFrom = this.base - K / 2 + 1 - this.bufStart;
    if (keepFrom > 0) {
      this.buf.copyWithin(0, keepFrom, this.bufLen);
      this.bufLen -= keepFrom;
      this.bufStart += keepFrom;
    }
    if (this.bufLen + x.length > this.buf.length) {
      const cap = Math.max(this.bufLen + x.length, this.buf.length * 2);
      if (this.simd) {
        this.ensureMemory(this.bufByte + cap * 4);
        // Growing detaches the old views; the data stays in place.
        this.buf = new Float32Array(this.simd.memory.buffer, this.bufByte, cap);
        this.scratch = new Float32Array(this.simd.memory.buffer, this.scratchByte, K);
      } else {
        const nb = new Float64Array(cap);
        nb.set(this.buf.subarray(0, this.bufLen));
        this.buf = nb;
      }
    }
    this.buf.set(x, this.bufLen);
    this.bufLen += x.length;
  }

  private run(limit: number): Float32Array {
    const { L, M, K, rows, table } = this.k;
    const h = K / 2;
    const avail = this.bufStart + this.bufLen; // first absolute index not yet received
    // Outputs q = 0, 1, … need floor((base·L + phase + q·M) / L) + h < avail.
    let n = Math.ceil(((avail - h - this.base) * L - this.phase) / M);
    n = Math.max(0, Math.min(limit - this.nextOut, n));
    const mInt = Math.floor(M / L);
    const mFrac = M - mInt * L;
    if (this.simd && rows && n > 0) {
      const lastBase = this.base + (n - 1) * mInt + Math.floor((this.phase + (n - 1) * mFrac) / L);
      if (lastBase - h + 1 - this.bufStart + K <= this.bufLen) return this.runInWasm(n, mInt, mFrac);
    }
    const out = new Float32Array(n);
    let base = this.base;
    let phase = this.phase;
    let o = 0;
    const buf = this.buf;
    const simd = this.simd;
    while (o < n) {
      const start = base - h + 1 - this.bufStart;
      if (start + K > this.bufLen) break;
      if (!rows) this.interpolateRow(table!, phase / L);
      if (simd) {
        const rowByte = rows ? phase * K * 4 : this.scratchByte;
        out[o++] = simd.dot(rowByte, this.bufByte + start * 4, K);
      } else {
        const c = rows ?? this.scratch;
        const off = rows ? phase * K : 0;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let m = 0; m < K; m += 4) {
          a0 += c[off + m] * buf[start + m];
          a1 += c[off + m + 1] * buf[start + m + 1];
          a2 += c[off + m + 2] * buf[start + m + 2];
          a3 += c[off + m + 3] * buf[start + m + 3];
        }
        out[o++] = a0 + a1 + a2 + a3;
      }
      base += mInt;
      phase += mFrac;
      if (phase >= L) {
        phase -= L;
        base++;
      }
    }
    this.base = base;
    this.phase = phase;
    this.nextOut += o;
    return o === n ? out : out.subarray(0, o);
  }

  /**
   * `run` for stored rows in one call into WebAssembly (the same `dot` per output, so the same
   * bits): the outputs go to the module's memory past the input buffer and are copied out.
   */
  private runInWasm(n: number, mInt: number, mFrac: number): Float32Array {
    const { L, K } = this.k;
    const simd = this.simd!;
    const capacity = this.buf.length;
    const outByte = this.bufByte + capacity * 4;
    if (outByte + n * 4 > simd.memory.buffer.byteLength) {
      this.ensureMemory(outByte + n * 4);
      // Growing detaches the old views (their length reads 0 from then on); the data stays in place.
      this.buf = new Float32Array(simd.memory.buffer, this.bufByte, capacity);
      this.scratch = new Float32Array(simd.memory.buffer, this.scratchByte, K);
    }
    const start = this.base - K / 2 + 1 - this.bufStart;
    simd.dots(0, this.bufByte + start * 4, K, outByte, outByte + n * 4, this.phase, L, mInt * 4, mFrac);
    const out = new Float32Array(simd.memory.buffer, outByte, n).slice();
    const carried = this.phase + n * mFrac;
    this.base += n * mInt + Math.floor(carried / L);
    this.phase = carried % L;
    this.nextOut += n;
    return out;
  }

  /** Row for an arbitrary fractional offset, linearly interpolated from the table, unit sum, into scratch. */
  private interpolateRow(table: Float64Array, frac: number): void {
    const K = this.k.K;
    const out = this.scratch;
    let sum = 0;
    for (let m = 0; m < K; m++) {
      // τ = frac + K/2 - 1 - m  →  table position (τ + K/2) · TABLE_STEPS
      const pos = (frac + K - 1 - m) * TABLE_STEPS;
      const i = Math.floor(pos);
      const f = pos - i;
      const v = i + 1 < table.length ? table[i] + f * (table[i + 1] - table[i]) : 0;
      out[m] = v;
      sum += v;
    }
    for (let m = 0; m < K; m++) out[m] /= sum;
  }
}

/**
 * Resamples a whole signal from `fromRate` to `toRate` (Hz, integers); returns
 * ceil(x.length · toRate / fromRate) samples, time-aligned with the input (no delay).
 */
export function resample(
  x: Float32Array,
  fromRate: number,
  toRate: number,
  design: ResamplerDesign = DEFAULT_RESAMPLER_DESIGN,
): Float32Array {
  if (fromRate === toRate) return x.slice();
  const r = new StreamingResampler(fromRate, toRate, design);
  const a = r.push(x);
  const b = r.flush();
  if (b.length === 0) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Taps per output sample of the filter for a conversion (its cost: one multiply-add each). */
export function resamplerTaps(fromRate: number, toRate: number, design = DEFAULT_RESAMPLER_DESIGN): number {
  return makeKernel(fromRate, toRate, design).K;
}
