/** Latency summary of one measured step, in milliseconds. */
export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p% of the values at or below it. */
function nearestRank(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Summarises latencies with nearest-rank percentiles, rounded to 0.01 ms; values that are null are skipped. */
export function percentiles(values: Array<number | null>): Percentiles {
  const sorted = values.filter((value): value is number => value !== null && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    count: sorted.length,
    p50: round(nearestRank(sorted, 50)),
    p95: round(nearestRank(sorted, 95)),
    p99: round(nearestRank(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Converts the difference of two process.hrtime.bigint() readings to milliseconds. */
export function elapsedMs(from: bigint, to: bigint): number {
  return Number(to - from) / 1e6;
}

/** Returns ours / floor rounded to two decimals, or null when either side is missing or the floor is 0. */
export function ratio(ours: number | null | undefined, floor: number | null | undefined): number | null {
  if (ours === null || ours === undefined || floor === null || floor === undefined || floor === 0) return null;
  return Math.round((ours / floor) * 100) / 100;
}
