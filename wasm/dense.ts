// AssemblyScript source of the dense-layer products of the autoencoder; wasm/build.sh compiles it
// into src/embed/dense-wasm-bytes.ts. Float64 throughout, two lanes per f64x2, with every output
// summed in the same order as the JavaScript loops of src/embed/dense-network.ts (a separate
// multiply, then add, never fused), so both give bit-identical numbers. The activations' exp stays
// in JavaScript for the same reason. All pointers are byte offsets into this module's memory.

/** out[r][j] = b[j] + Σ_i inp[r][i] · W[i][j], i ascending; W is m × o row-major. */
export function denseForward(inp: usize, rows: i32, m: i32, o: i32, W: usize, b: usize, out: usize): void {
  const o8 = o & ~7;
  const o2 = o & ~1;
  const rowW = <usize>o << 3;
  for (let r = 0; r < rows; r++) {
    const x = inp + ((<usize>r * <usize>m) << 3);
    const y = out + ((<usize>r * <usize>o) << 3);
    let j = 0;
    for (; j < o8; j += 8) {
      const jo = <usize>j << 3;
      let a0 = v128.load(b + jo);
      let a1 = v128.load(b + jo + 16);
      let a2 = v128.load(b + jo + 32);
      let a3 = v128.load(b + jo + 48);
      let w = W + jo;
      for (let i = 0; i < m; i++) {
        const xi = f64x2.splat(load<f64>(x + (<usize>i << 3)));
        a0 = f64x2.add(a0, f64x2.mul(xi, v128.load(w)));
        a1 = f64x2.add(a1, f64x2.mul(xi, v128.load(w + 16)));
        a2 = f64x2.add(a2, f64x2.mul(xi, v128.load(w + 32)));
        a3 = f64x2.add(a3, f64x2.mul(xi, v128.load(w + 48)));
        w += rowW;
      }
      v128.store(y + jo, a0);
      v128.store(y + jo + 16, a1);
      v128.store(y + jo + 32, a2);
      v128.store(y + jo + 48, a3);
    }
    for (; j < o2; j += 2) {
      const jo = <usize>j << 3;
      let a0 = v128.load(b + jo);
      let w = W + jo;
      for (let i = 0; i < m; i++) {
        a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(x + (<usize>i << 3))), v128.load(w)));
        w += rowW;
      }
      v128.store(y + jo, a0);
    }
    for (; j < o; j++) {
      const jo = <usize>j << 3;
      let s = load<f64>(b + jo);
      let w = W + jo;
      for (let i = 0; i < m; i++) {
        s += load<f64>(x + (<usize>i << 3)) * load<f64>(w);
        w += rowW;
      }
      store<f64>(y + jo, s);
    }
  }
}

/** d[k] = d[k] · a[k] · (1 − a[k]) for k < len: the delta through a sigmoid whose outputs are a. */
export function sigmoidDelta(d: usize, a: usize, len: i32): void {
  const one = f64x2.splat(1);
  const len2 = len & ~1;
  let k = 0;
  for (; k < len2; k += 2) {
    const p = <usize>k << 3;
    const av = v128.load(a + p);
    v128.store(d + p, f64x2.mul(f64x2.mul(v128.load(d + p), av), f64x2.sub(one, av)));
  }
  for (; k < len; k++) {
    const p = <usize>k << 3;
    const av = load<f64>(a + p);
    store<f64>(d + p, load<f64>(d + p) * av * (1 - av));
  }
}

/**
 * Gradients of one layer from its input `inp` (rows × m) and output delta (rows × o): gb[j] = Σ_r
 * delta[r][j], gW[i][j] = Σ_r inp[r][i] · delta[r][j] (r ascending, from zero), and, when prev is
 * not 0, prev[r][i] = Σ_j W[i][j] · delta[r][j] (j ascending), using wt (m · o float64) as scratch.
 */
export function denseBackward(
  inp: usize,
  delta: usize,
  rows: i32,
  m: i32,
  o: i32,
  W: usize,
  gW: usize,
  gb: usize,
  prev: usize,
  wt: usize,
): void {
  memory.fill(gW, 0, (<usize>m * <usize>o) << 3);
  memory.fill(gb, 0, <usize>o << 3);
  const o2 = o & ~1;
  const m8 = m & ~7;
  const m2 = m & ~1;
  // W transposed (o × m) into wt, so that the input deltas read two inputs per load
  if (prev != 0) {
    for (let i = 0; i < m; i++) {
      for (let jj = 0; jj < o; jj++) {
        store<f64>(wt + ((<usize>jj * <usize>m + <usize>i) << 3), load<f64>(W + ((<usize>i * <usize>o + <usize>jj) << 3)));
      }
    }
  }
  for (let r = 0; r < rows; r++) {
    const x = inp + ((<usize>r * <usize>m) << 3);
    const dr = delta + ((<usize>r * <usize>o) << 3);
    let j = 0;
    for (; j < o2; j += 2) {
      const jo = <usize>j << 3;
      v128.store(gb + jo, f64x2.add(v128.load(gb + jo), v128.load(dr + jo)));
    }
    for (; j < o; j++) {
      const jo = <usize>j << 3;
      store<f64>(gb + jo, load<f64>(gb + jo) + load<f64>(dr + jo));
    }
    for (let i = 0; i < m; i++) {
      const xi = load<f64>(x + (<usize>i << 3));
      const xv = f64x2.splat(xi);
      const g = gW + ((<usize>i * <usize>o) << 3);
      j = 0;
      for (; j < o2; j += 2) {
        const jo = <usize>j << 3;
        v128.store(g + jo, f64x2.add(v128.load(g + jo), f64x2.mul(xv, v128.load(dr + jo))));
      }
      for (; j < o; j++) {
        const jo = <usize>j << 3;
        store<f64>(g + jo, load<f64>(g + jo) + xi * load<f64>(dr + jo));
      }
    }
    if (prev == 0) continue;
    const p = prev + ((<usize>r * <usize>m) << 3);
    const rowT = <usize>m << 3;
    let i = 0;
    // eight inputs at once from W transposed, each lane summed over j ascending
    for (; i < m8; i += 8) {
      const io = <usize>i << 3;
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      let t = wt + io;
      for (let jj = 0; jj < o; jj++) {
        const dj = f64x2.splat(load<f64>(dr + (<usize>jj << 3)));
        s0 = f64x2.add(s0, f64x2.mul(v128.load(t), dj));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(t + 16), dj));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(t + 32), dj));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(t + 48), dj));
        t += rowT;
      }
      v128.store(p + io, s0);
      v128.store(p + io + 16, s1);
      v128.store(p + io + 32, s2);
      v128.store(p + io + 48, s3);
    }
    for (; i < m2; i += 2) {
      const io = <usize>i << 3;
      let s = f64x2.splat(0);
      let t = wt + io;
      for (let jj = 0; jj < o; jj++) {
        s = f64x2.add(s, f64x2.mul(v128.load(t), f64x2.splat(load<f64>(dr + (<usize>jj << 3)))));
        t += rowT;
      }
      v128.store(p + io, s);
    }
    for (; i < m; i++) {
      const w0 = W + ((<usize>i * <usize>o) << 3);
      let s: f64 = 0;
      for (let jj = 0; jj < o; jj++) {
        const jo = <usize>jj << 3;
        s += load<f64>(w0 + jo) * load<f64>(dr + jo);
      }
      store<f64>(p + (<usize>i << 3), s);
    }
  }
}

/**
 * One Adam update of len parameters p from gradients g, moments m and v (updated in place), in the
 * order of the JavaScript loop: m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·g·g,
 * p −= stepSize·m / (√(v / c2) + ε).
 */
export function adamStep(p: usize, g: usize, m: usize, v: usize, len: i32, beta1: f64, beta2: f64, stepSize: f64, c2: f64, eps: f64): void {
  const b1 = f64x2.splat(beta1);
  const b2 = f64x2.splat(beta2);
  const nb1 = f64x2.splat(1 - beta1);
  const nb2 = f64x2.splat(1 - beta2);
  const st = f64x2.splat(stepSize);
  const cc = f64x2.splat(c2);
  const ee = f64x2.splat(eps);
  const len2 = len & ~1;
  let i = 0;
  for (; i < len2; i += 2) {
    const o = <usize>i << 3;
    const gi = v128.load(g + o);
    const mi = f64x2.add(f64x2.mul(b1, v128.load(m + o)), f64x2.mul(nb1, gi));
    const vi = f64x2.add(f64x2.mul(b2, v128.load(v + o)), f64x2.mul(f64x2.mul(nb2, gi), gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(p + o, f64x2.sub(v128.load(p + o), f64x2.div(f64x2.mul(st, mi), f64x2.add(f64x2.sqrt(f64x2.div(vi, cc)), ee))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 3;
    const gi = load<f64>(g + o);
    const mi = beta1 * load<f64>(m + o) + (1 - beta1) * gi;
    const vi = beta2 * load<f64>(v + o) + (1 - beta2) * gi * gi;
    store<f64>(m + o, mi);
    store<f64>(v + o, vi);
    store<f64>(p + o, load<f64>(p + o) - (stepSize * mi) / (Math.sqrt(vi / c2) + eps));
  }
}

/** First byte after the module's static data (16-byte aligned): where callers may place buffers. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
