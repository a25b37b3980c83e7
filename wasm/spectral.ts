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
    for (let c = 0; c < nChroma; c++) {
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
 * lowBuf and highBuf hold max q f32 each. The same selection and sums as the JavaScript path;
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
      let sv: f64 = 0;
      let sp: f64 = 0;
      for (let j = 0; j < n; j++) {
        sv += <f64>load<f32>(lowBuf + (<usize>j << 2));
        sp += <f64>load<f32>(highBuf + (<usize>(n - 1 - j) << 2));
      }
      store<f64>(valleyOut + out, <f64><f32>(sv / <f64>n));
      store<f64>(peakOut + out, <f64><f32>(sp / <f64>n));
    }
  }
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
