// The performance targets (docs/performance.md) beside what this run measured, in one table.
// Prints; asserts nothing: a bench run is a measurement, not a test.

/**
 * `pgbench`: inserts/s by clients; `booking`: bookingBench's results; `hot`: hotSlotBench's.
 * A target with no figure in this run (its bench did not run) says so.
 */
export function targetRows({ pgbench, booking = [], hot = [] }) {
  const at = (driver, c) => booking.find((r) => r.driver === driver && r.concurrency === c);
  const pg64 = at('postgres', 64);
  const lite64 = at('pglite', 64);
  const hotPg = hot.find((r) => r.driver === 'postgres');
  const ratio = pg64 && pgbench?.get(64) ? pg64.perSecond / pgbench.get(64) : undefined;
  const ms = (v) => (v === undefined ? undefined : `${v.toFixed(0)} ms`);
  const pct = (v) => (v === undefined ? undefined : `${(v * 100).toFixed(1)}%`);
  return [
    { what: 'booking on PostgreSQL, 64 clients: share of pgbench inserts/s', target: '≥ 10% (aim 25%)', measured: pct(ratio), met: ratio === undefined ? undefined : ratio >= 0.1 },
    { what: 'booking on PostgreSQL, 64 clients: p99', target: '≤ 100 ms (aim 50)', measured: ms(pg64?.p99), met: pg64 && pg64.p99 <= 100 },
    { what: 'booking on PGlite, 64 clients: p99', target: '≤ 300 ms', measured: ms(lite64?.p99), met: lite64 && lite64.p99 <= 300 },
    { what: 'hot slots on PostgreSQL (500 at once on 3 slots): p99', target: '< 300 ms', measured: ms(hotPg?.p99), met: hotPg && hotPg.p99 < 300 },
    { what: 'hot slots: places given = places there are', target: 'exactly', measured: hot.length ? (hot.some((r) => r.violations.length) ? 'VIOLATED' : 'exactly') : undefined, met: hot.length ? hot.every((r) => !r.violations.length) : undefined },
  ];
}

export function printTargets(figures) {
  console.log('\ntargets (issue: performance) — this run');
  for (const r of targetRows(figures)) {
    const mark = r.met === undefined ? '  ?' : r.met ? ' ok' : ' NO';
    console.log(`  ${mark}  ${r.what.padEnd(62)} target ${r.target.padEnd(16)} measured ${r.measured ?? '(not measured)'}`);
  }
}
