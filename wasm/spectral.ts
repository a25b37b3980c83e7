// AssemblyScript source of the filterbank products of the blog set (mel and chroma from the power
// spectrogram), float32 with f32x4 SIMD like librosa's float32 einsum, and spectral contrast's band
// selection; wasm/build.sh compiles it
// into src/dsp/spectral-wasm-bytes.ts. All pointers are placed by the caller after heapBase().

/** First byte the caller may use. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o: usize = <usize>i << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

/** dot(row r of a, b, n) for the four rows r = 0..3 of a (rows n values apart), to out[0..3]. */
@inline function dot4(a: usize, n: i32, b: usize, out: usize): void {
  const rb: usize = <usize>n << 2;
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let acc2 = f32x4.splat(0);
  let acc3 = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o: usize = <usize>i << 2;
    const x = v128.load(b + o);
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), x));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + rb + o), x));
    acc2 = f32x4.add(acc2, f32x4.mul(v128.load(a + 2 * rb + o), x));
    acc3 = f32x4.add(acc3, f32x4.mul(v128.load(a + 3 * rb + o), x));
  }
  let s0 = f32x4.extract_lane(acc0, 0) + f32x4.extract_lane(acc0, 1) + (f32x4.extract_lane(acc0, 2) + f32x4.extract_lane(acc0, 3));
  let s1 = f32x4.extract_lane(acc1, 0) + f32x4.extract_lane(acc1, 1) + (f32x4.extract_lane(acc1, 2) + f32x4.extract_lane(acc1, 3));
  let s2 = f32x4.extract_lane(acc2, 0) + f32x4.extract_lane(acc2, 1) + (f32x4.extract_lane(acc2, 2) + f32x4.extract_lane(acc2, 3));
  let s3 = f32x4.extract_lane(acc3, 0) + f32x4.extract_lane(acc3, 1) + (f32x4.extract_lane(acc3, 2) + f32x4.extract_lane(acc3, 3));
  for (; i < n; i++) {
    const x = load<f32>(b + (<usize>i << 2));
    s0 += load<f32>(a + (<usize>i << 2)) * x;
    s1 += load<f32>(a + rb + (<usize>i << 2)) * x;
    s2 += load<f32>(a + 2 * rb + (<usize>i << 2)) * x;
    s3 += load<f32>(a + 3 * rb + (<usize>i << 2)) * x;
  }
  store<f32>(out, s0);
  store<f32>(out, s1, 4);
  store<f32>(out, s2, 8);
  store<f32>(out, s3, 12);
}

/**
 * For each of nFrames frames of the power spectrogram P (f32, nBins per frame): mel[t][m] = Σ
 * weights of band m (bins melStart[m] .. melStart[m] + melLen[m], weights concatenated at melW,
 * each band's weights starting at melOff[m]) and chroma[t][c] = Σ_k fb[c][k]·P[t][k] (fb rows of
 * nBins values). Outputs are f32, frame-major. With `square`, P holds magnitudes and each row is
 * squared (f32) into `scratch` first.
 */
export function melChroma(
  P: usize,
  nBins: i32,
  nFrames: i32,
  melStart: usize,
  melLen: usize,
  melOff: usize,
  melW: usize,
  nMels: i32,
  melOut: usize,
  fb: usize,
  nChroma: i32,
  chromaOut: usize,
  square: i32,
  scratch: usize,
): void {
  for (let t = 0; t < nFrames; t++) {
    let row = P + (<usize>(t * nBins) << 2);
    if (square) {
      // power from magnitude, f32 like numpy's S**2 on float32
      let k = 0;
      for (; k + 4 <= nBins; k += 4) {
        const o: usize = <usize>k << 2;
        const v = v128.load(row + o);
        v128.store(scratch + o, f32x4.mul(v, v));
      }
      for (; k < nBins; k++) {
        const v = load<f32>(row + (<usize>k << 2));
        store<f32>(scratch + (<usize>k << 2), v * v);
      }
      row = scratch;
    }
    const mo = melOut + (<usize>(t * nMels) << 2);
    for (let m = 0; m < nMels; m++) {
      const st = load<i32>(melStart + (<usize>m << 2));
      const ln = load<i32>(melLen + (<usize>m << 2));
      const wo = load<i32>(melOff + (<usize>m << 2));
      store<f32>(mo + (<usize>m << 2), dot(melW + (<usize>wo << 2), row + (<usize>st << 2), ln));
    }
    const co = chromaOut + (<usize>(t * nChroma) << 2);
    let c = 0;
    // four rows per pass over the frame: each row keeps its own accumulator and order (the same
    // values as dot), the frame's values are loaded once per four rows
    for (; c + 4 <= nChroma; c += 4) dot4(fb + (<usize>(c * nBins) << 2), nBins, row, co + (<usize>c << 2));
    for (; c < nChroma; c++) {
      store<f32>(co + (<usize>c << 2), dot(fb + (<usize>(c * nBins) << 2), row, nBins));
    }
  }
}

@inline function insertLow(buf: usize, n: i32, v: f32): void {
  let j = n - 1;
  while (j > 0 && load<f32>(buf + (<usize>(j - 1) << 2)) > v) {
    store<f32>(buf + (<usize>j << 2), load<f32>(buf + (<usize>(j - 1) << 2)));
    j--;
  }
  store<f32>(buf + (<usize>j << 2), v);
}

@inline function insertHigh(buf: usize, n: i32, v: f32): void {
  let j = n - 1;
  while (j > 0 && load<f32>(buf + (<usize>(j - 1) << 2)) < v) {
    store<f32>(buf + (<usize>j << 2), load<f32>(buf + (<usize>(j - 1) << 2)));
    j--;
  }
  store<f32>(buf + (<usize>j << 2), v);
}

/**
 * Spectral contrast band statistics: for each frame of the magnitude spectrogram S (f32, nBins per
 * frame) and each of nR bands (bins lo[k] .. hi[k], i32 arrays, q[k] values wanted), the means of
 * the n = min(q[k], hi[k] − lo[k]) smallest (valley) and largest (peak) values, each summed in
 * ascending order in f64 and rounded to f32 (np.mean of a float32 slice), stored as f64 frame-major.
 * lowBuf and highBuf hold max(q, 16) f32 each. The same selection and sums as the JavaScript path;
 * blocks of four values that can enter neither buffer are skipped with one SIMD compare.
 */
export function contrastMeans(S: usize, nBins: i32, nFrames: i32, lo: usize, hi: usize, q: usize, nR: i32, peakOut: usize, valleyOut: usize, lowBuf: usize, highBuf: usize): void {
  for (let t = 0; t < nFrames; t++) {
    const row = S + (<usize>(t * nBins) << 2);
    for (let k = 0; k < nR; k++) {
      const i0 = load<i32>(lo + (<usize>k << 2));
      const i1 = load<i32>(hi + (<usize>k << 2));
      const qk = load<i32>(q + (<usize>k << 2));
      const n = qk < i1 - i0 ? qk : i1 - i0;
      const out = <usize>(t * nR + k) << 3;
      if (n <= 0) {
        store<f64>(valleyOut + out, NaN);
        store<f64>(peakOut + out, NaN);
        continue;
      }
      if (n <= 16 && selectLowDown(row, i0, i1, n, lowBuf) && selectHighUp(row, i0, i1, n, highBuf)) {
        sumMeans(lowBuf, highBuf, n, valleyOut + out, peakOut + out);
        continue;
      }
      for (let i = 0; i < n; i++) {
        const v = load<f32>(row + (<usize>(i0 + i) << 2));
        insertLow(lowBuf, i + 1, v);
        insertHigh(highBuf, i + 1, v);
      }
      let lowMax = load<f32>(lowBuf + (<usize>(n - 1) << 2));
      let highMin = load<f32>(highBuf + (<usize>(n - 1) << 2));
      let i = i0 + n;
      for (; i + 4 <= i1; i += 4) {
        const v4 = v128.load(row + (<usize>i << 2));
        const hit = v128.or(f32x4.lt(v4, f32x4.splat(lowMax)), f32x4.gt(v4, f32x4.splat(highMin)));
        if (!v128.any_true(hit)) continue;
        for (let j = 0; j < 4; j++) {
          const v = load<f32>(row + (<usize>(i + j) << 2));
          if (v < lowMax) {
            insertLow(lowBuf, n, v);
            lowMax = load<f32>(lowBuf + (<usize>(n - 1) << 2));
          }
          if (v > highMin) {
            insertHigh(highBuf, n, v);
            highMin = load<f32>(highBuf + (<usize>(n - 1) << 2));
          }
        }
      }
      for (; i < i1; i++) {
        const v = load<f32>(row + (<usize>i << 2));
        if (v < lowMax) {
          insertLow(lowBuf, n, v);
          lowMax = load<f32>(lowBuf + (<usize>(n - 1) << 2));
        }
        if (v > highMin) {
          insertHigh(highBuf, n, v);
          highMin = load<f32>(highBuf + (<usize>(n - 1) << 2));
        }
      }
      sumMeans(lowBuf, highBuf, n, valleyOut + out, peakOut + out);
    }
  }
}

/** The means of the n values in lowBuf (ascending) and highBuf (descending), each summed in ascending order in f64 and rounded to f32 (np.mean of a float32 slice). */
@inline function sumMeans(lowBuf: usize, highBuf: usize, n: i32, valleyAt: usize, peakAt: usize): void {
  let sv: f64 = 0;
  let sp: f64 = 0;
  for (let j = 0; j < n; j++) {
    sv += <f64>load<f32>(lowBuf + (<usize>j << 2));
    sp += <f64>load<f32>(highBuf + (<usize>(n - 1 - j) << 2));
  }
  store<f64>(valleyAt, <f64><f32>(sv / <f64>n));
  store<f64>(peakAt, <f64><f32>(sp / <f64>n));
}


/**
 * piptrack's peaks (librosa.piptrack as src/dsp/chroma.ts computes it, same float32/float64 mix,
 * same values) for nFrames frames of S (f32, nBins per frame; squared per frame in f32 when
 * `square`): per frame the maximum over all bins, the threshold f32(threshold · max), then every
 * bin kLo ≤ k < kHi that is a local maximum of the thresholded frame yields its interpolated
 * frequency (Hz, f32) to pitchOut and magnitude (f32) to magOut, frames in order. Returns the
 * number of peaks. d and thr hold nBins f32 each; the outputs need room for
 * nFrames · ((kHi − kLo + 1) / 2) values (two adjacent bins cannot both be peaks).
 */
export function piptrackPeaks(
  S: usize,
  nBins: i32,
  nFrames: i32,
  kLo: i32,
  kHi: i32,
  threshold: f64,
  square: i32,
  sr: f64,
  nFft: f64,
  pitchOut: usize,
  magOut: usize,
  d: usize,
  thr: usize,
): i32 {
  let nPeaks = 0;
  const a0 = kLo - 1 > 0 ? kLo - 1 : 0;
  const a1 = kHi + 1 < nBins ? kHi + 1 : nBins;
  for (let t = 0; t < nFrames; t++) {
    const row = S + (<usize>(t * nBins) << 2);
    // running maxima by "greater than" (as the JavaScript path: NaN never enters, start at 0)
    let mv = f32x4.splat(0);
    let k = 0;
    for (; k + 4 <= nBins; k += 4) {
      const v = v128.load(row + (<usize>k << 2));
      mv = v128.bitselect(v, mv, f32x4.gt(v, mv));
    }
    let mx: f32 = f32x4.extract_lane(mv, 0);
    for (; k < nBins; k++) {
      const v = load<f32>(row + (<usize>k << 2));
      if (v > mx) mx = v;
    }
    const m1 = f32x4.extract_lane(mv, 1);
    const m2 = f32x4.extract_lane(mv, 2);
    const m3 = f32x4.extract_lane(mv, 3);
    if (m1 > mx) mx = m1;
    if (m2 > mx) mx = m2;
    if (m3 > mx) mx = m3;
    // squaring is monotone and rounds the same way, so max(S²) = (max S)² in float32
    if (square) mx = mx * mx;
    const ref = <f32>(threshold * <f64>mx);
    const refv = f32x4.splat(ref);
    const zero = f32x4.splat(0);
    let j = a0;
    for (; j + 4 <= a1; j += 4) {
      let v = v128.load(row + (<usize>j << 2));
      if (square) v = f32x4.mul(v, v);
      v128.store(d + (<usize>j << 2), v);
      v128.store(thr + (<usize>j << 2), v128.bitselect(v, zero, f32x4.gt(v, refv)));
    }
    for (; j < a1; j++) {
      let v = load<f32>(row + (<usize>j << 2));
      if (square) v = v * v;
      store<f32>(d + (<usize>j << 2), v);
      store<f32>(thr + (<usize>j << 2), v > ref ? v : 0);
    }
    // interior bins four at a time: bit i of `pending` says whether bin pendingAt + i is a local maximum
    const vEnd = kHi < nBins - 1 ? kHi : nBins - 1;
    j = kLo > 1 ? kLo : 1;
    let pending: i32 = 0;
    let pendingAt = 0;
    while (true) {
      let jj: i32 = 0;
      if (pending != 0) {
        jj = pendingAt + ctz(pending);
        pending &= pending - 1;
      } else if (j + 4 <= vEnd) {
        const c = v128.load(thr + (<usize>j << 2));
        const l = v128.load(thr + (<usize>(j - 1) << 2));
        const r = v128.load(thr + (<usize>(j + 1) << 2));
        pending = i32x4.bitmask(v128.and(f32x4.gt(c, l), f32x4.ge(c, r)));
        pendingAt = j;
        j += 4;
        continue;
      } else if (j < kHi) {
        jj = j++;
        const tj = load<f32>(thr + (<usize>jj << 2));
        let isMax: bool;
        if (jj == nBins - 1) isMax = tj > load<f32>(thr + (<usize>(jj - 1) << 2));
        else isMax = tj > load<f32>(thr + (<usize>(jj - 1) << 2)) && tj >= load<f32>(thr + (<usize>(jj + 1) << 2));
        if (!isMax) continue;
      } else break;
      let shift: f64 = 0;
      let avg: f32;
      const x0 = load<f32>(d + (<usize>jj << 2));
      if (jj < nBins - 1) {
        const xm = load<f32>(d + (<usize>(jj - 1) << 2));
        const xp = load<f32>(d + (<usize>(jj + 1) << 2));
        const a = <f64>(xp + xm) - 2 * <f64>x0;
        const b = <f64>(xp - xm) / 2;
        shift = Math.abs(b) >= Math.abs(a) ? 0 : <f64><f32>(-b / a);
        avg = (xp - xm) / 2;
      } else {
        avg = x0 - load<f32>(d + (<usize>(jj - 1) << 2));
      }
      const dskew = <f64>(<f32>(<f64>(<f32>(0.5 * <f64>avg)) * shift));
      store<f32>(pitchOut + (<usize>nPeaks << 2), <f32>(((<f64>jj + shift) * sr) / nFft));
      store<f32>(magOut + (<usize>nPeaks << 2), <f32>(<f64>x0 + dskew));
      nPeaks++;
    }
  }
  return nPeaks;
}

/**
 * Spectral centroid and bandwidth (p = 2) per frame of S (f32, nBins per frame), with exactly the
 * operations and summation order of spectralCentroidBandwidth in src/dsp/spectral.ts: the frame
 * sum in four interleaved partial sums, each value normalised to f32, then two interleaved lanes
 * of Σ f·ŝ, Σ f²·ŝ and Σ ŝ (f and f2: f64 bin frequencies and their squares). Centroid (Hz, f64) to
 * centOut; with withBw the bandwidth from the moments to bwOut.
 */
export function centroidBandwidth(S: usize, nBins: i32, nFrames: i32, f: usize, f2: usize, withBw: i32, centOut: usize, bwOut: usize): void {
  for (let t = 0; t < nFrames; t++) {
    const row = S + (<usize>(t * nBins) << 2);
    let s01 = f64x2.splat(0);
    let s23 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= nBins; k += 4) {
      const v = v128.load(row + (<usize>k << 2));
      s01 = f64x2.add(s01, f64x2.promote_low_f32x4(v));
      s23 = f64x2.add(s23, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
    }
    let s0 = f64x2.extract_lane(s01, 0);
    for (; k < nBins; k++) s0 += <f64>load<f32>(row + (<usize>k << 2));
    const sum = s0 + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
    const inv = 1 / (sum < 1.1754943508222875e-38 ? 1 : sum);
    const invv = f64x2.splat(inv);
    let a = f64x2.splat(0);
    let q = f64x2.splat(0);
    let n = f64x2.splat(0);
    k = 0;
    for (; k + 2 <= nBins; k += 2) {
      // ŝ = f32(s · inv), as Math.fround in the JavaScript path
      const x = f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>k << 2)));
      const v = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.mul(x, invv)));
      a = f64x2.add(a, f64x2.mul(v128.load(f + (<usize>k << 3)), v));
      q = f64x2.add(q, f64x2.mul(v128.load(f2 + (<usize>k << 3)), v));
      n = f64x2.add(n, v);
    }
    let a0 = f64x2.extract_lane(a, 0);
    let q0 = f64x2.extract_lane(q, 0);
    let n0 = f64x2.extract_lane(n, 0);
    for (; k < nBins; k++) {
      const v = <f64><f32>(<f64>load<f32>(row + (<usize>k << 2)) * inv);
      a0 += load<f64>(f + (<usize>k << 3)) * v;
      q0 += load<f64>(f2 + (<usize>k << 3)) * v;
      n0 += v;
    }
    const c = a0 + f64x2.extract_lane(a, 1);
    store<f64>(centOut + (<usize>t << 3), c);
    if (withBw) {
      const m2 = q0 + f64x2.extract_lane(q, 1) - c * c * (2 - (n0 + f64x2.extract_lane(n, 1)));
      store<f64>(bwOut + (<usize>t << 3), Math.sqrt(Math.max(0, m2)));
    }
  }
}

/**
 * Spectral flatness's per-frame parts (power 2) with exactly the operations of spectralFlatness in
 * src/dsp/spectral.ts: v = max(amin, f32(s²)); per run of 16 values two interleaved sums and
 * products, the product renormalised to [1, 2) after each run with its binary exponent counted.
 * Per frame three f64 to out: Σ v, the renormalised product and the exponent count (the caller
 * takes the logarithm, as the JavaScript path does, so both use the same Math.log).
 */
export function flatnessParts(S: usize, nBins: i32, nFrames: i32, amin: f32, out: usize): void {
  const av = f32x4.splat(amin);
  for (let t = 0; t < nFrames; t++) {
    const row = S + (<usize>(t * nBins) << 2);
    let sa: f64 = 0;
    let prod: f64 = 1;
    let e2: i32 = 0;
    let k = 0;
    while (k < nBins) {
      if (k + 16 <= nBins) {
        let s = f64x2.replace_lane(f64x2.splat(0), 0, sa);
        let p = f64x2.replace_lane(f64x2.splat(1), 0, prod);
        for (let j = 0; j < 16; j += 4) {
          const x = v128.load(row + (<usize>(k + j) << 2));
          let v = f32x4.mul(x, x);
          v = v128.bitselect(av, v, f32x4.lt(v, av));
          const lo = f64x2.promote_low_f32x4(v);
          const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
          s = f64x2.add(f64x2.add(s, lo), hi);
          p = f64x2.mul(f64x2.mul(p, lo), hi);
        }
        sa = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
        prod = f64x2.extract_lane(p, 0) * f64x2.extract_lane(p, 1);
        k += 16;
      } else {
        for (; k < nBins; k++) {
          const x = load<f32>(row + (<usize>k << 2));
          let v = x * x;
          if (v < amin) v = amin;
          sa += <f64>v;
          prod *= <f64>v;
        }
      }
      const bits = reinterpret<i64>(prod);
      e2 += <i32>((bits >>> 52) & 0x7ff) - 1023;
      prod = reinterpret<f64>((bits & 0x800fffffffffffff) | 0x3ff0000000000000);
    }
    const o = out + (<usize>(t * 3) << 3);
    store<f64>(o, sa);
    store<f64>(o, prod, 8);
    store<f64>(o, <f64>e2, 16);
  }
}

// Natural logarithm of two f64 lanes by the classic fdlibm reduction (x = 2^k · (1 + f) with
// 1 + f in [√2/2, √2), log(1 + f) from s = f / (2 + f) and the degree-14 odd minimax series in s,
// k·ln 2 in two parts), the algorithm of V8's Math.log: the same operations in the same order, so
// the same values, for every positive finite input that is a normal f64 (all float32 values are).
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

@inline function splat64(x: f64): v128 {
  return f64x2.splat(x);
}

@inline function log2Lanes(x: v128): v128 {
  const bits = x;
  // positive input: logical shifts (x86 has no 64-bit arithmetic shift before AVX-512)
  const hi = i64x2.shr_u(bits, 32);
  const hxm = v128.and(hi, i64x2.splat(0xfffff));
  const ii = v128.and(i64x2.add(hxm, i64x2.splat(0x95f64)), i64x2.splat(0x100000));
  // k = exponent − 1023 + (1 when the mantissa was halved)
  const k = i64x2.add(i64x2.sub(i64x2.shr_u(hi, 20), i64x2.splat(1023)), i64x2.shr_u(ii, 20));
  const newHi = v128.or(hxm, v128.xor(ii, i64x2.splat(0x3ff00000)));
  const xr = v128.or(i64x2.shl(newHi, 32), v128.and(bits, i64x2.splat(0xffffffff)));
  const f = f64x2.sub(xr, splat64(1.0));
  const dk = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(k, k, 0, 2, 0, 2));
  // the general case
  const s = f64x2.div(f, f64x2.add(splat64(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(splat64(LG2), f64x2.mul(w, f64x2.add(splat64(LG4), f64x2.mul(w, splat64(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(splat64(LG1), f64x2.mul(w, f64x2.add(splat64(LG3), f64x2.mul(w, f64x2.add(splat64(LG5), f64x2.mul(w, splat64(LG7))))))));
  const R = f64x2.add(t2, t1);
  // the high-word test (hx − 0x6147a) | (0x6b851 − hx) > 0, in 32-bit arithmetic
  const iw = v128.or(i32x4.sub(hxm, i32x4.splat(0x6147a)), i32x4.sub(i32x4.splat(0x6b851), hxm));
  const wide = i64x2.gt_s(i64x2.extend_low_i32x4_s(v128.shuffle<i32>(iw, iw, 0, 2, 0, 2)), i64x2.splat(0));
  const hfsq = f64x2.mul(f64x2.mul(splat64(0.5), f), f);
  const dLo = f64x2.mul(dk, splat64(LN2_LO));
  const dHi = f64x2.mul(dk, splat64(LN2_HI));
  const resWide = f64x2.sub(dHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), dLo)), f));
  const resNarrow = f64x2.sub(dHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, R)), dLo), f));
  const general = v128.bitselect(resWide, resNarrow, wide);
  // |f| < 2^-20 (rare): the short series
  const small = i64x2.lt_s(v128.and(i64x2.add(hxm, i64x2.splat(2)), i64x2.splat(0xfffff)), i64x2.splat(3));
  if (!v128.any_true(small)) return general;
  const fIsZero = f64x2.eq(f, splat64(0));
  const rSmall = f64x2.mul(f64x2.mul(f, f), f64x2.sub(splat64(0.5), f64x2.mul(splat64(0.33333333333333333), f)));
  const zeroRes = f64x2.add(f64x2.mul(dk, splat64(LN2_HI)), f64x2.mul(dk, splat64(LN2_LO)));
  const smallRes = f64x2.sub(f64x2.mul(dk, splat64(LN2_HI)), f64x2.sub(f64x2.sub(rSmall, f64x2.mul(dk, splat64(LN2_LO))), f));
  return v128.bitselect(v128.bitselect(zeroRes, smallRes, fIsZero), general, small);
}

/**
 * power_to_db's first pass over n float32 values at x (librosa: 10·log10(max(amin, x)) − refDb,
 * float32 out): out[i] = f32(f32(ln(max(x, amin)) · dbPerNeper) − refDb), with ln as V8's Math.log
 * computes it (same values as the JavaScript path). NaN stays NaN, +∞ gives +∞. Returns the largest
 * non-NaN output (−∞ when none).
 */
export function powerToDbPass(x: usize, n: i32, amin: f32, dbPerNeper: f64, refDb: f64, out: usize): f32 {
  const av = f32x4.splat(amin);
  const c = f64x2.splat(dbPerNeper);
  const r = f64x2.splat(refDb);
  let mx = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    // Math.max(x, amin): NaN stays NaN
    const m = v128.bitselect(av, v, f32x4.lt(v, av));
    const lo = f64x2.promote_low_f32x4(m);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(m, m, 2, 3, 2, 3));
    // +∞ and NaN pass through as fdlibm's x + x does
    const okLo = f64x2.lt(lo, splat64(Infinity));
    const okHi = f64x2.lt(hi, splat64(Infinity));
    const lnLo = v128.bitselect(log2Lanes(lo), lo, okLo);
    const lnHi = v128.bitselect(log2Lanes(hi), hi, okHi);
    const dLo = f64x2.sub(f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.mul(lnLo, c))), r);
    const dHi = f64x2.sub(f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.mul(lnHi, c))), r);
    const a = f32x4.demote_f64x2_zero(dLo);
    const b = f32x4.demote_f64x2_zero(dHi);
    const res = v128.shuffle<f32>(a, b, 0, 1, 4, 5);
    v128.store(out + (<usize>i << 2), res);
    mx = v128.bitselect(res, mx, f32x4.gt(res, mx));
  }
  let best: f32 = f32x4.extract_lane(mx, 0);
  const m1 = f32x4.extract_lane(mx, 1);
  const m2 = f32x4.extract_lane(mx, 2);
  const m3 = f32x4.extract_lane(mx, 3);
  if (m1 > best) best = m1;
  if (m2 > best) best = m2;
  if (m3 > best) best = m3;
  for (; i < n; i++) {
    let v = load<f32>(x + (<usize>i << 2));
    if (v < amin) v = amin;
    const d = <f64>v;
    const ln = d < Infinity ? f64x2.extract_lane(log2Lanes(f64x2.splat(d)), 0) : d;
    const res = <f32>(<f64><f32>(ln * dbPerNeper) - refDb);
    store<f32>(out + (<usize>i << 2), res);
    if (res > best) best = res;
  }
  return best;
}

/** ln(x) by the lanes above, for one positive normal f64 (lets the tests compare it with Math.log bit for bit). */
export function logOne(x: f64): f64 {
  return f64x2.extract_lane(log2Lanes(f64x2.splat(x)), 0);
}

/**
 * The input check's statistics of n f32 samples at y: out[0] = max(0, largest sample), out[1] =
 * min(0, smallest sample) (NaN never enters either), out[2] = 1 when any sample is ±∞ or NaN, else 0.
 */
export function signalStats(y: usize, n: i32, out: usize): void {
  let hi = f32x4.splat(0);
  let lo = f32x4.splat(0);
  let bad = v128.splat<i32>(0);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(y + (<usize>i << 2));
    hi = f32x4.pmax(hi, x);
    lo = f32x4.pmin(lo, x);
    // x − x is 0 for every finite x and NaN for ±∞ and NaN
    bad = v128.or(bad, f32x4.ne(f32x4.sub(x, x), zero));
  }
  let h = f32x4.extract_lane(hi, 0);
  let l = f32x4.extract_lane(lo, 0);
  for (let j = 1; j < 4; j++) {
    const hj = j == 1 ? f32x4.extract_lane(hi, 1) : j == 2 ? f32x4.extract_lane(hi, 2) : f32x4.extract_lane(hi, 3);
    const lj = j == 1 ? f32x4.extract_lane(lo, 1) : j == 2 ? f32x4.extract_lane(lo, 2) : f32x4.extract_lane(lo, 3);
    if (hj > h) h = hj;
    if (lj < l) l = lj;
  }
  let b = v128.any_true(bad);
  for (; i < n; i++) {
    const x = load<f32>(y + (<usize>i << 2));
    if (x > h) h = x;
    if (x < l) l = x;
    if (x - x != 0) b = true;
  }
  store<f32>(out, h);
  store<f32>(out, l, 4);
  store<f32>(out, b ? 1 : 0, 8);
}

/**
 * Zero crossings as librosa counts them (a sample is negative when below thr, so zero counts as
 * positive): starting from `acc` crossings before sample `from`, out[i] (i32) = acc plus the
 * crossings at samples j in [from, pos[i]) for ascending positions pos (i32), where a crossing at j
 * compares samples j − 1 and j. Sample s is at y + 4·(s − base), base ≤ from − 1. Returns the count
 * at the last position.
 */
export function crossingsAt(y: usize, base: i32, thr: f32, from: i32, acc: i32, pos: usize, nPos: i32, out: usize): i32 {
  const tv = f32x4.splat(thr);
  let j = from;
  for (let i = 0; i < nPos; i++) {
    const p = load<i32>(pos + (<usize>i << 2));
    let av = v128.splat<i32>(0);
    for (; j + 4 <= p; j += 4) {
      const cur = v128.load(y + (<usize>(j - base) << 2));
      const prev = v128.load(y + (<usize>(j - 1 - base) << 2));
      // lanes are all ones where the signs differ: subtracting counts them
      av = i32x4.sub(av, v128.xor(f32x4.lt(cur, tv), f32x4.lt(prev, tv)));
    }
    acc += i32x4.extract_lane(av, 0) + i32x4.extract_lane(av, 1) + i32x4.extract_lane(av, 2) + i32x4.extract_lane(av, 3);
    for (; j < p; j++) {
      const c = load<f32>(y + (<usize>(j - base) << 2)) < thr;
      const q = load<f32>(y + (<usize>(j - 1 - base) << 2)) < thr;
      if (c != q) acc++;
    }
    store<i32>(out + (<usize>i << 2), acc);
  }
  return acc;
}

/**
 * The n ≤ 16 smallest values of row[i0 .. i1) to buf (16 f32, ascending): the same values the
 * insertion buffers select. The 16 smallest so far are kept sorted in four f32x4 registers; a
 * value enters by the branch-free sorted insert L'[i] = max(min(L[i], v), L[i − 1]), and only
 * blocks of four holding a value below the n-th smallest are inserted, all four at once (values
 * that do not belong fall off the end). The scan runs downwards: spectra mostly fall with
 * frequency, so few blocks enter. Returns false, having selected nothing, when an entering block
 * holds a NaN (the insertion path never admits NaN).
 */
function selectLowDown(row: usize, i0: i32, i1: i32, n: i32, buf: usize): bool {
  const INF = f32x4.splat(Infinity);
  const NINF = f32x4.splat(-Infinity);
  let l0 = INF, l1 = INF, l2 = INF, l3 = INF;
  let t: f32 = Infinity;
  const nv = (n + 3) >> 2;
  const last: usize = <usize>(n - 1) << 2;
  let i = i1;
  while (i > i0) {
    let v4: v128;
    let cnt: i32;
    if (i - 4 >= i0) {
      i -= 4;
      v4 = v128.load(row + (<usize>i << 2));
      cnt = 4;
    } else {
      i -= 1;
      v4 = f32x4.splat(load<f32>(row + (<usize>i << 2)));
      cnt = 1;
    }
    if (!v128.any_true(f32x4.lt(v4, f32x4.splat(t)))) continue;
    if (v128.any_true(f32x4.ne(v4, v4))) return false;
    for (let j = 0; j < cnt; j++) {
      const vv = j == 0 ? v128.shuffle<f32>(v4, v4, 0, 0, 0, 0) : j == 1 ? v128.shuffle<f32>(v4, v4, 1, 1, 1, 1) : j == 2 ? v128.shuffle<f32>(v4, v4, 2, 2, 2, 2) : v128.shuffle<f32>(v4, v4, 3, 3, 3, 3);
      const c1 = v128.shuffle<f32>(l0, l1, 3, 4, 5, 6);
      const c2 = v128.shuffle<f32>(l1, l2, 3, 4, 5, 6);
      const c3 = v128.shuffle<f32>(l2, l3, 3, 4, 5, 6);
      l0 = f32x4.pmax(f32x4.pmin(l0, vv), v128.shuffle<f32>(NINF, l0, 3, 4, 5, 6));
      if (nv > 1) l1 = f32x4.pmax(f32x4.pmin(l1, vv), c1);
      if (nv > 2) l2 = f32x4.pmax(f32x4.pmin(l2, vv), c2);
      if (nv > 3) l3 = f32x4.pmax(f32x4.pmin(l3, vv), c3);
    }
    v128.store(buf, l0);
    v128.store(buf, l1, 16);
    v128.store(buf, l2, 32);
    v128.store(buf, l3, 48);
    t = load<f32>(buf + last);
  }
  v128.store(buf, l0);
  v128.store(buf, l1, 16);
  v128.store(buf, l2, 32);
  v128.store(buf, l3, 48);
  return true;
}

/** The n ≤ 16 largest values of row[i0 .. i1) to buf (16 f32, descending), as selectLowDown with min and max mirrored, scanning upwards. */
function selectHighUp(row: usize, i0: i32, i1: i32, n: i32, buf: usize): bool {
  const INF = f32x4.splat(Infinity);
  const NINF = f32x4.splat(-Infinity);
  let h0 = NINF, h1 = NINF, h2 = NINF, h3 = NINF;
  let t: f32 = -Infinity;
  const nv = (n + 3) >> 2;
  const last: usize = <usize>(n - 1) << 2;
  let i = i0;
  while (i < i1) {
    let v4: v128;
    let cnt: i32;
    if (i + 4 <= i1) {
      v4 = v128.load(row + (<usize>i << 2));
      cnt = 4;
    } else {
      v4 = f32x4.splat(load<f32>(row + (<usize>i << 2)));
      cnt = 1;
    }
    i += cnt;
    if (!v128.any_true(f32x4.gt(v4, f32x4.splat(t)))) continue;
    if (v128.any_true(f32x4.ne(v4, v4))) return false;
    for (let j = 0; j < cnt; j++) {
      const vv = j == 0 ? v128.shuffle<f32>(v4, v4, 0, 0, 0, 0) : j == 1 ? v128.shuffle<f32>(v4, v4, 1, 1, 1, 1) : j == 2 ? v128.shuffle<f32>(v4, v4, 2, 2, 2, 2) : v128.shuffle<f32>(v4, v4, 3, 3, 3, 3);
      const c1 = v128.shuffle<f32>(h0, h1, 3, 4, 5, 6);
      const c2 = v128.shuffle<f32>(h1, h2, 3, 4, 5, 6);
      const c3 = v128.shuffle<f32>(h2, h3, 3, 4, 5, 6);
      h0 = f32x4.pmin(f32x4.pmax(h0, vv), v128.shuffle<f32>(INF, h0, 3, 4, 5, 6));
      if (nv > 1) h1 = f32x4.pmin(f32x4.pmax(h1, vv), c1);
      if (nv > 2) h2 = f32x4.pmin(f32x4.pmax(h2, vv), c2);
      if (nv > 3) h3 = f32x4.pmin(f32x4.pmax(h3, vv), c3);
    }
    v128.store(buf, h0);
    v128.store(buf, h1, 16);
    v128.store(buf, h2, 32);
    v128.store(buf, h3, 48);
    t = load<f32>(buf + last);
  }
  v128.store(buf, h0);
  v128.store(buf, h1, 16);
  v128.store(buf, h2, 32);
  v128.store(buf, h3, 48);
  return true;
}
