/**
 * Providers' clocks: WeChat Pay and Alipay write times and cut their daily bills in Beijing
 * time (UTC+8, no daylight saving), whatever the hospital's own time zone.
 */
const OFFSET_MS = 8 * 3600_000;

/** The provider's day of an instant: 2026-01-01T17:00:00Z → "2026-01-02". */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time (Alipay). */
export function beijingDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** RFC 3339 with +08:00 (WeChat Pay's time_expire): 2026-01-02T01:00:00+08:00. */
export function beijingRfc3339(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** "yyyy-MM-dd HH:mm:ss" written in Beijing time → the instant; throws on anything else. */
export function fromBeijingDateTime(text: string): Date {
  const m = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*$/.exec(text);
  const at = m ? new Date(`${m[1]}T${m[2]}+08:00`) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a Beijing date and time: ${JSON.stringify(text)}`);
  return at;
}

/** An RFC 3339 instant with its offset (2026-01-02T09:00:00+08:00) → ISO UTC; throws on anything else. */
export function instantOf(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) throw new RangeError(`not an RFC 3339 instant: ${JSON.stringify(text)}`);
  return new Date(text).toISOString();
}
