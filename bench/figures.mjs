// What the benches report alike.

/** The p-th percentile of `sorted` (ascending). */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
