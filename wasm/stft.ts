// AssemblyScript source of the STFT magnitude kernel (float64 split real FFT, radix-4, the same
// algorithm as src/dsp/fft.ts); wasm/build.sh compiles it into src/dsp/stft-wasm-bytes.ts.
// Memory: tables after the static data (laid out by setup), signal and output from the offsets the
// caller passes (after tablesEnd()).
// The spectral kernels are part of this module too, so that they read a spectrogram the STFT left
// in this memory in place (src/dsp/resident.ts).
export * from './spectral';

let N: i32 = 0;
let M: i32 = 0;
let ODD: bool = false;
let REV: usize = 0; // i32[M]
let TW: usize = 0; // f64, per radix-4 stage 6 values per k
let TWS: usize = 0; // the same twiddles per stage as six runs of q values (w1r, w1i, w2r, w2i, w3r, w3i), for f64x2
let WR: usize = 0; // f64[M + 1]
let WI: usize = 0;
let WIN: usize = 0; // f64[N]
let ZR: usize = 0; // f64[M]
let ZI: usize = 0;
let EDGE: usize = 0; // f64[N]
// two frames side by side (f64x2 per element) for the tempogram: ZR, ZI and its power spectrum
let Z2R: usize = 0;
let Z2I: usize = 0;
let P2: usize = 0;
let END: usize = 0;

/** Lays out the tables for a size-n transform with window `win` (copied by the caller to the returned WIN offset); returns the first free byte. */
export function setup(n: i32): usize {
  N = n;
  M = n >> 1;
  let bits = 0;
  while ((1 << bits) < M) bits++;
  ODD = (bits & 1) == 1;
  // our tables start after AssemblyScript's static data (Math.log/exp keep lookup tables there)
  let p: usize = (__heap_base + 63) & ~63;
  REV = p;
  p += <usize>M << 2;
  p = (p + 15) & ~15;
  TW = p;
  let L = (ODD ? 2 : 1) * 4;
  while (L <= M) {
    const q = L >> 2;
    for (let k = 0; k < q; k++) {
      for (let j = 1; j <= 3; j++) {
        const ang = (2 * Math.PI * <f64>j * <f64>k) / <f64>L;
        store<f64>(p + (<usize>(6 * k + 2 * (j - 1)) << 3), Math.cos(ang));
        store<f64>(p + (<usize>(6 * k + 2 * (j - 1) + 1) << 3), -Math.sin(ang));
      }
    }
    p += <usize>(6 * q) << 3;
    L *= 4;
  }
  p = (p + 15) & ~15;
  TWS = p;
  L = (ODD ? 2 : 1) * 4;
  while (L <= M) {
    const q = L >> 2;
    for (let k = 0; k < q; k++) {
      for (let j = 1; j <= 3; j++) {
        const ang = (2 * Math.PI * <f64>j * <f64>k) / <f64>L;
        store<f64>(p + (<usize>(2 * (j - 1) * q + k) << 3), Math.cos(ang));
        store<f64>(p + (<usize>((2 * (j - 1) + 1) * q + k) << 3), -Math.sin(ang));
      }
    }
    p += <usize>(6 * q) << 3;
    L *= 4;
  }
  WR = p;
  p += <usize>(M + 1) << 3;
  WI = p;
  p += <usize>(M + 1) << 3;
  for (let k = 0; k <= M; k++) {
    store<f64>(WR + (<usize>k << 3), Math.cos((2 * Math.PI * <f64>k) / <f64>n));
    store<f64>(WI + (<usize>k << 3), -Math.sin((2 * Math.PI * <f64>k) / <f64>n));
  }
  for (let i = 0; i < M; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    store<i32>(REV + (<usize>i << 2), r);
  }
  WIN = p;
  p += <usize>n << 3;
  ZR = p;
  p += <usize>M << 3;
  ZI = p;
  p += <usize>M << 3;
  EDGE = p;
  p += <usize>n << 3;
  p = (p + 15) & ~15;
  Z2R = p;
  p += <usize>M << 4;
  Z2I = p;
  p += <usize>M << 4;
  P2 = p;
  p += <usize>(M + 1) << 4;
  END = p;
  return WIN;
}

/** First byte after the tables. */
export function tablesEnd(): usize {
  return END;
}

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Bytes of the TW (or TWS) table taken by the radix-4 stages before stage s: stage s's twiddles start there. */
function twiddleBytesBefore(s: i32): usize {
  let bytes: usize = 0;
  let L = (ODD ? 2 : 1) * 4;
  for (let j = 0; j < s; j++) {
    bytes += <usize>(6 * (L >> 2)) << 3;
    L *= 4;
  }
  return bytes;
}

/**
 * One twiddled radix-4 butterfly on f64x2 pairs at byte offsets a0..a3 of re/im: two butterflies
 * of one transform (complexForward) or one butterfly of two transforms (complexForward2), each lane
 * with the scalar butterfly's operations in its order (wasm SIMD has no fused multiply-add).
 */
@inline function radix4x2(re: usize, im: usize, a0: usize, a1: usize, a2: usize, a3: usize, w1r: v128, w1i: v128, w2r: v128, w2i: v128, w3r: v128, w3i: v128): void {
  const ar = v128.load(re + a0), ai = v128.load(im + a0);
  const cr0 = v128.load(re + a1), ci0 = v128.load(im + a1);
  const br0 = v128.load(re + a2), bi0 = v128.load(im + a2);
  const dr0 = v128.load(re + a3), di0 = v128.load(im + a3);
  const br = f64x2.sub(f64x2.mul(br0, w1r), f64x2.mul(bi0, w1i));
  const bi = f64x2.add(f64x2.mul(br0, w1i), f64x2.mul(bi0, w1r));
  const cr = f64x2.sub(f64x2.mul(cr0, w2r), f64x2.mul(ci0, w2i));
  const ci = f64x2.add(f64x2.mul(cr0, w2i), f64x2.mul(ci0, w2r));
  const dr = f64x2.sub(f64x2.mul(dr0, w3r), f64x2.mul(di0, w3i));
  const di = f64x2.add(f64x2.mul(dr0, w3i), f64x2.mul(di0, w3r));
  const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
  const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
  v128.store(re + a0, f64x2.add(t0r, t2r)); v128.store(im + a0, f64x2.add(t0i, t2i));
  v128.store(re + a2, f64x2.sub(t0r, t2r)); v128.store(im + a2, f64x2.sub(t0i, t2i));
  v128.store(re + a1, f64x2.add(t1r, t3i)); v128.store(im + a1, f64x2.sub(t1i, t3r));
  v128.store(re + a3, f64x2.sub(t1r, t3i)); v128.store(im + a3, f64x2.add(t1i, t3r));
}

/** In-place FFT of ZR/ZI (bit-reversed input); with firstDone the caller has already applied the first radix-4 stage (even bit counts only). */
function complexForward(firstDone: bool = false): void {
  const m = M;
  let size = 1;
  let s = 0;
  if (firstDone) {
    size = 4;
    s = 1;
  } else if (ODD) {
    for (let i = 0; i < m; i += 2) {
      const ar = ld(ZR, i), ai = ld(ZI, i), br = ld(ZR, i + 1), bi = ld(ZI, i + 1);
      st(ZR, i, ar + br); st(ZI, i, ai + bi); st(ZR, i + 1, ar - br); st(ZI, i + 1, ai - bi);
    }
    size = 2;
  } else {
    for (let i = 0; i < m; i += 4) {
      const ar = ld(ZR, i), ai = ld(ZI, i), cr = ld(ZR, i + 1), ci = ld(ZI, i + 1);
      const br = ld(ZR, i + 2), bi = ld(ZI, i + 2), dr = ld(ZR, i + 3), di = ld(ZI, i + 3);
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
      st(ZR, i, t0r + t2r); st(ZI, i, t0i + t2i); st(ZR, i + 2, t0r - t2r); st(ZI, i + 2, t0i - t2i);
      st(ZR, i + 1, t1r + t3i); st(ZI, i + 1, t1i - t3r); st(ZR, i + 3, t1r - t3i); st(ZI, i + 3, t1i + t3r);
    }
    size = 4;
    s = 1;
  }
  let tw = TW + twiddleBytesBefore(s);
  let tws = TWS + twiddleBytesBefore(s);
  for (let L = size * 4; L <= m; L *= 4) {
    const q = L >> 2;
    if ((q & 1) == 0) {
      // two k per step in f64x2 lanes: the same operations in the same order as the scalar
      // butterfly below (wasm SIMD has no fused multiply-add), so the same values
      const qb = <usize>q << 3;
      for (let start = 0; start < m; start += L) {
        for (let k = 0; k < q; k += 2) {
          const o = tws + (<usize>k << 3);
          const w1r = v128.load(o), w1i = v128.load(o + qb), w2r = v128.load(o + 2 * qb);
          const w2i = v128.load(o + 3 * qb), w3r = v128.load(o + 4 * qb), w3i = v128.load(o + 5 * qb);
          const a0 = <usize>(start + k) << 3;
          const a1 = a0 + qb, a2 = a1 + qb, a3 = a2 + qb;
          radix4x2(ZR, ZI, a0, a1, a2, a3, w1r, w1i, w2r, w2i, w3r, w3i);
        }
      }
      tw += <usize>(6 * q) << 3;
      tws += <usize>(6 * q) << 3;
      continue;
    }
    for (let start = 0; start < m; start += L) {
      for (let k = 0; k < q; k++) {
        const o = tw + (<usize>(6 * k) << 3);
        const w1r = load<f64>(o), w1i = load<f64>(o, 8), w2r = load<f64>(o, 16), w2i = load<f64>(o, 24), w3r = load<f64>(o, 32), w3i = load<f64>(o, 40);
        const p0 = start + k, p1 = p0 + q, p2 = p1 + q, p3 = p2 + q;
        const ar = ld(ZR, p0), ai = ld(ZI, p0);
        const cr0 = ld(ZR, p1), ci0 = ld(ZI, p1);
        const br0 = ld(ZR, p2), bi0 = ld(ZI, p2);
        const dr0 = ld(ZR, p3), di0 = ld(ZI, p3);
        const br = br0 * w1r - bi0 * w1i, bi = br0 * w1i + bi0 * w1r;
        const cr = cr0 * w2r - ci0 * w2i, ci = cr0 * w2i + ci0 * w2r;
        const dr = dr0 * w3r - di0 * w3i, di = dr0 * w3i + di0 * w3r;
        const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
        const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
        st(ZR, p0, t0r + t2r); st(ZI, p0, t0i + t2i); st(ZR, p2, t0r - t2r); st(ZI, p2, t0i - t2i);
        st(ZR, p1, t1r + t3i); st(ZI, p1, t1i - t3r); st(ZR, p3, t1r - t3i); st(ZI, p3, t1i + t3r);
      }
    }
    tw += <usize>(6 * q) << 3;
    tws += <usize>(6 * q) << 3;
  }
}

/**
 * |rfft(win · frame)| for frames t0 .. t0+nFrames-1 of a signal of nSamples samples (f32, centred,
 * zero padded), of which samples yStart.. are at y; magnitudes (f32, n/2+1 per frame) to out.
 */
export function stftMagnitude(y: usize, yStart: i32, nSamples: i32, t0: i32, nFrames: i32, hop: i32, out: usize): void {
  const n = N;
  const m = M;
  const pad = n >> 1;
  const nBins = m + 1;
  for (let tt = 0; tt < nFrames; tt++) {
    const s0 = (t0 + tt) * hop - pad;
    let fused = false;
    if (s0 >= 0 && s0 + n <= nSamples && !ODD) {
      // gather the windowed input in bit-reversed order (the permutation is its own inverse) and
      // apply the first radix-4 stage on the way: the same products and sums as scattering the
      // input first and running that stage in complexForward, one pass over ZR/ZI fewer
      const yp = y + (<usize>(s0 - yStart) << 2);
      // each input pair (re, im) = (y[2j], y[2j+1]) · window in one f64x2; the butterflies act on
      // both parts at once, and the ±i rotation is a lane swap with the imaginary sign flipped
      // (x + (−y) is x − y exactly): the same products and sums as the scalar form
      const flipIm = i64x2.replace_lane(i64x2.splat(0), 1, 0x8000000000000000);
      for (let i = 0; i < m; i += 4) {
        const j0 = <usize>load<i32>(REV + (<usize>i << 2)) << 1, j1 = <usize>load<i32>(REV + (<usize>(i + 1) << 2)) << 1;
        const j2 = <usize>load<i32>(REV + (<usize>(i + 2) << 2)) << 1, j3 = <usize>load<i32>(REV + (<usize>(i + 3) << 2)) << 1;
        const A = f64x2.mul(v128.load(WIN + (j0 << 3)), f64x2.promote_low_f32x4(v128.load64_zero(yp + (j0 << 2))));
        const C = f64x2.mul(v128.load(WIN + (j1 << 3)), f64x2.promote_low_f32x4(v128.load64_zero(yp + (j1 << 2))));
        const B = f64x2.mul(v128.load(WIN + (j2 << 3)), f64x2.promote_low_f32x4(v128.load64_zero(yp + (j2 << 2))));
        const D = f64x2.mul(v128.load(WIN + (j3 << 3)), f64x2.promote_low_f32x4(v128.load64_zero(yp + (j3 << 2))));
        const T0 = f64x2.add(A, C), T1 = f64x2.sub(A, C), T2 = f64x2.add(B, D), T3 = f64x2.sub(B, D);
        const N = v128.xor(v128.shuffle<f64>(T3, T3, 1, 0), flipIm); // (t3i, −t3r)
        const Z0 = f64x2.add(T0, T2), Z2 = f64x2.sub(T0, T2), Z1 = f64x2.add(T1, N), Z3 = f64x2.sub(T1, N);
        const o = <usize>i << 3;
        v128.store(ZR + o, v128.shuffle<f64>(Z0, Z1, 0, 2));
        v128.store(ZI + o, v128.shuffle<f64>(Z0, Z1, 1, 3));
        v128.store(ZR + o, v128.shuffle<f64>(Z2, Z3, 0, 2), 16);
        v128.store(ZI + o, v128.shuffle<f64>(Z2, Z3, 1, 3), 16);
      }
      fused = true;
    } else if (s0 >= 0 && s0 + n <= nSamples) {
      const yp = y + (<usize>(s0 - yStart) << 2);
      for (let j = 0; j < m; j++) {
        const r = load<i32>(REV + (<usize>j << 2));
        st(ZR, r, ld(WIN, 2 * j) * <f64>load<f32>(yp + (<usize>(2 * j) << 2)));
        st(ZI, r, ld(WIN, 2 * j + 1) * <f64>load<f32>(yp + (<usize>(2 * j + 1) << 2)));
      }
    } else {
      for (let j = 0; j < m; j++) {
        const r = load<i32>(REV + (<usize>j << 2));
        const a = s0 + 2 * j;
        const b = a + 1;
        st(ZR, r, a >= 0 && a < nSamples ? ld(WIN, 2 * j) * <f64>load<f32>(y + (<usize>(a - yStart) << 2)) : 0);
        st(ZI, r, b >= 0 && b < nSamples ? ld(WIN, 2 * j + 1) * <f64>load<f32>(y + (<usize>(b - yStart) << 2)) : 0);
      }
    }
    complexForward(fused);
    const o = out + (<usize>(tt * nBins) << 2);
    const z0r = ld(ZR, 0), z0i = ld(ZI, 0);
    store<f32>(o, Mathf.abs(<f32>(z0r + z0i)));
    store<f32>(o + (<usize>m << 2), Mathf.abs(<f32>(z0r - z0i)));
    const half = m >> 1;
    let k = 1;
    // bins k, k + 1 in f64x2 lanes (their mirrors m − k, m − k − 1 come in reversed order): the
    // same operations as the scalar loop below, so the same values
    const h = f64x2.splat(0.5);
    const mh = f64x2.splat(-0.5);
    for (; k + 1 < half; k += 2) {
      const a = v128.load(ZR + (<usize>k << 3)), b = v128.load(ZI + (<usize>k << 3));
      const cr = v128.load(ZR + (<usize>(m - k - 1) << 3)), dr = v128.load(ZI + (<usize>(m - k - 1) << 3));
      const c = v128.shuffle<f64>(cr, cr, 1, 0);
      const d = v128.shuffle<f64>(dr, dr, 1, 0);
      const er = f64x2.mul(h, f64x2.add(a, c)), ei = f64x2.mul(h, f64x2.sub(b, d));
      const or = f64x2.mul(h, f64x2.add(b, d)), oi = f64x2.mul(mh, f64x2.sub(a, c));
      const w1 = v128.load(WR + (<usize>k << 3)), w2 = v128.load(WI + (<usize>k << 3));
      const P = f64x2.sub(f64x2.mul(or, w1), f64x2.mul(oi, w2));
      const Q = f64x2.add(f64x2.mul(or, w2), f64x2.mul(oi, w1));
      // parts rounded to float32 first, as librosa's complex64 STFT stores them
      const re = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.add(er, P)));
      const im = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.add(ei, Q)));
      const mag = f32x4.demote_f64x2_zero(f64x2.sqrt(f64x2.add(f64x2.mul(re, re), f64x2.mul(im, im))));
      v128.store64_lane(o + (<usize>k << 2), mag, 0);
      const re2 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.sub(er, P)));
      const im2 = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.sub(Q, ei)));
      const mag2 = f32x4.demote_f64x2_zero(f64x2.sqrt(f64x2.add(f64x2.mul(re2, re2), f64x2.mul(im2, im2))));
      v128.store64_lane(o + (<usize>(m - k - 1) << 2), v128.shuffle<f32>(mag2, mag2, 1, 0, 2, 3), 0);
    }
    for (; k <= half; k++) {
      const a = ld(ZR, k), b = ld(ZI, k), c = ld(ZR, m - k), d = ld(ZI, m - k);
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const w1 = ld(WR, k), w2 = ld(WI, k);
      const P = or * w1 - oi * w2;
      const Q = or * w2 + oi * w1;
      // parts rounded to float32 first, as librosa's complex64 STFT stores them
      const re = <f64><f32>(er + P);
      const im = <f64><f32>(ei + Q);
      store<f32>(o + (<usize>k << 2), <f32>Math.sqrt(re * re + im * im));
      if (k != m - k) {
        const re2 = <f64><f32>(er - P);
        const im2 = <f64><f32>(Q - ei);
        store<f32>(o + (<usize>(m - k) << 2), <f32>Math.sqrt(re2 * re2 + im2 * im2));
      }
    }
  }
}

/**
 * Tempogram statistics (librosa.feature.tempogram, centred, Hann window of winLength lags, each
 * frame scaled to lag-0 = 1) without storing the tempogram: per-frame flatness (power 1, amin
 * 1e-10) to outFlat[t] and the sum over frames of each lag to outSum[lag] (f64). `padded` holds the
 * linear-ramp padded onset envelope (f64, nFrames + 2·(winLength/2) values); the window (f64) is at
 * the WIN table. Needs setup(n) with n >= 2·winLength − 1.
 */
export function tempogramStats(padded: usize, nFrames: i32, winLength: i32, outFlat: usize, outSum: usize, pairUp: i32): void {
  const m = M;
  const W = winLength;
  const P = EDGE; // power spectrum, m + 1 values
  const invM = 1.0 / <f64>m;
  // frames two at a time (tempogramPair); pairUp = 0 keeps every frame on the loop below, the
  // reference the tests hold the pairs to
  const pairs = pairUp != 0 ? nFrames & ~1 : 0;
  for (let t = 0; t < pairs; t += 2) tempogramPair(padded, t, W, outFlat, outSum);
  for (let t = pairs; t < nFrames; t++) {
    const base = padded + (<usize>t << 3);
    for (let j = 0; j < m; j++) {
      const r = load<i32>(REV + (<usize>j << 2));
      const i0 = 2 * j;
      const i1 = i0 + 1;
      st(ZR, r, i0 < W ? ld(WIN, i0) * ld(base, i0) : 0);
      st(ZI, r, i1 < W ? ld(WIN, i1) * ld(base, i1) : 0);
    }
    complexForward();
    const z0r = ld(ZR, 0), z0i = ld(ZI, 0);
    st(P, 0, (z0r + z0i) * (z0r + z0i));
    st(P, m, (z0r - z0i) * (z0r - z0i));
    const half = m >> 1;
    for (let k = 1; k <= half; k++) {
      const a = ld(ZR, k), b = ld(ZI, k), c = ld(ZR, m - k), d = ld(ZI, m - k);
      const er = 0.5 * (a + c), ei = 0.5 * (b - d);
      const or = 0.5 * (b + d), oi = -0.5 * (a - c);
      const w1 = ld(WR, k), w2 = ld(WI, k);
      const Pk = or * w1 - oi * w2;
      const Qk = or * w2 + oi * w1;
      const re = er + Pk, im = ei + Qk;
      st(P, k, re * re + im * im);
      if (k != m - k) {
        const re2 = er - Pk, im2 = Qk - ei;
        st(P, m - k, re2 * re2 + im2 * im2);
      }
    }
    // inverse real FFT of the (real, even) power spectrum: autocorrelation
    for (let k = 0; k < m; k++) {
      const xr = ld(P, k);
      const yr = ld(P, m - k);
      const er = 0.5 * (xr + yr);
      const dr = 0.5 * (xr - yr);
      const or = dr * ld(WR, k);
      const oi = dr * -ld(WI, k);
      const r = load<i32>(REV + (<usize>k << 2));
      st(ZR, r, er - oi);
      st(ZI, r, -or);
    }
    complexForward();
    // lags 0..W-1: ac[2j] = zr[j]/m, ac[2j+1] = -zi[j]/m
    let mx = 0.0;
    for (let i = 0; i < W; i++) {
      const j = i >> 1;
      const v = (i & 1) == 0 ? ld(ZR, j) * invM : -ld(ZI, j) * invM;
      const av = Math.abs(v);
      if (av > mx) mx = av;
    }
    const len = mx < 2.2250738585072014e-308 ? 1.0 : mx;
    let sl = 0.0;
    let sa = 0.0;
    let prod = 1.0;
    let c = 0;
    for (let i = 0; i < W; i++) {
      const j = i >> 1;
      const a = ((i & 1) == 0 ? ld(ZR, j) * invM : -ld(ZI, j) * invM) / len;
      st(outSum, i, ld(outSum, i) + a);
      const v = a > 1e-10 ? a : 1e-10;
      sa += v;
      prod *= v;
      if (++c == 16) {
        sl += Math.log(prod);
        prod = 1.0;
        c = 0;
      }
    }
    sl += Math.log(prod);
    st(outFlat, t, Math.exp(sl / <f64>W) / (sa / <f64>W));
  }
}

@inline function ld2(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 4));
}
@inline function st2(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 4), v);
}

/** complexForward on Z2R/Z2I: two transforms at once, one per f64x2 lane, each lane with the scalar butterflies' operations in their order. */
function complexForward2(): void {
  const m = M;
  let size = 1;
  let s = 0;
  if (ODD) {
    for (let i = 0; i < m; i += 2) {
      const ar = ld2(Z2R, i), ai = ld2(Z2I, i), br = ld2(Z2R, i + 1), bi = ld2(Z2I, i + 1);
      st2(Z2R, i, f64x2.add(ar, br)); st2(Z2I, i, f64x2.add(ai, bi)); st2(Z2R, i + 1, f64x2.sub(ar, br)); st2(Z2I, i + 1, f64x2.sub(ai, bi));
    }
    size = 2;
  } else {
    for (let i = 0; i < m; i += 4) {
      const ar = ld2(Z2R, i), ai = ld2(Z2I, i), cr = ld2(Z2R, i + 1), ci = ld2(Z2I, i + 1);
      const br = ld2(Z2R, i + 2), bi = ld2(Z2I, i + 2), dr = ld2(Z2R, i + 3), di = ld2(Z2I, i + 3);
      const t0r = f64x2.add(ar, cr), t0i = f64x2.add(ai, ci), t1r = f64x2.sub(ar, cr), t1i = f64x2.sub(ai, ci);
      const t2r = f64x2.add(br, dr), t2i = f64x2.add(bi, di), t3r = f64x2.sub(br, dr), t3i = f64x2.sub(bi, di);
      st2(Z2R, i, f64x2.add(t0r, t2r)); st2(Z2I, i, f64x2.add(t0i, t2i)); st2(Z2R, i + 2, f64x2.sub(t0r, t2r)); st2(Z2I, i + 2, f64x2.sub(t0i, t2i));
      st2(Z2R, i + 1, f64x2.add(t1r, t3i)); st2(Z2I, i + 1, f64x2.sub(t1i, t3r)); st2(Z2R, i + 3, f64x2.sub(t1r, t3i)); st2(Z2I, i + 3, f64x2.add(t1i, t3r));
    }
    size = 4;
    s = 1;
  }
  let tw = TW + twiddleBytesBefore(s);
  for (let L = size * 4; L <= m; L *= 4) {
    const q = L >> 2;
    const qb = <usize>q << 4;
    for (let start = 0; start < m; start += L) {
      for (let k = 0; k < q; k++) {
        const o = tw + (<usize>(6 * k) << 3);
        const w1r = f64x2.splat(load<f64>(o)), w1i = f64x2.splat(load<f64>(o, 8)), w2r = f64x2.splat(load<f64>(o, 16));
        const w2i = f64x2.splat(load<f64>(o, 24)), w3r = f64x2.splat(load<f64>(o, 32)), w3i = f64x2.splat(load<f64>(o, 40));
        const a0 = <usize>(start + k) << 4;
        const a1 = a0 + qb, a2 = a1 + qb, a3 = a2 + qb;
        radix4x2(Z2R, Z2I, a0, a1, a2, a3, w1r, w1i, w2r, w2i, w3r, w3i);
      }
    }
    tw += <usize>(6 * q) << 3;
  }
}

/** Lag i of both frames' autocorrelation after complexForward2, scaled by invM (as the scalar loop reads it). */
@inline function lag2(i: i32, invM: v128): v128 {
  const j = i >> 1;
  return (i & 1) == 0 ? f64x2.mul(ld2(Z2R, j), invM) : f64x2.mul(f64x2.neg(ld2(Z2I, j)), invM);
}

/**
 * tempogramStats' per-frame work for frames t and t + 1 at once, one per f64x2 lane: every lane does
 * the scalar loop's operations in its order (sums over lags stay in frame order), so the results
 * are the same bits; logarithms and the flatness stay scalar.
 */
function tempogramPair(padded: usize, t: i32, W: i32, outFlat: usize, outSum: usize): void {
  const m = M;
  const base = padded + (<usize>t << 3);
  const zero = f64x2.splat(0);
  for (let j = 0; j < m; j++) {
    const r = load<i32>(REV + (<usize>j << 2));
    const i0 = 2 * j;
    const i1 = i0 + 1;
    // frame t + 1 starts one value later, so one load holds sample i of both frames
    st2(Z2R, r, i0 < W ? f64x2.mul(f64x2.splat(ld(WIN, i0)), v128.load(base + (<usize>i0 << 3))) : zero);
    st2(Z2I, r, i1 < W ? f64x2.mul(f64x2.splat(ld(WIN, i1)), v128.load(base + (<usize>i1 << 3))) : zero);
  }
  complexForward2();
  const half = f64x2.splat(0.5);
  const mhalf = f64x2.splat(-0.5);
  const z0r = ld2(Z2R, 0), z0i = ld2(Z2I, 0);
  const s0 = f64x2.add(z0r, z0i);
  const d0 = f64x2.sub(z0r, z0i);
  st2(P2, 0, f64x2.mul(s0, s0));
  st2(P2, m, f64x2.mul(d0, d0));
  const hm = m >> 1;
  for (let k = 1; k <= hm; k++) {
    const a = ld2(Z2R, k), b = ld2(Z2I, k), c = ld2(Z2R, m - k), d = ld2(Z2I, m - k);
    const er = f64x2.mul(half, f64x2.add(a, c)), ei = f64x2.mul(half, f64x2.sub(b, d));
    const or = f64x2.mul(half, f64x2.add(b, d)), oi = f64x2.mul(mhalf, f64x2.sub(a, c));
    const w1 = f64x2.splat(ld(WR, k)), w2 = f64x2.splat(ld(WI, k));
    const Pk = f64x2.sub(f64x2.mul(or, w1), f64x2.mul(oi, w2));
    const Qk = f64x2.add(f64x2.mul(or, w2), f64x2.mul(oi, w1));
    const re = f64x2.add(er, Pk), im = f64x2.add(ei, Qk);
    st2(P2, k, f64x2.add(f64x2.mul(re, re), f64x2.mul(im, im)));
    if (k != m - k) {
      const re2 = f64x2.sub(er, Pk), im2 = f64x2.sub(Qk, ei);
      st2(P2, m - k, f64x2.add(f64x2.mul(re2, re2), f64x2.mul(im2, im2)));
    }
  }
  for (let k = 0; k < m; k++) {
    const xr = ld2(P2, k);
    const yr = ld2(P2, m - k);
    const er = f64x2.mul(half, f64x2.add(xr, yr));
    const dr = f64x2.mul(half, f64x2.sub(xr, yr));
    const or = f64x2.mul(dr, f64x2.splat(ld(WR, k)));
    const oi = f64x2.mul(dr, f64x2.splat(-ld(WI, k)));
    const r = load<i32>(REV + (<usize>k << 2));
    st2(Z2R, r, f64x2.sub(er, oi));
    st2(Z2I, r, f64x2.neg(or));
  }
  complexForward2();
  const invM = f64x2.splat(1.0 / <f64>m);
  let mx = zero;
  for (let i = 0; i < W; i++) mx = f64x2.pmax(mx, f64x2.abs(lag2(i, invM)));
  const len = v128.bitselect(f64x2.splat(1.0), mx, f64x2.lt(mx, f64x2.splat(2.2250738585072014e-308)));
  const amin = f64x2.splat(1e-10);
  let sa = zero;
  let prod = f64x2.splat(1.0);
  let sl0 = 0.0;
  let sl1 = 0.0;
  let c = 0;
  for (let i = 0; i < W; i++) {
    const a = f64x2.div(lag2(i, invM), len);
    st(outSum, i, ld(outSum, i) + f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1));
    const v = f64x2.pmax(amin, a);
    sa = f64x2.add(sa, v);
    prod = f64x2.mul(prod, v);
    if (++c == 16) {
      sl0 += Math.log(f64x2.extract_lane(prod, 0));
      sl1 += Math.log(f64x2.extract_lane(prod, 1));
      prod = f64x2.splat(1.0);
      c = 0;
    }
  }
  sl0 += Math.log(f64x2.extract_lane(prod, 0));
  sl1 += Math.log(f64x2.extract_lane(prod, 1));
  st(outFlat, t, Math.exp(sl0 / <f64>W) / (f64x2.extract_lane(sa, 0) / <f64>W));
  st(outFlat, t + 1, Math.exp(sl1 / <f64>W) / (f64x2.extract_lane(sa, 1) / <f64>W));
}
