import { createContext } from '@lit/context';
import type { IhClient, RealtimeConnection } from '@ihkit/core';
import type { Locale, StringOverrides } from './localize.js';

export type ThemeName = 'light' | 'dark' | 'auto';

/** What `<ih-provider>` gives every ihkit element below it. */
export interface IhConfig {
  /** The typed gateway client; a new instance whenever the api base or the token changes. */
  client: IhClient;
  /** The provider's `locale` attribute, resolved; undefined when it has none (then `<html lang>` applies). */
  locale?: Locale;
  theme: ThemeName;
  /** Elder mode (适老化): larger text and targets (the provider's styles) and plainer wording (locales/elder). */
  elder?: boolean;
  /** The hospital's IANA time zone; dates and times are shown in it. */
  timeZone: string;
  /** Host overrides of any string. */
  strings?: StringOverrides;
  /** Whether a token (or token provider) is set. Never the token itself. */
  session: { signedIn: boolean };
  /**
   * The page's way to have the user sign in again at the identity provider (a fresh
   * authentication of the same person), when the gateway asks for one before an action that signs
   * (REAUTHENTICATION_REQUIRED). Called from a click, so that it may open a window; resolves once
   * the token provider gives the new token. None: the element shows the error only.
   */
  reauthenticate?: () => Promise<void>;
  /**
   * The page's shared live connection for the current client, created on first use with
   * `create` (or the provider's `realtimeFactory`); closed and replaced when the client changes
   * or the provider disconnects. Elements pass the factory so that pages without live elements
   * never carry the WebSocket code.
   */
  realtime(create: RealtimeFactory): Realtime;
}

/** What the elements use of `RealtimeConnection` (a test or a host may supply its own). */
export type Realtime = Pick<RealtimeConnection, 'state' | 'onState' | 'subscribe' | 'onQueue' | 'onCriticalAlert' | 'onConsults' | 'onPrescription' | 'onInvitation' | 'onReport' | 'onCareAlert' | 'onSignature' | 'typing' | 'close'>;
/** Makes the live connection for a client. */
export type RealtimeFactory = (client: IhClient) => Realtime;

/**
 * The context key. `Symbol.for` so that two copies of the library on one page still find
 * each other's provider.
 */
export const ihContext = createContext<IhConfig | undefined>(Symbol.for('ihkit.config/1'));

/** The time zone of the hospitals ihkit is built for, unless a provider says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
