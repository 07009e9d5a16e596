// What the benches report alike.

/** The p-th percentile of `sorted` (ascending). */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Single-row inserts per second that pgbench reaches on a PostgreSQL server like the bench's (durable settings). */
export const PGBENCH_INSERTS_PER_SECOND = 11_000;

/** A rate as a share of that ceiling, for the printout. */
export const ofInsertCeiling = (perSecond) => `${(perSecond / PGBENCH_INSERTS_PER_SECOND * 100).toFixed(1)}% of the ~11k/s pgbench single-row insert ceiling`;
