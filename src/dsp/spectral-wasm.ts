import { residentHome } from './resident.js';
import { alignUp, ensureMemory, instantiateWasm } from '../util/wasm.js';
import { SPECTRAL_WASM_BASE64 } from './spectral-wasm-bytes.js';

/** The spectral kernels (also part of the STFT module, which runs them on resident spectrograms). */
export interface SpectralExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  melChroma(
    P: number,
    nBins: number,
    nFrames: number,
    melStart: number,
    melLen: number,
    melOff: number,
    melW: number,
    nMels: number,
    melOut: number,
    fb: number,
    nChroma: number,
    chromaOut: number,
    square: number,
    scratch: number,
  ): void;
  contrastMeans(
    S: number,
    nBins: number,
    nFrames: number,
    lo: number,
    hi: number,
    q: number,
    nR: number,
    peakOut: number,
    valleyOut: number,
    lowBuf: number,
    highBuf: number,
  ): void;
  piptrackPeaks(
    S: number,
    nBins: number,
    nFrames: number,
    kLo: number,
    kHi: number,
    threshold: number,
    square: number,
    sr: number,
    nFft: number,
    pitchOut: number,
    magOut: number,
    d: number,
    thr: number,
  ): number;
  centroidBandwidth(S: number, nBins: number, nFrames: number, f: number, f2: number, withBw: number, centOut: number, bwOut: number): void;
  flatnessParts(S: number, nBins: number, nFrames: number, amin: number, out: number): void;
  powerToDbPass(x: number, n: number, amin: number, dbPerNeper: number, refDb: number, out: number): number;
  logOne(x: number): number;
  signalStats(y: number, n: number, out: number): void;
  crossingsAt(y: number, base: number, thr: number, from: number, acc: number, pos: number, nPos: number, out: number): number;
}

const CHUNK_FRAMES = 4096;
let instance: SpectralExports | null | undefined;

function module(): SpectralExports | null {
  if (instance === undefined) instance = instantiateWasm<SpectralExports>(SPECTRAL_WASM_BASE64, 'MIR_FILTERBANK');
  return instance;
}

/** Where a kernel on S runs: its base for scratch, and whether S is read in place (resident) or copied in per chunk. */
interface Site {
  m: SpectralExports;
  base: number;
  inPlace: boolean;
}

/**
 * The instance a kernel on S runs in: S's own when S is resident and the scratch fits (no copy),
 * else the shared instance, grown to `end(base, false)` bytes. Undefined without the kernels.
 */
function siteFor(S: Float32Array, end: (base: number, inPlace: boolean) => number): Site | undefined {
  const shared = module();
  if (!shared) return undefined;
  const home = residentHome(S);
  if (home) {
    const m = home.exports as unknown as SpectralExports;
    if (end(home.free, true) <= m.memory.buffer.byteLength) return { m, base: home.free, inPlace: true };
  }
  const base = shared.heapBase();
  const need = end(base, false);
  if (!ensureMemory(shared.memory, need)) return undefined;
  return { m: shared, base, inPlace: false };
}

/** Byte offset of frame t0 of S for the kernel: in place, or at sAt after copying the chunk there. */
function framesAt(site: Site, S: Float32Array, nBins: number, t0: number, nf: number, sAt: number): number {
  if (site.inPlace) return S.byteOffset + t0 * nBins * 4;
  new Float32Array(site.m.memory.buffer, sAt, nf * nBins).set(S.subarray(t0 * nBins, (t0 + nf) * nBins));
  return sAt;
}

/** A sparse filterbank: band m weights bins [start[m], start[m] + weights[m].length). */
export interface SparseBank {
  start: Int32Array;
  weights: Float32Array[];
}

/**
 * Filterbank products of a power spectrogram (frame-major, nBins per frame) with WASM float32 SIMD,
 * as librosa's float32 einsum computes them: a sparse bank (mel) and/or a dense nRows × nBins bank
 * (chroma). With `square`, P holds magnitudes and is squared on the fly (no power array). Returns
 * frame-major float32 results, or undefined when the kernel cannot be used.
 */
export function wasmFilterbanks(
  P: Float32Array,
  nBins: number,
  nFrames: number,
  sparse: SparseBank | null,
  dense: Float32Array | null,
  nDense: number,
  square = false,
): { sparse?: Float32Array; dense?: Float32Array } | undefined {
  const nMels = sparse ? sparse.start.length : 0;
  const nC = dense ? nDense : 0;
  let totalW = 0;
  if (sparse) for (const w of sparse.weights) totalW += w.length;
  const al = (x: number) => alignUp(x, 16);
  const chunk = Math.min(CHUNK_FRAMES, nFrames);
  const layout = (base: number, inPlace: boolean) => {
    const startAt = base;
    const lenAt = al(startAt + nMels * 4);
    const offAt = al(lenAt + nMels * 4);
    const wAt = al(offAt + nMels * 4);
    const fbAt = al(wAt + totalW * 4);
    const pAt = al(fbAt + nC * nBins * 4);
    const melAt = al(pAt + (inPlace ? 0 : chunk * nBins * 4));
    const chAt = al(melAt + chunk * nMels * 4);
    const scratchAt = al(chAt + chunk * nC * 4);
    return { startAt, lenAt, offAt, wAt, fbAt, pAt, melAt, chAt, scratchAt, end: scratchAt + nBins * 4 + 16 };
  };
  const site = siteFor(P, (b, inPlace) => layout(b, inPlace).end);
  if (!site) return undefined;
  const m = site.m;
  const { startAt, lenAt, offAt, wAt, fbAt, pAt, melAt, chAt, scratchAt } = layout(site.base, site.inPlace);
  let buf = m.memory.buffer;
  if (sparse) {
    const st = new Int32Array(buf, startAt, nMels);
    const ln = new Int32Array(buf, lenAt, nMels);
    const of = new Int32Array(buf, offAt, nMels);
    const ws = new Float32Array(buf, wAt, totalW);
    let o = 0;
    for (let b = 0; b < nMels; b++) {
      st[b] = sparse.start[b]!;
      ln[b] = sparse.weights[b]!.length;
      of[b] = o;
      ws.set(sparse.weights[b]!, o);
      o += sparse.weights[b]!.length;
    }
  }
  if (dense) new Float32Array(buf, fbAt, nC * nBins).set(dense.subarray(0, nC * nBins));
  const melOut = sparse ? new Float32Array(nFrames * nMels) : undefined;
  const chOut = dense ? new Float32Array(nFrames * nC) : undefined;
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    buf = m.memory.buffer;
    const at = framesAt(site, P, nBins, t0, nf, pAt);
    m.melChroma(at, nBins, nf, startAt, lenAt, offAt, wAt, nMels, melAt, fbAt, nC, chAt, square ? 1 : 0, scratchAt);
    if (melOut) melOut.set(new Float32Array(buf, melAt, nf * nMels), t0 * nMels);
    if (chOut) chOut.set(new Float32Array(buf, chAt, nf * nC), t0 * nC);
  }
  return { sparse: melOut, dense: chOut };
}

/**
 * Spectral contrast's per-band means of the q smallest (valley) and q largest (peak) magnitudes of
 * each frame (bands as bin ranges [lo, hi)), with the WASM kernel: the same selection and sums as
 * the JavaScript path in spectral.ts. Frame-major float64 (values rounded to float32); undefined
 * when the kernel cannot be used.
 */
export function wasmContrastMeans(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  lo: Int32Array,
  hi: Int32Array,
  q: Int32Array,
): { peak: Float64Array; valley: Float64Array } | undefined {
  const nR = lo.length;
  let qMax = 1;
  for (const v of q) qMax = Math.max(qMax, v);
  const al = (x: number) => alignUp(x, 16);
  const chunk = Math.min(CHUNK_FRAMES, nFrames);
  const layout = (base: number, inPlace: boolean) => {
    const loAt = base;
    const hiAt = al(loAt + nR * 4);
    const qAt = al(hiAt + nR * 4);
    const lowAt = al(qAt + nR * 4);
    const highAt = al(lowAt + Math.max(qMax, 16) * 4);
    const sAt = al(highAt + Math.max(qMax, 16) * 4);
    const peakAt = al(sAt + (inPlace ? 0 : chunk * nBins * 4));
    const valleyAt = al(peakAt + chunk * nR * 8);
    return { loAt, hiAt, qAt, lowAt, highAt, sAt, peakAt, valleyAt, end: valleyAt + chunk * nR * 8 + 16 };
  };
  const site = siteFor(S, (b, inPlace) => layout(b, inPlace).end);
  if (!site) return undefined;
  const m = site.m;
  const { loAt, hiAt, qAt, lowAt, highAt, sAt, peakAt, valleyAt } = layout(site.base, site.inPlace);
  let buf = m.memory.buffer;
  new Int32Array(buf, loAt, nR).set(lo);
  new Int32Array(buf, hiAt, nR).set(hi);
  new Int32Array(buf, qAt, nR).set(q);
  const peak = new Float64Array(nFrames * nR);
  const valley = new Float64Array(nFrames * nR);
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    buf = m.memory.buffer;
    const at = framesAt(site, S, nBins, t0, nf, sAt);
    m.contrastMeans(at, nBins, nf, loAt, hiAt, qAt, nR, peakAt, valleyAt, lowAt, highAt);
    peak.set(new Float64Array(buf, peakAt, nf * nR), t0 * nR);
    valley.set(new Float64Array(buf, valleyAt, nf * nR), t0 * nR);
  }
  return { peak, valley };
}

/**
 * piptrack's peaks with the WASM kernel: the same values, in the same order, as the JavaScript
 * path in chroma.ts (frequencies in Hz and magnitudes, float32). S holds power, or magnitudes
 * squared per frame with `square`. Undefined when the kernel cannot be used.
 */
export function wasmPiptrackPeaks(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  kLo: number,
  kHi: number,
  threshold: number,
  square: boolean,
  sr: number,
  nFft: number,
): { pitches: Float32Array; mags: Float32Array } | undefined {
  const al = (x: number) => alignUp(x, 16);
  const chunk = Math.min(CHUNK_FRAMES, nFrames);
  // two adjacent bins cannot both be peaks
  const perFrame = Math.max(0, (kHi - kLo + 1) >> 1);
  const layout = (base: number, inPlace: boolean) => {
    const dAt = base;
    const thrAt = al(dAt + nBins * 4);
    const sAt = al(thrAt + nBins * 4);
    const pAt = al(sAt + (inPlace ? 0 : chunk * nBins * 4));
    const mAt = al(pAt + chunk * perFrame * 4);
    return { dAt, thrAt, sAt, pAt, mAt, end: mAt + chunk * perFrame * 4 + 16 };
  };
  const site = siteFor(S, (b, inPlace) => layout(b, inPlace).end);
  if (!site) return undefined;
  const m = site.m;
  const { dAt, thrAt, sAt, pAt, mAt } = layout(site.base, site.inPlace);
  let pitches = new Float32Array(Math.max(16, nFrames * 4));
  let mags = new Float32Array(pitches.length);
  let n = 0;
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    const at = framesAt(site, S, nBins, t0, nf, sAt);
    const buf = m.memory.buffer;
    const got = m.piptrackPeaks(at, nBins, nf, kLo, kHi, threshold, square ? 1 : 0, sr, nFft, pAt, mAt, dAt, thrAt);
    if (n + got > pitches.length) {
      const size = Math.max(2 * pitches.length, n + got);
      const p2 = new Float32Array(size);
      p2.set(pitches.subarray(0, n));
      pitches = p2;
      const m2 = new Float32Array(size);
      m2.set(mags.subarray(0, n));
      mags = m2;
    }
    pitches.set(new Float32Array(buf, pAt, got), n);
    mags.set(new Float32Array(buf, mAt, got), n);
    n += got;
  }
  return { pitches: pitches.slice(0, n), mags: mags.slice(0, n) };
}

/**
 * Spectral centroid and bandwidth (Hz per frame, float64) with the WASM kernel: the same operations
 * and summation order as the JavaScript path in spectral.ts, so the same values. f and f2 are the
 * bin frequencies and their squares. Undefined when the kernel cannot be used.
 */
export function wasmCentroidBandwidth(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  f: Float64Array,
  f2: Float64Array,
  withBandwidth: boolean,
): { centroid: Float64Array; bandwidth: Float64Array } | undefined {
  const al = (x: number) => alignUp(x, 16);
  const chunk = Math.min(CHUNK_FRAMES, nFrames);
  const layout = (base: number, inPlace: boolean) => {
    const fAt = al(base);
    const f2At = al(fAt + nBins * 8);
    const sAt = al(f2At + nBins * 8);
    const cAt = al(sAt + (inPlace ? 0 : chunk * nBins * 4));
    const bAt = al(cAt + chunk * 8);
    return { fAt, f2At, sAt, cAt, bAt, end: bAt + chunk * 8 + 16 };
  };
  const site = siteFor(S, (b, inPlace) => layout(b, inPlace).end);
  if (!site) return undefined;
  const m = site.m;
  const { fAt, f2At, sAt, cAt, bAt } = layout(site.base, site.inPlace);
  new Float64Array(m.memory.buffer, fAt, nBins).set(f.subarray(0, nBins));
  new Float64Array(m.memory.buffer, f2At, nBins).set(f2.subarray(0, nBins));
  const centroid = new Float64Array(nFrames);
  const bandwidth = new Float64Array(withBandwidth ? nFrames : 0);
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    const at = framesAt(site, S, nBins, t0, nf, sAt);
    m.centroidBandwidth(at, nBins, nf, fAt, f2At, withBandwidth ? 1 : 0, cAt, bAt);
    const buf = m.memory.buffer;
    centroid.set(new Float64Array(buf, cAt, nf), t0);
    if (withBandwidth) bandwidth.set(new Float64Array(buf, bAt, nf), t0);
  }
  return { centroid, bandwidth };
}

/**
 * Spectral flatness's per-frame parts (power 2) with the WASM kernel, the same values as the
 * JavaScript path computes: three float64 per frame (Σ max(amin, S²), the product renormalised to
 * [1, 2), its binary exponent). Undefined when the kernel cannot be used.
 */
export function wasmFlatnessParts(S: Float32Array, nBins: number, nFrames: number, amin: number): Float64Array | undefined {
  const al = (x: number) => alignUp(x, 16);
  const chunk = Math.min(CHUNK_FRAMES, nFrames);
  const layout = (base: number, inPlace: boolean) => {
    const sAt = al(base);
    const oAt = al(sAt + (inPlace ? 0 : chunk * nBins * 4));
    return { sAt, oAt, end: oAt + chunk * 24 + 16 };
  };
  const site = siteFor(S, (b, inPlace) => layout(b, inPlace).end);
  if (!site) return undefined;
  const m = site.m;
  const { sAt, oAt } = layout(site.base, site.inPlace);
  const parts = new Float64Array(nFrames * 3);
  for (let t0 = 0; t0 < nFrames; t0 += CHUNK_FRAMES) {
    const nf = Math.min(CHUNK_FRAMES, nFrames - t0);
    const at = framesAt(site, S, nBins, t0, nf, sAt);
    m.flatnessParts(at, nBins, nf, amin, oAt);
    parts.set(new Float64Array(m.memory.buffer, oAt, nf * 3), t0 * 3);
  }
  return parts;
}

/** Values per powerToDbPass call: bounds the shared module's memory. */
const DB_CHUNK = 1 << 20;

/**
 * power_to_db's first pass with the WASM kernel, the same values as the JavaScript path in db.ts:
 * out[i] = f32(f32(ln(max(x[i], amin)) · dbPerNeper) − refDb) with V8's logarithm, and the
 * largest non-NaN output (−∞ when none). Undefined when the kernel cannot be used.
 */
export function wasmPowerToDbPass(x: Float32Array, amin: number, dbPerNeper: number, refDb: number): { out: Float32Array; max: number } | undefined {
  const n = x.length;
  const chunk = Math.min(DB_CHUNK, n);
  const al = (v: number) => alignUp(v, 16);
  const layout = (base: number) => {
    const xAt = al(base);
    const oAt = al(xAt + chunk * 4);
    return { xAt, oAt, end: oAt + chunk * 4 + 16 };
  };
  // the input is never a resident spectrogram of this kind: always the shared instance
  const site = siteFor(x.subarray(0), (b) => layout(b).end);
  if (!site) return undefined;
  const m = site.m;
  const { xAt, oAt } = layout(site.base);
  const out = new Float32Array(n);
  let max = Number.NEGATIVE_INFINITY;
  for (let i0 = 0; i0 < n; i0 += DB_CHUNK) {
    const c = Math.min(DB_CHUNK, n - i0);
    const buf = m.memory.buffer;
    new Float32Array(buf, xAt, c).set(x.subarray(i0, i0 + c));
    const mx = m.powerToDbPass(xAt, c, amin, dbPerNeper, refDb, oAt);
    if (mx > max) max = mx;
    out.set(new Float32Array(m.memory.buffer, oAt, c), i0);
  }
  return { out, max };
}

/** ln(x) as the power_to_db kernel computes it (positive normal x), for tests; undefined without the kernel. */
export function wasmLog(x: number): number | undefined {
  return module()?.logOne(x);
}

/** Samples per call of the signal kernels: bounds the shared module's memory. */
const SIGNAL_CHUNK = 1 << 20;


/**
 * The input check's statistics with the WASM kernel: the largest sample (at least 0), the smallest
 * (at most 0), NaN never entering either, and whether any sample is not finite. Undefined when the
 * kernel cannot be used.
 */
export function wasmSignalStats(y: Float32Array): { hi: number; lo: number; finite: boolean } | undefined {
  const m = module();
  if (!m) return undefined;
  const outAt = alignUp(m.heapBase(), 16);
  const yAt = outAt + 16;
  if (!ensureMemory(m.memory, yAt + Math.min(SIGNAL_CHUNK, y.length) * 4 + 16)) return undefined;
  let hi = 0;
  let lo = 0;
  let finite = true;
  for (let i0 = 0; i0 < y.length; i0 += SIGNAL_CHUNK) {
    const c = Math.min(SIGNAL_CHUNK, y.length - i0);
    const buf = m.memory.buffer;
    new Float32Array(buf, yAt, c).set(y.subarray(i0, i0 + c));
    m.signalStats(yAt, c, outAt);
    const r = new Float32Array(m.memory.buffer, outAt, 3);
    if (r[0]! > hi) hi = r[0]!;
    if (r[1]! < lo) lo = r[1]!;
    if (r[2] !== 0) finite = false;
  }
  return { hi, lo, finite };
}

/**
 * Zero-crossing counts at ascending sample positions with the WASM kernel: out[i] = crossings at
 * samples 1 ≤ j < pos[i] (a crossing at j compares y[j − 1] and y[j]; negative means below thr).
 * Positions lie in [1, y.length]. Undefined when the kernel cannot be used.
 */
export function wasmCrossingsAt(y: Float32Array, thr: number, pos: Int32Array): Int32Array | undefined {
  const m = module();
  if (!m) return undefined;
  const out = new Int32Array(pos.length);
  if (pos.length === 0) return out;
  // a chunk of positions spans at most SIGNAL_CHUNK samples, or one gap when a gap is longer
  let span = SIGNAL_CHUNK;
  let last = 1;
  for (const p of pos) {
    span = Math.max(span, p - last + 1);
    last = p;
  }
  const maxPos = Math.min(pos.length, 1 << 13);
  const posAt = alignUp(m.heapBase(), 16);
  const outAt = posAt + maxPos * 4;
  const yAt = outAt + maxPos * 4;
  if (!ensureMemory(m.memory, yAt + (span + 1) * 4 + 16)) return undefined;
  let from = 1;
  let acc = 0;
  let i0 = 0;
  while (i0 < pos.length) {
    let i1 = i0 + 1;
    while (i1 < pos.length && i1 - i0 < maxPos && pos[i1]! - from <= span) i1++;
    const to = pos[i1 - 1]!;
    const base = from - 1;
    const buf = m.memory.buffer;
    if (to > base) new Float32Array(buf, yAt, to - base).set(y.subarray(base, to));
    new Int32Array(buf, posAt, i1 - i0).set(pos.subarray(i0, i1));
    acc = m.crossingsAt(yAt, base, thr, from, acc, posAt, i1 - i0, outAt);
    out.set(new Int32Array(m.memory.buffer, outAt, i1 - i0), i0);
    from = Math.max(from, to);
    i0 = i1;
  }
  return out;
}
