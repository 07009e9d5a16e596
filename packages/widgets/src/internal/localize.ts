import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isIhError, type ErrorCode, type Money } from '@ihkit/core';
import type { zhCN } from '../locales/zh-CN.js';
import type { triage } from '../locales/triage/triage-zh-CN.js';
import type { care } from '../locales/care/care-zh-CN.js';
import type { registration } from '../locales/registration/registration-zh-CN.js';
import type { questionnaireForm } from '../locales/care/questionnaire-zh-CN.js';
import type { checkout } from '../locales/checkout/checkout-zh-CN.js';
import type { record } from '../locales/record/record-zh-CN.js';
import type { ecg } from '../locales/ecg/ecg-zh-CN.js';
import type { articles } from '../locales/articles/articles-zh-CN.js';
import type { video } from '../locales/video/video-zh-CN.js';
import type { family } from '../locales/family/family-zh-CN.js';
import type { insurance } from '../locales/insurance/insurance-zh-CN.js';
import type { referral } from '../locales/referral/referral-zh-CN.js';
import type { remote } from '../locales/remote/remote-zh-CN.js';
import type { signature } from '../locales/signature/signature-zh-CN.js';
import type { desk, pharmacistReview, practitioner, prescriptionEditor } from '../locales/staff/staff-zh-CN.js';
import { DEFAULT_TIME_ZONE } from './context.js';

/**
 * The one localize layer. Strings live in `locales/{zh-CN,zh-TW,en}.ts`, in areas that elements
 * register when they connect (`loadStrings`); `msg(key, params)` looks a key up in the active
 * locale, host overrides first, then elder mode's plainer wording when the provider has `elder`.
 * The locale is the provider's `locale` attribute, else `<html lang>`, else zh-CN. Every
 * language's main table is a chunk fetched when first shown (`stringsReady`), zh-CN included, so
 * a page carries one language only; elements wait for them before they render. Dates, times and money are
 * formatted with Intl in that locale and in the hospital's time zone (Asia/Shanghai unless the
 * provider says otherwise).
 */
export type Locale = 'zh-CN' | 'zh-TW' | 'en';
/** Every supported locale; the first is the default (and the fallback of a table that fails to load). */
export const LOCALES: readonly Locale[] = ['zh-CN', 'zh-TW', 'en'];
/** Every string's key: the main table's and those of the elements whose strings are a chunk of their own (triage, follow-up and its questionnaire form, registration fees, paying, the patient's record, the ECG viewer, articles, the video consult, family members, paying with insurance, referrals, remote consultations, a signature waiting on the signer's phone, the staff desks). */
export type StringKey = keyof typeof zhCN | keyof typeof triage | keyof typeof care | keyof typeof questionnaireForm | keyof typeof registration | keyof typeof checkout | keyof typeof record | keyof typeof ecg | keyof typeof articles | keyof typeof video | keyof typeof family | keyof typeof insurance | keyof typeof referral | keyof typeof remote | keyof typeof signature | keyof typeof desk | keyof typeof prescriptionEditor | keyof typeof pharmacistReview | keyof typeof practitioner;
export type Strings = Record<StringKey, string>;
/**
 * String overrides: either flat (`{ 'booking.step.done': '挂号成功' }`, every locale) or per
 * locale (`{ en: { … }, 'zh-CN': { … } }`).
 */
export type StringOverrides = Partial<Strings> | Partial<Record<Locale, Partial<Strings>>>;
export type MsgParams = Record<string, string | number>;

export const DEFAULT_LOCALE = 'zh-CN' satisfies Locale;

// Every error code the client can throw has a message (a compile-time check): in the main table,
// or in the string area of the only element that meets it (the follow-up's questionnaire form, <ih-family>, paying with insurance).
type EveryCode = `error.${ErrorCode}` extends StringKey ? true : never;
const everyCodeHasAMessage: EveryCode = true;
void everyCodeHasAMessage;

type Table = Partial<Strings>;

/**
 * One area of strings (see `locales/areas.ts`): per locale, a loader of the chunk that holds its
 * table. The main tables are chunks in every locale (a page fetches only its language); an
 * element that is a chunk of its own may carry its zh-CN table in it instead.
 */
export type StringArea = { 'zh-CN': Table | (() => Promise<Table>) } & Record<Exclude<Locale, typeof DEFAULT_LOCALE>, () => Promise<Table>>;

/** Tables filled from areas, per locale, with what has arrived and what is being fetched. */
interface Layer {
  tables: Record<Locale, Table>;
  arrived: Record<Locale, Set<StringArea>>;
  fetching: Record<Locale, Map<StringArea, Promise<void>>>;
}
const perLocale = <T>(make: () => T): Record<Locale, T> => ({ 'zh-CN': make(), 'zh-TW': make(), en: make() });
const newLayer = (): Layer => ({ tables: perLocale(() => ({})), arrived: perLocale(() => new Set()), fetching: perLocale(() => new Map()) });

/** The registered areas' tables. */
const main = newLayer();
const registered = new Set<StringArea>();
/** The overlays' tables (elder mode's plainer wording), looked up before the main ones. */
const overlays = new Map<StringArea, Layer>();

/**
 * Puts `area`'s table of `locale` into `layer`: at once when it is built in, else from its
 * chunk (undefined when there is nothing to wait for). A main table that fails to arrive is
 * reported once and its strings fall back to zh-CN; an overlay that fails leaves the main wording.
 */
function fill(layer: Layer, area: StringArea, locale: Locale): Promise<void> | undefined {
  if (layer.arrived[locale].has(area)) return undefined;
  const underWay = layer.fetching[locale].get(area);
  if (underWay) return underWay;
  const source = area[locale];
  if (typeof source !== 'function') {
    Object.assign(layer.tables[locale], source);
    layer.arrived[locale].add(area);
    return undefined;
  }
  const fallback = layer === main && locale !== DEFAULT_LOCALE;
  const wait = source()
    .then(
      (table) => void Object.assign(layer.tables[locale], table),
      (e: unknown) => {
        console.error(`ihkit: the ${locale} strings could not be loaded${fallback ? '; showing zh-CN instead' : ''}`, e);
        return fallback ? fill(layer, area, DEFAULT_LOCALE) : undefined;
      },
    )
    .then(() => {
      layer.arrived[locale].add(area);
      layer.fetching[locale].delete(area);
    });
  layer.fetching[locale].set(area, wait);
  return wait;
}

/** Makes areas of strings available to `msg()`. Elements call it for the areas they use; built-in tables are in at once. */
export function loadStrings(...areas: StringArea[]): void {
  for (const area of areas) {
    if (registered.has(area)) continue;
    registered.add(area);
    for (const locale of LOCALES) if (typeof area[locale] !== 'function') void fill(main, area, locale);
  }
}

/**
 * Fetches the tables of `locale` for every registered area that lacks them, and the overlay's
 * when one is given. Returns undefined when there is nothing to wait for, else a promise that
 * settles when they are in.
 */
export function stringsReady(locale: Locale, overlay?: StringArea): Promise<void> | undefined {
  const waits: (Promise<void> | undefined)[] = [];
  // every update asks: answer at once when all are in
  if (main.arrived[locale].size !== registered.size) for (const area of registered) waits.push(fill(main, area, locale));
  if (overlay) {
    let layer = overlays.get(overlay);
    if (!layer) overlays.set(overlay, (layer = newLayer()));
    waits.push(fill(layer, overlay, locale));
  }
  const pending = waits.filter((w) => w !== undefined);
  return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
}

/**
 * Maps a BCP 47 tag to a supported locale: en* → en; Traditional Chinese (zh-TW, zh-HK, zh-MO,
 * zh-Hant*) → zh-TW; any other zh* → zh-CN; anything else → undefined.
 */
export function resolveLocale(tag?: string | null): Locale | undefined {
  if (!tag) return undefined;
  const t = tag.trim().toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if (/^zh-(?:hant|tw|hk|mo)(?:-|$)/.test(t)) return 'zh-TW';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  return undefined;
}

/** The locale of the page: `<html lang>`, else zh-CN. */
export function documentLocale(): Locale {
  return resolveLocale(document.documentElement.lang) ?? DEFAULT_LOCALE;
}

function overrideFor(o: StringOverrides | undefined, locale: Locale, key: StringKey): string | undefined {
  if (!o) return undefined;
  const perLocale = (o as Partial<Record<Locale, Partial<Strings>>>)[locale];
  if (perLocale && typeof perLocale === 'object' && typeof perLocale[key] === 'string') return perLocale[key];
  const flat = (o as Partial<Strings>)[key];
  return typeof flat === 'string' ? flat : undefined;
}

/** Whether a key's area is loaded (in `locale`, or in zh-CN, which it falls back to). */
export function hasString(key: StringKey, locale: Locale = DEFAULT_LOCALE): boolean {
  return key in main.tables[locale] || key in main.tables[DEFAULT_LOCALE];
}

/**
 * Looks a string up and fills `{param}` placeholders. Overrides are tried in order, then the
 * overlay's wording (elder mode's, once `stringsReady` has fetched it), then the tables.
 */
export function msg(key: StringKey, params?: MsgParams, locale: Locale = DEFAULT_LOCALE, overrides: ReadonlyArray<StringOverrides | undefined> = [], overlay?: StringArea): string {
  let text: string | undefined;
  for (const o of overrides) {
    text = overrideFor(o, locale, key);
    if (text !== undefined) break;
  }
  text ??= (overlay && overlays.get(overlay)?.tables[locale][key]) ?? main.tables[locale][key] ?? main.tables[DEFAULT_LOCALE][key] ?? key;
  if (!params) return text;
  return plurals(text, params, locale).replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
}

// ICU's plural form, without nesting: `{count, plural, =0 {none} one {# drug} other {# drugs}}`.
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;

/** Fills the plural forms of `text`: the exact `=n` case, else the locale's category, else `other`; `#` is the number. */
function plurals(text: string, params: MsgParams, locale: Locale): string {
  return text.replace(PLURAL, (m, name: string, cases: string) => {
    if (!(name in params)) return m;
    const n = Number(params[name]);
    const forms = Object.fromEntries([...cases.matchAll(/(=?\w+)\s*\{([^{}]*)\}/g)].map((c) => [c[1], c[2]]));
    return (forms[`=${n}`] ?? forms[new Intl.PluralRules(locale).select(n)] ?? forms.other ?? '').replace(/#/g, String(params[name]));
  });
}

const fractionDigits = new Map<string, number>();
/** Money in minor units (fen), formatted as currency in the locale. */
export function formatMoney(money: Money, locale: Locale): string {
  let digits = fractionDigits.get(money.currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: money.currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(money.currency, digits);
  }
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount / 10 ** digits);
}

/** The error code of anything a client call threw. */
export function errorCode(e: unknown): ErrorCode {
  if (isIhError(e)) return e.code;
  if (e instanceof TypeError) return 'NETWORK';
  return 'UNEXPECTED_RESPONSE';
}

/** Whether an error means the user is not (or no longer) signed in (a request for a fresh sign-in is not: they still are). */
export function isUnauthenticated(e: unknown): boolean {
  return isIhError(e) && e.code !== 'REAUTHENTICATION_REQUIRED' && (e.code === 'UNAUTHENTICATED' || e.status === 401);
}

export interface LocalizeSource {
  locale?: Locale;
  timeZone?: string;
  /** Overrides in priority order (element's own first, then the provider's). */
  overrides?: ReadonlyArray<StringOverrides | undefined>;
  /** Wording looked up before the tables, fetched with them (elder mode's plainer strings). */
  overlay?: StringArea;
}

/** Hosts that follow `<html lang>` while they have no explicit locale. */
const followers = new Set<ReactiveControllerHost>();
let langObserver: MutationObserver | undefined;

/**
 * Gives an element `msg()` and Intl formatting in the active locale and time zone, and
 * re-renders it when `<html lang>` changes (when no provider locale is set).
 */
export class LocalizeController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => LocalizeSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    followers.add(this.host);
    if (!langObserver) {
      langObserver = new MutationObserver(() => followers.forEach((h) => h.requestUpdate()));
      langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  hostDisconnected(): void {
    followers.delete(this.host);
    if (followers.size === 0) {
      langObserver?.disconnect();
      langObserver = undefined;
    }
  }

  get locale(): Locale {
    return this.source().locale ?? documentLocale();
  }

  /** Undefined when the active locale's strings are in, else a promise that settles when they are. */
  ready(): Promise<void> | undefined {
    return stringsReady(this.locale, this.source().overlay);
  }

  get timeZone(): string {
    return this.source().timeZone ?? DEFAULT_TIME_ZONE;
  }

  msg(key: StringKey, params?: MsgParams): string {
    const { overrides, overlay } = this.source();
    return msg(key, params, this.locale, overrides, overlay);
  }

  /** The English text where the locale is English and there is one, else the Chinese. */
  pick(zh: string, en: string | undefined): string;
  pick(zh: string | undefined, en: string | undefined): string | undefined;
  pick(zh: string | undefined, en: string | undefined): string | undefined {
    return this.locale === 'en' && en ? en : zh;
  }

  /** The localized message for an error's code (a generic one if its area is not loaded). */
  error(e: unknown): string {
    const key = `error.${errorCode(e)}` as const;
    return this.msg(hasString(key, this.locale) ? key : 'error.INTERNAL');
  }

  /** Formats an instant (ISO string or Date) in the hospital's time zone. */
  format(at: string | Date, options: Intl.DateTimeFormatOptions): string {
    return new Intl.DateTimeFormat(this.locale, { timeZone: this.timeZone, ...options }).format(typeof at === 'string' ? new Date(at) : at);
  }

  /** 08:30 */
  time(at: string | Date): string {
    return this.format(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** 08:30–09:00 */
  timeRange(start: string, end: string): string {
    return `${this.time(start)}–${this.time(end)}`;
  }

  /** 5月12日 星期二 / Tue, May 12 */
  date(at: string | Date, withYear = false): string {
    return this.format(at, { month: 'long', day: 'numeric', weekday: 'short', ...(withYear ? { year: 'numeric' } : {}) });
  }

  /** A YYYY-MM-DD calendar date of the hospital, shown as a date. */
  calendarDate(ymd: string, options: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', weekday: 'short' }): string {
    // Noon UTC of that date is the same calendar date in every zone from UTC-11 to UTC+11.
    return new Intl.DateTimeFormat(this.locale, { timeZone: 'UTC', ...options }).format(new Date(`${ymd}T12:00:00Z`));
  }

  /** 08:30 for an instant of today in the hospital's time zone, else 5月12日 08:30 / May 12, 08:30. */
  clock(at: string | Date): string {
    const day = (d: string | Date) => this.format(d, { year: 'numeric', month: 'numeric', day: 'numeric' });
    return day(at) === day(new Date()) ? this.time(at) : this.format(at, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** 5月12日 星期二 08:30–09:00 */
  when(start: string, end: string): string {
    return `${this.date(start)} ${this.timeRange(start, end)}`;
  }

  money(m: Money): string {
    return formatMoney(m, this.locale);
  }
}
