/** Plain mean of a series (the librosa user's `np.mean(feature, axis=-1)`). */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return x.length > 0 ? s / x.length : Number.NaN;
}

/** Percentile with linear interpolation between order statistics (numpy's default method) of an ascending array. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const frac = pos - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * frac;
}

/**
 * Mean, median and population standard deviation of a series after clipping every value to the
 * series' own 1st–99th percentile range (values outside are set to the bound, not dropped).
 */
export function clipStats(x: ArrayLike<number>, lowPct = 1, highPct = 99): { mean: number; median: number; std: number } {
  const n = x.length;
  if (n === 0) return { mean: Number.NaN, median: Number.NaN, std: Number.NaN };
  const sorted = Float64Array.from(x).sort();
  const lo = percentileSorted(sorted, lowPct);
  const hi = percentileSorted(sorted, highPct);
  // clipping is monotone, so the clipped series stays sorted
  for (let i = 0; i < n; i++) sorted[i] = Math.min(hi, Math.max(lo, sorted[i]!));
  let s = 0;
  for (let i = 0; i < n; i++) s += sorted[i]!;
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (sorted[i]! - m) ** 2;
  return { mean: m, median: percentileSorted(sorted, 50), std: Math.sqrt(v / n) };
}
