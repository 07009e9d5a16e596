import type { Locale } from '../internal/localize.js';

/** Whole minutes from `since` to `now` (never negative). */
export function minutesSince(since: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}

/** "5 分钟", "1 小时 5 分钟" / "5 minutes", "1 hour 5 minutes", with Intl unit formatting. */
export function formatWaiting(minutes: number, locale: Locale): string {
  const unit = (value: number, u: 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return unit(m, 'minute');
  return m === 0 ? unit(h, 'hour') : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
}
