import { RealFFT } from './fft.js';
import { wasmTempogramStats } from './stft-wasm.js';
import { hann } from './window.js';

const TINY64 = 2.2250738585072014e-308;

/** Options of the tempogram; defaults mirror librosa.feature.tempogram (win 384 frames, Hann, norm inf). */
export interface TempogramOptions {
  winLength?: number;
}

/** The onset envelope padded by winLength/2 on both sides as np.pad(mode='linear_ramp', end_values=0) does (in float32). */
function paddedEnvelope(env: Float32Array, winLength: number): Float64Array {
  const n = env.length;
  const half = winLength >> 1;
  const padded = new Float64Array(n + 2 * half);
  const first = n > 0 ? env[0]! : 0;
  const last = n > 0 ? env[n - 1]! : 0;
  for (let i = 0; i < half; i++) padded[i] = Math.fround(i * (first / half));
  for (let i = 0; i < n; i++) padded[half + i] = env[i]!;
  for (let j = 0; j < half; j++) padded[half + n + j] = Math.fround((half - 1 - j) * (last / half));
  return padded;
}

/**
 * Walks the autocorrelation tempogram (librosa.feature.tempogram, centred, linear-ramp padding,
 * periodic Hann window, each frame scaled so lag 0 is 1) frame by frame without storing it;
 * `visit(t, ac)` gets lags 0..win−1 of frame t (buffer reused).
 */
export function forEachTempogramFrame(env: Float32Array, winLength: number, visit: (t: number, ac: Float64Array) => void): void {
  const n = env.length;
  const padded = paddedEnvelope(env, winLength);
  const win = hann(winLength);
  let nPad = 1;
  while (nPad < 2 * winLength - 1) nPad <<= 1;
  const fft = new RealFFT(nPad);
  const buf = new Float64Array(nPad);
  const nb = nPad / 2 + 1;
  const re = new Float64Array(nb);
  const im = new Float64Array(nb);
  const zero = new Float64Array(nb);
  const ac = new Float64Array(nPad);
  const out = new Float64Array(winLength);
  const nFrames = Math.min(n, padded.length - winLength + 1);
  for (let t = 0; t < nFrames; t++) {
    for (let i = 0; i < winLength; i++) buf[i] = padded[t + i]! * win[i]!;
    fft.forward(buf, re, im);
    for (let k = 0; k < nb; k++) re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    fft.inverse(re, zero, ac);
    let mx = 0;
    for (let i = 0; i < winLength; i++) {
      const a = Math.abs(ac[i]!);
      if (a > mx) mx = a;
    }
    const len = mx < TINY64 ? 1 : mx;
    for (let i = 0; i < winLength; i++) out[i] = ac[i]! / len;
    visit(t, out);
  }
}

/** The tempogram as a frame-major matrix (frames × winLength lags), float64. */
export function tempogram(env: Float32Array, opts: TempogramOptions = {}): { nLags: number; nFrames: number; data: Float64Array } {
  const w = opts.winLength ?? 384;
  const data = new Float64Array(env.length * w);
  forEachTempogramFrame(env, w, (t, ac) => data.set(ac, t * w));
  return { nLags: w, nFrames: env.length, data };
}

/** Flatness of a non-negative vector (power 1, amin 1e-10): geometric over arithmetic mean of max(amin, x); unitless in [0, 1]. */
export function flatness(x: ArrayLike<number>, amin = 1e-10): number {
  let sl = 0;
  let sa = 0;
  const n = x.length;
  let prod = 1;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.max(amin, x[i]!);
    sa += v;
    // one log per 16 values; the product stays in float64 range while values lie in [1e-10, 1e6]
    if (v <= 1e6) {
      prod *= v;
      if (++c === 16) {
        sl += Math.log(prod);
        prod = 1;
        c = 0;
      }
    } else {
      sl += Math.log(v);
    }
  }
  sl += Math.log(prod);
  return Math.exp(sl / n) / (sa / n);
}

/** Per-frame tempogram flatness and the tempogram's mean over time (lags 0..win−1), one pass without storing the tempogram. */
export function tempogramStats(env: Float32Array, winLength = 384): { meanOverTime: Float64Array; frameFlatness: Float64Array } {
  return tempogramStatsWith(env, winLength, true);
}

/**
 * `tempogramStats` with the WASM kernel taking one frame at a time instead of two per f64x2
 * instruction: the reference its paired frames are tested against, bit for bit.
 */
export function tempogramStatsUnpaired(env: Float32Array, winLength = 384): { meanOverTime: Float64Array; frameFlatness: Float64Array } {
  return tempogramStatsWith(env, winLength, false);
}

function tempogramStatsWith(env: Float32Array, winLength: number, pairUp: boolean): { meanOverTime: Float64Array; frameFlatness: Float64Array } {
  const n = env.length;
  let nPad = 1;
  while (nPad < 2 * winLength - 1) nPad <<= 1;
  if (n > 0 && nPad >= 8) {
    const w = wasmTempogramStats(paddedEnvelope(env, winLength), n, winLength, nPad, pairUp);
    if (w) {
      for (let i = 0; i < winLength; i++) w.sum[i] = w.sum[i]! / n;
      return { meanOverTime: w.sum, frameFlatness: w.flat };
    }
  }
  return tempogramStatsJs(env, winLength);
}

/** `tempogramStats` in plain JavaScript; the reference for the WASM kernel. */
export function tempogramStatsJs(env: Float32Array, winLength = 384): { meanOverTime: Float64Array; frameFlatness: Float64Array } {
  const mean = new Float64Array(winLength);
  const fl = new Float64Array(env.length);
  const amin = 1e-10;
  forEachTempogramFrame(env, winLength, (t, ac) => {
    let sl = 0;
    let sa = 0;
    let prod = 1;
    let c = 0;
    for (let i = 0; i < winLength; i++) {
      const a = ac[i]!;
      mean[i]! += a;
      // normalised lags lie in [-1, 1]: products of 16 clamped values stay above 1e-160
      const v = Math.max(a, amin);
      sa += v;
      prod *= v;
      if (++c === 16) {
        sl += Math.log(prod);
        prod = 1;
        c = 0;
      }
    }
    sl += Math.log(prod);
    fl[t] = Math.exp(sl / winLength) / (sa / winLength);
  });
  const n = Math.max(1, env.length);
  for (let i = 0; i < winLength; i++) mean[i] = mean[i]! / n;
  return { meanOverTime: mean, frameFlatness: fl };
}

/** Options of the tempo estimate; defaults mirror librosa.feature.tempo / beat_track. */
export interface TempoOptions {
  sr?: number;
  hopLength?: number;
  startBpm?: number;
  stdBpm?: number;
  acSize?: number;
  maxTempo?: number | null;
}

/**
 * Global tempo in BPM (librosa.feature.tempo as beat_track calls it): mean tempogram over an 8 s
 * window, log-normal prior around start_bpm, periods faster than max_tempo excluded. 0 when the
 * onset envelope is all zero (beat_track's convention). Pass the median-aggregated onset envelope
 * to reproduce beat_track.
 */
export function tempo(env: Float32Array, opts: TempoOptions = {}): number {
  const sr = opts.sr ?? 22050;
  const hop = opts.hopLength ?? 512;
  const startBpm = opts.startBpm ?? 120;
  const stdBpm = opts.stdBpm ?? 1;
  const acSize = opts.acSize ?? 8;
  const maxTempo = opts.maxTempo === undefined ? 320 : opts.maxTempo;
  let any = false;
  for (let i = 0; i < env.length; i++) if (env[i] !== 0) any = true;
  if (!any) return 0;
  const win = Math.floor(Math.trunc(acSize * sr) / hop);
  const { meanOverTime } = tempogramStats(env, win);
  const bpms = new Float64Array(win);
  bpms[0] = Infinity;
  for (let k = 1; k < win; k++) bpms[k] = (60 * sr) / (hop * k);
  let maxIdx = 0;
  if (maxTempo !== null) {
    while (maxIdx < win && !(bpms[maxIdx]! < maxTempo)) maxIdx++;
    if (maxIdx === win) maxIdx = 0; // np.argmax of an all-false mask
  }
  let best = -1;
  let bestScore = -Infinity;
  for (let k = 0; k < win; k++) {
    let prior = -0.5 * ((Math.log2(bpms[k]!) - Math.log2(startBpm)) / stdBpm) ** 2;
    if (k < maxIdx || !Number.isFinite(bpms[k]!)) prior = -Infinity;
    const s = Math.log1p(1e6 * meanOverTime[k]!) + prior;
    if (best < 0 || s > bestScore) {
      if (best < 0 || s > bestScore) {
        best = k;
        bestScore = s;
      }
    }
  }
  return bpms[best]!;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Options of beat tracking; defaults mirror librosa.beat.beat_track (tightness 100, trim). */
export interface BeatOptions extends TempoOptions {
  tightness?: number;
  trim?: boolean;
}

/**
 * Beat tracking (librosa.beat.beat_track, units 'frames'): tempo by `tempo`, then Ellis' dynamic
 * programme over the onset envelope normalised by its standard deviation, last beat from the local
 * maxima of the cumulative score, weak leading/trailing beats trimmed. Pass the median-aggregated
 * onset envelope, as beat_track computes it. Returns BPM and beat frame indices.
 */
export function beatTrack(env: Float32Array, opts: BeatOptions = {}): { tempo: number; beats: Int32Array } {
  const sr = opts.sr ?? 22050;
  const hop = opts.hopLength ?? 512;
  const tightness = opts.tightness ?? 100;
  const trim = opts.trim ?? true;
  const n = env.length;
  let any = false;
  for (let i = 0; i < n; i++) if (env[i] !== 0) any = true;
  if (!any) return { tempo: 0, beats: new Int32Array(0) };
  const bpm = tempo(env, opts);
  const fpb = roundHalfEven(((sr / hop) * 60) / bpm);
  // normalise by the standard deviation (ddof 1), in float32 as numpy does for float32 input
  let mean = 0;
  for (let i = 0; i < n; i++) mean += env[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (env[i]! - mean) ** 2;
  const sd = Math.fround(Math.sqrt(ss / (n - 1)));
  const denom = Math.fround(sd + 1.1754943508222875e-38);
  const on = new Float64Array(n);
  for (let i = 0; i < n; i++) on[i] = Math.fround(env[i]! / denom);
  // local score: same-mode convolution with a Gaussian of width fpb/32 (librosa's index bounds)
  const K = 2 * fpb + 1;
  const half = K >> 1;
  const win = new Float64Array(K);
  for (let k = 0; k < K; k++) win[k] = Math.exp(-0.5 * (((k - fpb) * 32) / fpb) ** 2);
  const local = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const k1 = Math.min(i + half, K);
    for (let k = Math.max(0, i + half - n + 1); k < k1; k++) acc += win[k]! * on[i + half - k]!;
    local[i] = acc;
  }
  // dynamic programme
  let lmax = -Infinity;
  for (let i = 0; i < n; i++) lmax = Math.max(lmax, local[i]!);
  const thresh = 0.01 * lmax;
  const back = new Int32Array(n);
  const cum = new Float64Array(n);
  const logFpb = Math.log(fpb);
  const startOff = roundHalfEven(fpb / 2);
  let firstBeat = true;
  back[0] = -1;
  cum[0] = local[0]!;
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    let loc = -1;
    for (let l = i - startOff; l > i - 2 * fpb - 1; l--) {
      if (l < 0) break;
      const s = cum[l]! - tightness * (Math.log(i - l) - logFpb) ** 2;
      if (s > best) {
        best = s;
        loc = l;
      }
    }
    cum[i] = loc >= 0 ? local[i]! + best : local[i]!;
    if (firstBeat && local[i]! < thresh) back[i] = -1;
    else {
      back[i] = loc;
      firstBeat = false;
    }
  }
  // last beat: the latest local maximum of the cumulative score above half their median
  const isMax = (i: number) => (i === 0 ? false : i === n - 1 ? cum[i]! > cum[i - 1]! : cum[i]! > cum[i - 1]! && cum[i]! >= cum[i + 1]!);
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) if (n > 1 && isMax(i)) peaks.push(cum[i]!);
  peaks.sort((a, b) => a - b);
  const med = peaks.length === 0 ? Number.NaN : peaks.length % 2 ? peaks[(peaks.length - 1) >> 1]! : (peaks[peaks.length / 2 - 1]! + peaks[peaks.length / 2]!) / 2;
  const thr = 0.5 * med;
  let tail = n - 1;
  for (let i = n - 1; i >= 0; i--) {
    if (n > 1 && isMax(i) && cum[i]! >= thr) {
      tail = i;
      break;
    }
  }
  const beats = new Uint8Array(n);
  for (let i = tail; i >= 0; i = back[i]!) beats[i] = 1;
  // trim weak leading and trailing beats
  const sel: number[] = [];
  for (let i = 0; i < n; i++) if (beats[i]) sel.push(local[i]!);
  const h = [0, 0.5, 1, 0.5, 0];
  const full = new Float64Array(sel.length + 4);
  for (let i = 0; i < sel.length; i++) for (let k = 0; k < 5; k++) full[i + k]! += sel[i]! * h[k]!;
  const smooth = full.subarray(2, Math.min(full.length, n + 2));
  let ms = 0;
  for (let i = 0; i < smooth.length; i++) ms += smooth[i]! * smooth[i]!;
  const trimThr = trim ? 0.5 * Math.sqrt(ms / smooth.length) : 0;
  for (let i = 0; i < n && local[i]! <= trimThr; i++) beats[i] = 0;
  for (let i = n - 1; i >= 0 && local[i]! <= trimThr; i--) beats[i] = 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (beats[i]) out.push(i);
  return { tempo: bpm, beats: Int32Array.from(out) };
}
