// The Wilson score interval for a binomial proportion: unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside
// [0, 1] and does not collapse to a point at 0 or n successes, so a rule overturned 3 times out of
// 3 reviews reads "0.44–1.00", not "100%". This is what makes small counts honest.

export interface Interval {
  readonly p: number; // the point estimate k/n (0 when n = 0)
  readonly lo: number;
  readonly hi: number;
}

/** 95% by default (z = 1.959964). n = 0 gives the uninformative [0, 1]. */
export function wilson(k: number, n: number, z = 1.959964): Interval {
  if (!(n > 0)) return { p: 0, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp against rounding only; mathematically lo ≤ p ≤ hi within [0, 1] already.
  return { p, lo: Math.min(p, Math.max(0, centre - half)), hi: Math.max(p, Math.min(1, centre + half)) };
}
