// AssemblyScript source of the SIMD median filter used by HPSS; wasm/build.sh compiles it into
// src/dsp/median-wasm-bytes.ts. Four series are filtered at once, one per f32x4 lane, with a
// branch-free rank count: every window value keeps its rank (values ordered by (value, age)); one
// step removes the oldest value, inserts the new one and reads the value whose rank is w >> 1.
// Edges follow scipy.ndimage's 'reflect' mode. Memory: window state after the static data, the
// caller's data from 65536 on.

// window state after AssemblyScript's static data; the caller's data starts at 65536
const VALS: usize = (__heap_base + 15) & ~15;
const RANKS: usize = VALS + 1024;
// filter16's state: 64 window entries of four f32x4 groups, and their i8x16 ranks
const VALS16: usize = RANKS + 1024;
const RANKS16: usize = VALS16 + 4096;
const IDX16: usize = RANKS16 + 1024;

@inline function reflect(j: i32, n: i32): i32 {
  const p = 2 * n;
  j = j % p;
  if (j < 0) j += p;
  return j >= n ? p - 1 - j : j;
}

@inline function loadLanes(src: usize, idx: i32, laneStride: i32, contiguous: bool): v128 {
  if (contiguous) return v128.load(src + (<usize>idx << 2));
  let v = f32x4.splat(load<f32>(src + (<usize>idx << 2)));
  v = f32x4.replace_lane(v, 1, load<f32>(src + (<usize>(idx + laneStride) << 2)));
  v = f32x4.replace_lane(v, 2, load<f32>(src + (<usize>(idx + 2 * laneStride) << 2)));
  v = f32x4.replace_lane(v, 3, load<f32>(src + (<usize>(idx + 3 * laneStride) << 2)));
  return v;
}

@inline function storeLanes(dst: usize, idx: i32, laneStride: i32, contiguous: bool, v: v128): void {
  if (contiguous) {
    v128.store(dst + (<usize>idx << 2), v);
    return;
  }
  store<f32>(dst + (<usize>idx << 2), f32x4.extract_lane(v, 0));
  store<f32>(dst + (<usize>(idx + laneStride) << 2), f32x4.extract_lane(v, 1));
  store<f32>(dst + (<usize>(idx + 2 * laneStride) << 2), f32x4.extract_lane(v, 2));
  store<f32>(dst + (<usize>(idx + 3 * laneStride) << 2), f32x4.extract_lane(v, 3));
}

/**
 * Filters 4 series of length n at once. Sample i of lane l is at element base + i*step + l*laneStride
 * (elements are f32) of src; the median goes to the same element of dst.
 */
function filter4(src: usize, dst: usize, base: i32, step: i32, laneStride: i32, n: i32, w: i32): void {
  const r = w >> 1;
  const contiguous = laneStride == 1;
  for (let i = 0; i < w; i++) {
    v128.store(VALS + (<usize>i << 4), loadLanes(src, base + reflect(i - r, n) * step, laneStride, contiguous));
  }
  // initial ranks: smaller values, and equal values inserted earlier, rank below
  for (let j = 0; j < w; j++) {
    const vj = v128.load(VALS + (<usize>j << 4));
    let rk = i32x4.splat(0);
    for (let i = 0; i < w; i++) {
      const vi = v128.load(VALS + (<usize>i << 4));
      rk = i32x4.sub(rk, f32x4.lt(vi, vj));
      if (i < j) rk = i32x4.sub(rk, f32x4.eq(vi, vj));
    }
    v128.store(RANKS + (<usize>j << 4), rk);
  }
  const target = i32x4.splat(r);
  let med = f32x4.splat(0);
  for (let j = 0; j < w; j++) {
    med = v128.bitselect(v128.load(VALS + (<usize>j << 4)), med, i32x4.eq(v128.load(RANKS + (<usize>j << 4)), target));
  }
  storeLanes(dst, base, laneStride, contiguous, med);
  const sentinel = i32x4.splat(-1000000);
  let slot = 0;
  for (let t = 1; t < n; t++) {
    const nv = loadLanes(src, base + reflect(t + r, n) * step, laneStride, contiguous);
    const sOff: usize = <usize>slot << 4;
    const old = v128.load(VALS + sOff);
    const ro = v128.load(RANKS + sOff);
    v128.store(RANKS + sOff, sentinel);
    let rn = i32x4.splat(0);
    med = f32x4.splat(0);
    for (let j = 0; j < w; j++) {
      const off: usize = <usize>j << 4;
      const v = v128.load(VALS + off);
      let rk = v128.load(RANKS + off);
      rk = i32x4.add(rk, i32x4.gt_s(rk, ro));
      const le = f32x4.le(v, nv);
      rn = i32x4.sub(rn, le);
      rk = i32x4.sub(rk, v128.not(le));
      v128.store(RANKS + off, rk);
      med = v128.bitselect(v, med, i32x4.eq(rk, target));
    }
    // the outgoing value was counted if it is <= the incoming one
    rn = i32x4.add(rn, f32x4.le(old, nv));
    v128.store(RANKS + sOff, rn);
    v128.store(VALS + sOff, nv);
    med = v128.bitselect(nv, med, i32x4.eq(rn, target));
    storeLanes(dst, base + t * step, laneStride, contiguous, med);
    slot = slot + 1 == w ? 0 : slot + 1;
  }
}

@inline function narrowMasks(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  // four i32x4 masks (0 or −1) to one i8x16 mask, lane 4g + k from group g's lane k
  return i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
}

/** Group `o` of window entries ei and ej: lanes where ei's value ranks below ej's (strictly, or also equal for an older ei). */
@inline function below(ei: usize, ej: usize, o: usize, orEqual: bool): v128 {
  const a = v128.load(ei + o);
  const b = v128.load(ej + o);
  return orEqual ? f32x4.le(a, b) : f32x4.lt(a, b);
}

/** The 16 lanes (an i8x16 mask) where window entry e holds a value above the incoming one (n0..n3). */
@inline function above(e: usize, n0: v128, n1: v128, n2: v128, n3: v128): v128 {
  return narrowMasks(f32x4.gt(v128.load(e), n0), f32x4.gt(v128.load(e + 16), n1), f32x4.gt(v128.load(e + 32), n2), f32x4.gt(v128.load(e + 48), n3));
}

/**
 * filter4 for 16 series at once (w ≤ 127): the values stay float32, four f32x4 groups per window
 * entry, but the ranks are i8, so one i8x16 operation updates the ranks of all 16 series. The rank
 * bookkeeping is filter4's, with the same order of equal values (by age), so the medians are the
 * same values. Instead of selecting the median's value at every entry, the loop keeps the entry
 * index whose rank is the middle one, and the 16 values are read by index once per step.
 */
function filter16(src: usize, dst: usize, base: i32, step: i32, laneStride: i32, n: i32, w: i32): void {
  const r = w >> 1;
  const contiguous = laneStride == 1;
  const g1 = 4 * laneStride;
  for (let i = 0; i < w; i++) {
    const at = base + reflect(i - r, n) * step;
    const e: usize = VALS16 + (<usize>i << 6);
    v128.store(e, loadLanes(src, at, laneStride, contiguous));
    v128.store(e + 16, loadLanes(src, at + g1, laneStride, contiguous));
    v128.store(e + 32, loadLanes(src, at + 2 * g1, laneStride, contiguous));
    v128.store(e + 48, loadLanes(src, at + 3 * g1, laneStride, contiguous));
  }
  // initial ranks: smaller values, and equal values inserted earlier, rank below
  for (let j = 0; j < w; j++) {
    const ej: usize = VALS16 + (<usize>j << 6);
    let rk = i8x16.splat(0);
    for (let i = 0; i < w; i++) {
      const ei: usize = VALS16 + (<usize>i << 6);
      const older = i < j;
      rk = i8x16.sub(rk, narrowMasks(below(ei, ej, 0, older), below(ei, ej, 16, older), below(ei, ej, 32, older), below(ei, ej, 48, older)));
    }
    v128.store(RANKS16 + (<usize>j << 4), rk);
  }
  const target = i8x16.splat(<i8>r);
  let idx = i8x16.splat(0);
  for (let j = 0; j < w; j++) {
    idx = v128.bitselect(i8x16.splat(<i8>j), idx, i8x16.eq(v128.load(RANKS16 + (<usize>j << 4)), target));
  }
  store16(dst, base, laneStride, g1, idx);
  const sentinel = i8x16.splat(-128);
  const wm1 = i8x16.splat(<i8>(w - 1));
  let slot = 0;
  for (let t = 1; t < n; t++) {
    const at = base + reflect(t + r, n) * step;
    const n0 = loadLanes(src, at, laneStride, contiguous);
    const n1 = loadLanes(src, at + g1, laneStride, contiguous);
    const n2 = loadLanes(src, at + 2 * g1, laneStride, contiguous);
    const n3 = loadLanes(src, at + 3 * g1, laneStride, contiguous);
    const es: usize = VALS16 + (<usize>slot << 6);
    const rs: usize = RANKS16 + (<usize>slot << 4);
    const ro = v128.load(rs);
    // the outgoing value stays in the loop (its rank parked below every rank) and is counted
    const oldGt = above(es, n0, n1, n2, n3);
    v128.store(rs, sentinel);
    let gtCount = i8x16.splat(0);
    idx = i8x16.splat(0);
    for (let j = 0; j < w; j++) {
      const e: usize = VALS16 + (<usize>j << 6);
      const gt = above(e, n0, n1, n2, n3);
      const ra: usize = RANKS16 + (<usize>j << 4);
      let rk = v128.load(ra);
      // one rank down for values above the outgoing one, one up for values above the incoming one
      rk = i8x16.sub(i8x16.add(rk, i8x16.gt_s(rk, ro)), gt);
      gtCount = i8x16.sub(gtCount, gt);
      v128.store(ra, rk);
      idx = v128.bitselect(i8x16.splat(<i8>j), idx, i8x16.eq(rk, target));
    }
    // the incoming value's rank: the other w − 1 values not above it (equal ones are older)
    const rn = i8x16.sub(i8x16.add(wm1, i8x16.neg(oldGt)), gtCount);
    v128.store(rs, rn);
    v128.store(es, n0);
    v128.store(es + 16, n1);
    v128.store(es + 32, n2);
    v128.store(es + 48, n3);
    idx = v128.bitselect(i8x16.splat(<i8>slot), idx, i8x16.eq(rn, target));
    store16(dst, base + t * step, laneStride, g1, idx);
    slot = slot + 1 == w ? 0 : slot + 1;
  }
}

/** Writes each of the 16 lanes' window entry `idx[l]` (its value in lane l) to the lanes' places in dst. */
@inline function store16(dst: usize, at: i32, laneStride: i32, g1: i32, idx: v128): void {
  v128.store(IDX16, idx);
  for (let l = 0; l < 16; l++) {
    const j = <usize>load<u8>(IDX16 + <usize>l);
    const v = load<f32>(VALS16 + (j << 6) + (<usize>l << 2));
    store<f32>(dst + (<usize>(at + (l >> 2) * g1 + (l & 3) * laneStride) << 2), v);
  }
}

/** Median along time (harmonic filter) of bins [0, 4·⌊nBins/4⌋) of a frame-major matrix. */
export function timeMedian(src: usize, dst: usize, nBins: i32, nFrames: i32, w: i32): void {
  let k = 0;
  if (w <= 63) for (; k + 16 <= nBins; k += 16) filter16(src, dst, k, nBins, 1, nFrames, w);
  for (; k + 4 <= nBins; k += 4) filter4(src, dst, k, nBins, 1, nFrames, w);
}

/** Median along frequency (percussive filter) of frames [0, 4·⌊nFrames/4⌋) of a frame-major matrix. */
export function freqMedian(src: usize, dst: usize, nBins: i32, nFrames: i32, w: i32): void {
  let t = 0;
  if (w <= 63) for (; t + 16 <= nFrames; t += 16) filter16(src, dst, t * nBins, 1, nBins, nBins, w);
  for (; t + 4 <= nFrames; t += 4) filter4(src, dst, t * nBins, 1, nBins, nBins, w);
}

@inline function sum2(acc: v128, x: v128): v128 {
  // adds the four f32 lanes of x to the two f64 lanes of acc
  acc = f64x2.add(acc, f64x2.promote_low_f32x4(x));
  return f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 0, 1)));
}

/**
 * Per-frame RMS of S·mask_H and S·mask_P (librosa.feature.rms(S=H), rms(S=P) after
 * decompose.hpss with margin 1, power 2): soft masks from the median filters, all in float32 as
 * librosa computes them, squares summed in float64. Results (f64) go to outH[t], outP[t].
 */
export function hpssRms(src: usize, harm: usize, perc: usize, nBins: i32, nFrames: i32, outH: usize, outP: usize): void {
  const tiny = f32x4.splat(1.17549435e-38);
  const half = f32x4.splat(0.5);
  const frameLength = <f64>(2 * (nBins - 1));
  const scale = 2.0 / (frameLength * frameLength);
  const n4 = nBins & ~3;
  for (let t = 0; t < nFrames; t++) {
    const row: usize = <usize>t * <usize>nBins << 2;
    let accH = f64x2.splat(0);
    let accP = f64x2.splat(0);
    for (let k = 0; k < n4; k += 4) {
      const o: usize = row + (<usize>k << 2);
      const s = v128.load(src + o);
      const hv = v128.load(harm + o);
      const pv = v128.load(perc + o);
      const z = f32x4.max(hv, pv);
      const bad = f32x4.lt(z, tiny);
      const u = f32x4.div(hv, z);
      const v = f32x4.div(pv, z);
      const a = f32x4.mul(u, u);
      const b = f32x4.mul(v, v);
      const sum = f32x4.add(a, b);
      const sh = f32x4.mul(s, half);
      const h = v128.bitselect(sh, f32x4.mul(s, f32x4.div(a, sum)), bad);
      const p = v128.bitselect(sh, f32x4.mul(s, f32x4.div(b, sum)), bad);
      accH = sum2(accH, f32x4.mul(h, h));
      accP = sum2(accP, f32x4.mul(p, p));
    }
    let sH = f64x2.extract_lane(accH, 0) + f64x2.extract_lane(accH, 1);
    let sP = f64x2.extract_lane(accP, 0) + f64x2.extract_lane(accP, 1);
    for (let k = n4; k < nBins; k++) {
      const o: usize = row + (<usize>k << 2);
      const s = load<f32>(src + o);
      const hv = load<f32>(harm + o);
      const pv = load<f32>(perc + o);
      const z = max<f32>(hv, pv);
      let h: f32;
      let p: f32;
      if (z < <f32>1.17549435e-38) {
        h = s * <f32>0.5;
        p = h;
      } else {
        const u = hv / z;
        const v = pv / z;
        const a = u * u;
        const b = v * v;
        const sum = a + b;
        h = s * (a / sum);
        p = s * (b / sum);
      }
      sH += <f64>(h * h);
      sP += <f64>(p * p);
    }
    // bins 0 and n_fft/2 count half (librosa's rms from a one-sided spectrum)
    for (let e = 0; e < 2; e++) {
      const k = e == 0 ? 0 : nBins - 1;
      const o: usize = row + (<usize>k << 2);
      const s = load<f32>(src + o);
      const hv = load<f32>(harm + o);
      const pv = load<f32>(perc + o);
      const z = max<f32>(hv, pv);
      let h: f32;
      let p: f32;
      if (z < <f32>1.17549435e-38) {
        h = s * <f32>0.5;
        p = h;
      } else {
        const u = hv / z;
        const v = pv / z;
        const a = u * u;
        const b = v * v;
        const sum = a + b;
        h = s * (a / sum);
        p = s * (b / sum);
      }
      sH -= 0.5 * <f64>(h * h);
      sP -= 0.5 * <f64>(p * p);
    }
    store<f64>(outH + (<usize>t << 3), Math.sqrt(sH * scale));
    store<f64>(outP + (<usize>t << 3), Math.sqrt(sP * scale));
  }
}
