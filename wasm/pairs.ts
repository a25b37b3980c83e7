// Shared by wasm/kmeans.ts and wasm/silhouette.ts: two rows laid out as one f64x2 lane pair.

/** Rows a and b (d float64 each) interleaved into p (d × 2: column t of a, then of b). */
@inline export function interleaveRows(a: usize, b: usize, d: i32, p: usize): void {
  for (let t = 0; t < d; t++) {
    store<f64>(p + (<usize>t << 4), load<f64>(a + (<usize>t << 3)));
    store<f64>(p + (<usize>t << 4) + 8, load<f64>(b + (<usize>t << 3)));
  }
}
