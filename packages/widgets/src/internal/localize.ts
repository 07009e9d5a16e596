import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isIhError, type ErrorCode, type Money } from '@ihkit/core';
import type { zhCN } from '../locales/zh-CN.js';
import { DEFAULT_TIME_ZONE } from './context.js';

/**
 * The one localize layer. Strings live in `locales/{zh-CN,en}.ts`, in areas that elements load
 * when they connect (`loadStrings`); `msg(key, params)` looks a key up in the active locale,
 * host overrides first. The locale is the provider's `locale`
 * attribute, else `<html lang>`, else zh-CN. Dates, times and money are formatted with Intl in
 * that locale and in the hospital's time zone (Asia/Shanghai unless the provider says otherwise).
 */
export type Locale = 'zh-CN' | 'en';
export type StringKey = keyof typeof zhCN;
export type Strings = Record<StringKey, string>;
/**
 * String overrides: either flat (`{ 'booking.step.done': '挂号成功' }`, every locale) or per
 * locale (`{ en: { … }, 'zh-CN': { … } }`).
 */
export type StringOverrides = Partial<Strings> | Partial<Record<Locale, Partial<Strings>>>;
export type MsgParams = Record<string, string | number>;

export const DEFAULT_LOCALE: Locale = 'zh-CN';

// Every error code the client can throw has a message (a compile-time check).
type EveryCode = `error.${ErrorCode}` extends keyof typeof zhCN ? true : never;
const everyCodeHasAMessage: EveryCode = true;
void everyCodeHasAMessage;

/** One area of strings in both locales (see `locales/areas.ts`). */
export type StringArea = Record<Locale, Partial<Strings>>;

const loaded: Record<Locale, Partial<Strings>> = { 'zh-CN': {}, en: {} };
const loadedAreas = new WeakSet<StringArea>();

/** Makes areas of strings available to `msg()`. Elements call it for the areas they use. */
export function loadStrings(...areas: StringArea[]): void {
  for (const area of areas) {
    if (loadedAreas.has(area)) continue;
    loadedAreas.add(area);
    Object.assign(loaded['zh-CN'], area['zh-CN']);
    Object.assign(loaded.en, area.en);
  }
}

/** Maps a BCP 47 tag to a supported locale: en* → en, zh* (and anything else) → zh-CN. */
export function resolveLocale(tag?: string | null): Locale | undefined {
  if (!tag) return undefined;
  const t = tag.trim().toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
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

/** Whether a key's area is loaded. */
export function hasString(key: StringKey): boolean {
  return key in loaded[DEFAULT_LOCALE];
}

/** Looks a string up and fills `{param}` placeholders. Overrides are tried in order. */
export function msg(key: StringKey, params?: MsgParams, locale: Locale = DEFAULT_LOCALE, overrides: ReadonlyArray<StringOverrides | undefined> = []): string {
  let text: string | undefined;
  for (const o of overrides) {
    text = overrideFor(o, locale, key);
    if (text !== undefined) break;
  }
  text ??= loaded[locale][key] ?? loaded[DEFAULT_LOCALE][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
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

/** Whether an error means the user is not (or no longer) signed in. */
export function isUnauthenticated(e: unknown): boolean {
  return isIhError(e) && (e.code === 'UNAUTHENTICATED' || e.status === 401);
}

export interface LocalizeSource {
  locale?: Locale;
  timeZone?: string;
  /** Overrides in priority order (element's own first, then the provider's). */
  overrides?: ReadonlyArray<StringOverrides | undefined>;
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

  get timeZone(): string {
    return this.source().timeZone ?? DEFAULT_TIME_ZONE;
  }

  msg(key: StringKey, params?: MsgParams): string {
    return msg(key, params, this.locale, this.source().overrides);
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
    return this.msg(hasString(key) ? key : 'error.INTERNAL');
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

  /** 5月12日 星期二 08:30–09:00 */
  when(start: string, end: string): string {
    return `${this.date(start)} ${this.timeRange(start, end)}`;
  }

  money(m: Money): string {
    return formatMoney(m, this.locale);
  }
}
