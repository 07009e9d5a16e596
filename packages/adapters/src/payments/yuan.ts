/**
 * Amounts as providers write them: yuan with two decimals ("12.34", "-0.01" in a bill). The
 * gateway counts fen (integers); these convert exactly, never through a float.
 */

/** 1234 → "12.34". */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.34" → 1234, "-0.5" → -50, "7" → 700; anything else (three decimals, text) throws. */
export function yuanToFen(yuan: string): number {
  const m = /^\s*(-?)(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(yuan);
  if (!m) throw new RangeError(`not an amount in yuan: ${JSON.stringify(yuan)}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && fen ? -fen : fen;
}
