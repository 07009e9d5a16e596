import { createContext } from '@lit/context';
import type { IhClient } from '@ihkit/core';
import type { Locale, StringOverrides } from './localize.js';

export type ThemeName = 'light' | 'dark' | 'auto';

/** What `<ih-provider>` gives every ihkit element below it. */
export interface IhConfig {
  /** The typed gateway client; a new instance whenever the api base or the token changes. */
  client: IhClient;
  /** The provider's `locale` attribute, resolved; undefined when it has none (then `<html lang>` applies). */
  locale?: Locale;
  theme: ThemeName;
  /** The hospital's IANA time zone; dates and times are shown in it. */
  timeZone: string;
  /** Host overrides of any string. */
  strings?: StringOverrides;
  /** Whether a token (or token provider) is set. Never the token itself. */
  session: { signedIn: boolean };
}

/**
 * The context key. `Symbol.for` so that two copies of the library on one page still find
 * each other's provider.
 */
export const ihContext = createContext<IhConfig | undefined>(Symbol.for('ihkit.config/1'));

/** The time zone of the hospitals ihkit is built for, unless a provider says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
