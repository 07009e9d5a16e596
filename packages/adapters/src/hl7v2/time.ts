/** HL7 v2 date-times (DTM, and TS's first component): YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]. */
import { zonedInstant, zonedIso } from '@ihkit/core';

const DTM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/;

/**
 * The instant an HL7 date-time stands for, or undefined when `value` is not one. A value
 * without an offset is local time in `timeZone` (the hospital's); missing parts are the start
 * of the period (a bare date is local midnight). Impossible dates (20250230) are not accepted.
 */
export function parseHl7DateTime(value: string, timeZone: string): Date | undefined {
  const m = DTM.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac = '', offset] = m;
  const n = { y: Number(y), mo: Number(mo), d: Number(d), h: Number(h), mi: Number(mi), s: Number(s) };
  if (n.mo < 1 || n.mo > 12 || n.d < 1 || n.h > 23 || n.mi > 59 || n.s > 59) return undefined;
  if (n.d > new Date(Date.UTC(n.y, n.mo, 0)).getUTCDate()) return undefined;
  const ms = Math.round(Number(`0.${frac || '0'}`) * 1000);
  if (offset) {
    const sign = offset[0] === '-' ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(3, 5));
    if (oh > 14 || om > 59) return undefined;
    return new Date(Date.UTC(n.y, n.mo - 1, n.d, n.h, n.mi, n.s, ms) - sign * (oh * 60 + om) * 60_000);
  }
  const date = `${y}-${mo}-${d}`;
  return new Date(zonedInstant(date, n.h * 60 + n.mi, timeZone).getTime() + n.s * 1000 + ms);
}

/** An instant as an HL7 DTM with the zone's offset: 20261123100000+0800. */
export function formatHl7DateTime(at: Date, timeZone: string): string {
  const iso = zonedIso(at, timeZone); // 2026-11-23T10:00:00+08:00
  return iso.slice(0, 19).replace(/[-:T]/g, '') + iso.slice(19).replace(':', '');
}
