/**
 * Seeded pseudo-random numbers. Every random choice in the tool takes one of these so that the
 * same input and seed give the same playlists on every machine.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T>(a: T[]): T[];
}

/** The raw sfc32 stream behind `createRng`, whose four state words can be read (to hand the stream on to a WASM kernel that continues it). */
export interface Sfc32 {
  /** Next 32-bit draw as an unsigned integer. */
  u32(): number;
  /** Uniform float in [0, 1): 53 bits from two draws, exactly as `Rng.next`. */
  next(): number;
  /** The current state words a, b, c, d. */
  state(): Uint32Array;
  /** Continues from state words a, b, c, d (as another holder of the stream left them). */
  setState(words: Uint32Array): void;
}

/** The sfc32 generator seeded through splitmix32 (so small seeds differ), warmed up by 12 draws. */
export function createSfc32(seed: number): Sfc32 {
  let s = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  return {
    u32,
    // 53 bits of randomness from two draws, so doubles are not quantised to 2^-32.
    next: () => (u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53,
    state: () => Uint32Array.of(a, b, c, d),
    setState: (w) => {
      [a, b, c, d] = [w[0]! >>> 0, w[1]! >>> 0, w[2]! >>> 0, w[3]! >>> 0];
    },
  };
}

/** A fast, well-mixed 32-bit generator (sfc32) seeded through splitmix32 so small seeds differ. */
export function createRng(seed: number): Rng {
  const src = createSfc32(seed);
  let spare: number | null = null;
  const rng: Rng = {
    next: src.next,
    int: (n) => Math.floor(rng.next() * n),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = arr[i]!;
        arr[i] = arr[j]!;
        arr[j] = t;
      }
      return arr;
    },
  };
  return rng;
}
