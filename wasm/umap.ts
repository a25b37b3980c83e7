// AssemblyScript source of UMAP's layout optimisation; wasm/build.sh compiles it into
// src/embed/umap-wasm-bytes.ts. It replays src/embed/umap-layout.ts's optimizeLayoutJs operation
// for operation: the sfc32 stream continues from the state JavaScript hands over, and pow is
// src/embed/umap-pow.ts's, repeated here, so the coordinates are the same bit for bit.

const LN2: f64 = 0.6931471805599453;
const INV_LN2: f64 = 1.4426950408889634;
const TWO54: f64 = 18014398509481984.0;

/** Where src/embed/umap-pow.ts's POW_TABLES were copied: 1/c_j, log2 c_j, 2^(j/256), 256 each. */
let tables: usize = 0;

/** Tells the kernel where the pow tables are. */
export function setTables(at: usize): void {
  tables = at;
}

@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

@inline function table(i: i32): f64 {
  return load<f64>(tables + (<usize>i << 3));
}

@inline function powPositive(x0: f64, y: f64): f64 {
  let x = x0;
  let e: i32 = -1023;
  if (x < 2.2250738585072014e-308) {
    x *= TWO54;
    e = -1077;
  }
  const bits = reinterpret<u64>(x);
  const hi = <u32>(bits >> 32);
  e += <i32>((hi >>> 20) & 0x7ff);
  const j = <i32>((hi >>> 12) & 0xff);
  const m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  const r = m * table(j) - 1.0;
  const lg = <f64>e + table(256 + j) + r * (1.0 - r * (1.0 / 2.0 - r * (1.0 / 3.0 - r * (1.0 / 4.0)))) * INV_LN2;
  const t = y * lg;
  if (!(t < 1024.0)) return Infinity;
  if (t < -1022.0) return 0.0;
  const fk = Math.floor(t);
  const f = (t - fk) * 256.0;
  const fi = Math.floor(f);
  const u = ((f - fi) / 256.0) * LN2;
  const p = 1.0 + u * (1.0 + u * (1.0 / 2.0 + u * (1.0 / 6.0 + u * (1.0 / 24.0))));
  return table(512 + <i32>fi) * p * pow2(<i32>fk);
}

let sa: u32 = 0;
let sb: u32 = 0;
let sc: u32 = 0;
let sd: u32 = 0;

/** Starts the sfc32 stream at state a, b, c, d. */
export function seed(a: u32, b: u32, c: u32, d: u32): void {
  sa = a;
  sb = b;
  sc = c;
  sd = d;
}

/** The stream's state word i (0..3), to hand it back to JavaScript. */
export function state(i: i32): u32 {
  return i == 0 ? sa : i == 1 ? sb : i == 2 ? sc : sd;
}

@inline function u32draw(): u32 {
  const t = sa + sb + sd;
  sd = sd + 1;
  sa = sb ^ (sb >>> 9);
  sb = sc + (sc << 3);
  sc = (sc << 21) | (sc >>> 11);
  sc = sc + t;
  return t;
}

@inline function uniform(): f64 {
  const hi = <f64>u32draw();
  const lo = <f64>(u32draw() >>> 11);
  return (hi * 2097152.0 + lo) / 9007199254740992.0;
}

@inline function clip(x: f64): f64 {
  return x > 4.0 ? 4.0 : x < -4.0 ? -4.0 : x;
}

@inline function at(base: usize, i: i32): usize {
  return base + (<usize>i << 3);
}

/** Squared distance between the rows at x and y, summed in column order like src/util/matrix.ts's sqDist. */
@inline function sqDist(x: usize, y: usize, dim: i32): f64 {
  let s = 0.0;
  for (let d = 0; d < dim; d++) {
    const v = load<f64>(at(x, d)) - load<f64>(at(y, d));
    s += v * v;
  }
  return s;
}

/**
 * Epoch n of nEpochs over m edges (tail, head: i32; eps, epsNeg, next, nextNeg: f64 per edge) on
 * emb (nVertices × dim f64), moved in place, at learning rate alpha. One call per epoch, because
 * V8 only moves a WASM function from its baseline code to optimised code between calls.
 */
export function epoch(
  emb: usize, nVertices: i32, dim: i32,
  head: usize, tail: usize, m: i32,
  eps: usize, epsNeg: usize, next: usize, nextNeg: usize,
  a: f64, b: f64, gamma: f64, alpha: f64, n: i32,
): void {
  const bm1 = b - 1.0;
  {
    const fn = <f64>n;
    for (let i = 0; i < m; i++) {
      if (load<f64>(at(next, i)) > fn) continue;
      const j = load<i32>(head + (<usize>i << 2));
      const cur = emb + ((<usize>j * <usize>dim) << 3);
      const oth = emb + ((<usize>load<i32>(tail + (<usize>i << 2)) * <usize>dim) << 3);
      const d2 = sqDist(cur, oth, dim);
      let gc = 0.0;
      if (d2 > 0.0) {
        gc = -2.0 * a * b * powPositive(d2, bm1);
        gc /= a * powPositive(d2, b) + 1.0;
      }
      for (let d = 0; d < dim; d++) {
        const g = clip(gc * (load<f64>(at(cur, d)) - load<f64>(at(oth, d))));
        store<f64>(at(cur, d), load<f64>(at(cur, d)) + g * alpha);
        store<f64>(at(oth, d), load<f64>(at(oth, d)) + -g * alpha);
      }
      store<f64>(at(next, i), load<f64>(at(next, i)) + load<f64>(at(eps, i)));
      const en = load<f64>(at(epsNeg, i));
      const nNeg = <i32>Math.floor((fn - load<f64>(at(nextNeg, i))) / en);
      for (let q = 0; q < nNeg; q++) {
        const k = <i32>Math.floor(uniform() * <f64>nVertices);
        const o = emb + ((<usize>k * <usize>dim) << 3);
        const e2 = sqDist(cur, o, dim);
        let gn = 0.0;
        if (e2 > 0.0) {
          gn = 2.0 * gamma * b;
          gn /= (0.001 + e2) * (a * powPositive(e2, b) + 1.0);
        } else if (j == k) continue;
        for (let d = 0; d < dim; d++) {
          const g = gn > 0.0 ? clip(gn * (load<f64>(at(cur, d)) - load<f64>(at(o, d)))) : 4.0;
          store<f64>(at(cur, d), load<f64>(at(cur, d)) + g * alpha);
        }
      }
      store<f64>(at(nextNeg, i), load<f64>(at(nextNeg, i)) + <f64>nNeg * en);
    }
  }
}

/** Where the kernel's buffers may start. */
export function heapBase(): usize {
  return __heap_base;
}

// ---- neighbour search (src/embed/umap-knn.ts): many independent sums at once, each summed over
// the columns in order like umap-js's euclidean distance and split margins, so the same numbers.

@inline function rowAt(data: usize, d: i32, r: i32): usize {
  return data + ((<usize>r * <usize>d) << 3);
}

/** The row whose index is entry j of the i32 list. */
@inline function listedRow(data: usize, d: i32, list: usize, j: i32): usize {
  return rowAt(data, d, load<i32>(list + (<usize>j << 2)));
}

/** Euclidean distances from row p to the m rows listed in qs (i32), into out (f64), four at a time. */
export function distances(data: usize, d: i32, p: i32, qs: usize, m: i32, out: usize): void {
  const x = rowAt(data, d, p);
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const a = listedRow(data, d, qs, j);
    const b = listedRow(data, d, qs, j + 1);
    const c = listedRow(data, d, qs, j + 2);
    const e = listedRow(data, d, qs, j + 3);
    let sa = 0.0;
    let sb = 0.0;
    let sc = 0.0;
    let se = 0.0;
    for (let t = 0; t < d; t++) {
      const o = <usize>t << 3;
      const xv = load<f64>(x + o);
      const va = xv - load<f64>(a + o);
      const vb = xv - load<f64>(b + o);
      const vc = xv - load<f64>(c + o);
      const ve = xv - load<f64>(e + o);
      sa += va * va;
      sb += vb * vb;
      sc += vc * vc;
      se += ve * ve;
    }
    store<f64>(out + (<usize>j << 3), Math.sqrt(sa));
    store<f64>(out + (<usize>(j + 1) << 3), Math.sqrt(sb));
    store<f64>(out + (<usize>(j + 2) << 3), Math.sqrt(sc));
    store<f64>(out + (<usize>(j + 3) << 3), Math.sqrt(se));
  }
  for (; j < m; j++) store<f64>(out + (<usize>j << 3), Math.sqrt(sqDist(x, listedRow(data, d, qs, j), d)));
}

/** Margins offset + Σ h[t]·x[t] of the m rows listed in idx (i32) against hyperplane h, into out, four at a time. */
export function margins(data: usize, d: i32, h: usize, offset: f64, idx: usize, m: i32, out: usize): void {
  let j = 0;
  for (; j + 4 <= m; j += 4) {
    const a = listedRow(data, d, idx, j);
    const b = listedRow(data, d, idx, j + 1);
    const c = listedRow(data, d, idx, j + 2);
    const e = listedRow(data, d, idx, j + 3);
    let sa = offset;
    let sb = offset;
    let sc = offset;
    let se = offset;
    for (let t = 0; t < d; t++) {
      const o = <usize>t << 3;
      const hv = load<f64>(h + o);
      sa += hv * load<f64>(a + o);
      sb += hv * load<f64>(b + o);
      sc += hv * load<f64>(c + o);
      se += hv * load<f64>(e + o);
    }
    store<f64>(out + (<usize>j << 3), sa);
    store<f64>(out + (<usize>(j + 1) << 3), sb);
    store<f64>(out + (<usize>(j + 2) << 3), sc);
    store<f64>(out + (<usize>(j + 3) << 3), se);
  }
  for (; j < m; j++) {
    const a = listedRow(data, d, idx, j);
    let s = offset;
    for (let t = 0; t < d; t++) s += load<f64>(h + (<usize>t << 3)) * load<f64>(a + (<usize>t << 3));
    store<f64>(out + (<usize>j << 3), s);
  }
}
