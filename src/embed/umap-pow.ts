/**
 * x^y for x > 0 as 2^(y·log2 x) through two 256-entry tables, to about 1e-13 relative error. The
 * layout kernel (wasm/umap.ts) repeats it operation for operation on the same tables (copied into
 * its memory), so the kernel and its JavaScript twin agree bit for bit; it is several times quicker
 * there than V8's Math.pow, and UMAP's stochastic gradients need nothing finer (umap-learn itself
 * compiles its layout loop with fastmath).
 */

const TABLE = 256;
const LN2 = Math.LN2;
const INV_LN2 = Math.LOG2E;
const TWO54 = 18014398509481984;

/** ln c for 1 ≤ c < 2 as 2·atanh((c − 1)/(c + 1)), series to the 41st power: exact enough to fill the tables. */
function lnUnit(c: number): number {
  const s = (c - 1) / (c + 1);
  let acc = 0;
  for (let k = 41; k >= 1; k -= 2) acc = acc * s * s + 1 / k;
  return 2 * s * acc;
}

/** 2^g for 0 ≤ g < 1 by the exponential series of g·ln 2, to the 25th power: exact enough to fill the tables. */
function exp2Unit(g: number): number {
  const u = g * LN2;
  let s = 1;
  for (let k = 25; k >= 1; k--) s = 1 + (s * u) / k;
  return s;
}

/** The tables, laid out as the kernel reads them: 1/c_j, log2 c_j for c_j = 1 + j/256, then 2^(j/256). */
export const POW_TABLES: Float64Array = (() => {
  const t = new Float64Array(3 * TABLE);
  for (let j = 0; j < TABLE; j++) {
    const c = 1 + j / TABLE;
    t[j] = 1 / c;
    t[TABLE + j] = lnUnit(c) * INV_LN2;
    t[2 * TABLE + j] = j < TABLE / 2 ? exp2Unit(j / TABLE) : 2 * exp2Unit(j / TABLE - 1);
  }
  return t;
})();

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/** 2^k for an integer k in [−1022, 1023], from its exponent bits. */
function pow2(k: number): number {
  words[0] = 0;
  words[1] = (k + 1023) << 20;
  return scratch[0]!;
}

/** x^y for positive finite x (UMAP only raises squared distances); 0 or Infinity outside the normal range. */
export function powPositive(x: number, y: number): number {
  const T = POW_TABLES;
  let e = -1023;
  if (x < 2.2250738585072014e-308) {
    x *= TWO54;
    e = -1077;
  }
  scratch[0] = x;
  const hi = words[1]!;
  e += (hi >>> 20) & 0x7ff;
  const j = (hi >>> 12) & 0xff;
  words[1] = (hi & 0x000fffff) | 0x3ff00000;
  // m = c_j (1 + r) with 0 ≤ r < 1/256
  const r = scratch[0]! * T[j]! - 1;
  const lg = e + T[TABLE + j]! + r * (1 - r * (1 / 2 - r * (1 / 3 - r * (1 / 4)))) * INV_LN2;
  const t = y * lg;
  if (!(t < 1024)) return Infinity;
  if (t < -1022) return 0;
  const k = Math.floor(t);
  const f = (t - k) * TABLE;
  const i = Math.floor(f);
  const u = ((f - i) / TABLE) * LN2;
  const p = 1 + u * (1 + u * (1 / 2 + u * (1 / 6 + u * (1 / 24))));
  return T[2 * TABLE + i]! * p * pow2(k);
}
