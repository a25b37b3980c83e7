const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const SMALL_FACT: number[] = [];
{
  let f = 1;
  for (let k = 0; k < 16; k++) {
    if (k > 0) f *= k;
    SMALL_FACT.push(Math.log(f));
  }
}

/**
 * log Γ(x) for integer x ≥ 1 (that is, log((x-1)!)), accurate to a few ulp: exact factorials up
 * to 15!, the Stirling series beyond (its error at x ≥ 16 is below 1e-19 relative).
 */
export function lgammaInt(x: number): number {
  if (x < 1) throw new RangeError(`lgammaInt: x must be a positive integer, got ${x}`);
  if (x <= 16) return SMALL_FACT[x - 1]!;
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Bernoulli-number terms 1/12x − 1/360x³ + 1/1260x⁵ − 1/1680x⁷ + 1/1188x⁹
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
}
