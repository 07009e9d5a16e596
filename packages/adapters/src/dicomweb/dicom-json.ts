/**
 * Reading the DICOM JSON model (PS3.18 F.2) that QIDO-RS and WADO-RS metadata answer with: one
 * object per match or instance, keyed by the tag as eight upper-case hex digits, each attribute
 * `{ vr, Value?: [...] }`; a sequence's values are such objects.
 */
import { zonedInstant, zonedIso } from '@ihkit/core';

/** One QIDO-RS match. */
export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** The tags the adapter asks for and reads. */
export const TAG = {
  instanceCreationDate: '00080012',
  instanceCreationTime: '00080013',
  sopClassUid: '00080016',
  studyDate: '00080020',
  contentDate: '00080023',
  studyTime: '00080030',
  contentTime: '00080033',
  accessionNumber: '00080050',
  modalitiesInStudy: '00080061',
  modality: '00080060',
  timezoneOffsetFromUtc: '00080201',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  sopInstanceUid: '00080018',
  patientId: '00100020',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
  numberOfFrames: '00280008',
} as const;

/**
 * A DICOM UID (PS3.5 9.1): digits in dot-separated components, at most 64 characters. Leading
 * zeros in a component are tolerated (some archives write them); such a UID is still safe in a
 * URL path and in a QIDO query, which is what the check is for.
 */
const UID = /^[0-9]+(\.[0-9]+)*$/;

export function isUid(text: unknown): text is string {
  return typeof text === 'string' && text.length <= 64 && UID.test(text);
}

/** The attribute's values (an empty list when absent or empty). */
export function values(item: DicomJson, tag: string): unknown[] {
  const v = item[tag]?.Value;
  return Array.isArray(v) ? v : [];
}

/** The first value as text, trimmed; undefined when absent or blank. PN values give their Alphabetic form. */
export function text(item: DicomJson, tag: string): string | undefined {
  const v = values(item, tag)[0];
  let s: string | undefined;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = String(v);
  else if (v && typeof v === 'object' && typeof (v as { Alphabetic?: unknown }).Alphabetic === 'string') s = (v as { Alphabetic: string }).Alphabetic;
  s = s?.trim();
  return s ? s : undefined;
}

/** The items of a sequence (SQ), [] when absent or empty. */
export function sequence(item: DicomJson, tag: string): DicomJson[] {
  return values(item, tag).filter((v): v is DicomJson => !!v && typeof v === 'object');
}

/** Han, kana or hangul: a name written in them has no spaces between its parts. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * A person name (PN) for display: the ideographic form when there is one (李^明 → 李明), else
 * the alphabetic one, given name first (Li^Ming → Ming Li). Undefined when absent or blank.
 */
export function personName(item: DicomJson, tag: string): string | undefined {
  const v = values(item, tag)[0];
  const pn = typeof v === 'string' ? { Alphabetic: v } : (v as { Alphabetic?: unknown; Ideographic?: unknown } | undefined);
  const form = [pn?.Ideographic, pn?.Alphabetic].find((f): f is string => typeof f === 'string' && f.replaceAll('^', '').trim() !== '');
  if (!form) return undefined;
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = form.split('^').map((p) => p.trim());
  const name = CJK.test(form) ? `${family}${given}${middle}` : [prefix, given, middle, family, suffix].filter(Boolean).join(' ');
  return name || undefined;
}

/** Every value as text (for multi-valued CS such as ModalitiesInStudy). */
export function texts(item: DicomJson, tag: string): string[] {
  return values(item, tag).map((v) => (typeof v === 'string' ? v.trim() : '')).filter(Boolean);
}

/** The first value of an IS / US attribute as an integer (IS may come as a number or a string). */
export function integer(item: DicomJson, tag: string): number | undefined {
  const v = values(item, tag)[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/**
 * The instant of a DA (YYYYMMDD) and TM (HH[MM[SS[.F]]]) pair as ISO 8601 with an offset. DICOM
 * dates and times are local wall-clock time: at the offset in TimezoneOffsetFromUTC (±HHMM)
 * when the data set has one, otherwise in the hospital's time zone. A missing time is midnight.
 */
export function dicomDateTime(da: string | undefined, tm: string | undefined, offset: string | undefined, timeZone: string): string | undefined {
  const d = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da ?? '');
  if (!d) return undefined;
  const t = /^(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec((tm ?? '').trim());
  const [h, mi, s] = [Number(t?.[1] ?? 0), Number(t?.[2] ?? 0), Number(t?.[3] ?? 0)];
  const [mo, day] = [Number(d[2]), Number(d[3])];
  if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d[1]}-${d[2]}-${d[3]}`;
  const o = /^([+-])(\d{2})(\d{2})$/.exec(offset ?? '');
  if (o) return `${date}T${pad(h)}:${pad(mi)}:${pad(Math.min(s, 59))}${o[1]}${o[2]}:${o[3]}`;
  const at = zonedInstant(date, h * 60 + mi, timeZone);
  return zonedIso(new Date(at.getTime() + Math.min(s, 59) * 1000), timeZone);
}

/**
 * The instant of a DT value (YYYYMMDDHHMMSS.FFFFFF&ZZXX, later parts optional) as ISO 8601 with
 * an offset: its own offset, else the data set's TimezoneOffsetFromUTC, else the hospital's
 * time zone (as dicomDateTime).
 */
export function dicomDt(dt: string | undefined, offset: string | undefined, timeZone: string): string | undefined {
  const m = /^(\d{8})(\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?)?([+-]\d{4})?$/.exec((dt ?? '').trim());
  return m ? dicomDateTime(m[1], m[2], m[3] ?? offset, timeZone) : undefined;
}
