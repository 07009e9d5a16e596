import { LitElement, html, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import { createClient, type IhClient, type TokenProvider } from '@ihkit/core';
import { DEFAULT_TIME_ZONE, ihContext, type IhConfig, type Realtime, type RealtimeFactory, type ThemeName } from '../internal/context.js';
import { LocalizeController, resolveLocale, type Locale, type StringOverrides } from '../internal/localize.js';
import styles from './provider.styles.js';

/**
 * @summary Configures the ihkit elements inside it: the gateway, the user's token, the
 * language, the theme and string overrides. Renders its children unchanged.
 *
 * @slot - The portal's content with ihkit elements anywhere inside.
 *
 * @cssproperty --ih-color-primary - Brand colour: buttons, selection, links. Default medical blue.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background of the widgets.
 * @cssproperty --ih-color-surface - Subtle background of cards and strips.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors and destructive actions.
 * @cssproperty --ih-color-success - Success messages and the "booked" badge.
 * @cssproperty --ih-color-warning - Warnings (minor patients).
 * @cssproperty --ih-color-border - Borders and dividers.
 * @cssproperty --ih-radius - Corner radius (px or em).
 * @cssproperty --ih-font-family - Font stack; the default renders Chinese with the system's CJK font.
 * @cssproperty --ih-font-size - Base size in px or em (never rem). Default `medium`: the browser's text size (16px unless the user changed it), whatever the page's own font size.
 */
export class IhProvider extends LitElement {
  static override styles = styles;
  static override properties = {
    api: {},
    locale: { reflect: true },
    theme: { reflect: true },
    elder: { type: Boolean, reflect: true },
    token: {},
    tokenProvider: { attribute: false },
    reauthenticate: { attribute: false },
    strings: { attribute: false },
    realtimeFactory: { attribute: false },
    timeZone: { attribute: 'time-zone' },
    clientInstance: { state: true },
  };


  /** The gateway's API base, e.g. `/api` or `https://h.example/ihkit/api`. */
  api = '/api';

  /** `zh-CN`, `zh-TW` or `en` (other tags map to the nearest: zh-HK → zh-TW). Without it the elements follow `<html lang>`, else zh-CN. */
  locale?: string;

  /** Colour preset: `light`, `dark` or `auto` (follows the system). Tokens set by the host win over it. */
  theme: ThemeName = 'light';

  /**
   * Elder-friendly mode (适老化), with any colour preset: text half as large again as the user's
   * own browser size (`x-large`, 24px by default), touch targets of 56px, and plainer wording of
   * the patient screens (short sentences, everyday words; fetched only in this mode). `--ih-font-size`
   * and string overrides set by the host still win.
   */
  elder = false;

  /** The user's bearer token (the portal's identity provider's JWT). Empty when signed out. */
  token?: string;

  /** Returns the current token before every request; use instead of `token` for refreshing tokens. */
  tokenProvider?: TokenProvider;

  /**
   * Has the user sign in again at the identity provider (max_age=0 / prompt=login) and resolves
   * once `tokenProvider` gives the fresh token; rejects when they did not. The elements call it,
   * from the user's click, when the gateway needs a recent sign-in before signing
   * (REAUTHENTICATION_REQUIRED), then retry what was refused with nothing lost.
   */
  reauthenticate?: () => Promise<void>;

  /** Overrides of any string, flat (`{ 'booking.step.done': '挂号成功' }`) or per locale (`{ en: {…} }`). */
  strings?: StringOverrides;

  /** The hospital's IANA time zone for dates and times. */
  timeZone = DEFAULT_TIME_ZONE;

  /**
   * Makes the live connection (WebSocket) instead of the default `RealtimeConnection`; for tests
   * or a host that brings its own transport.
   */
  realtimeFactory?: RealtimeFactory;

  private clientInstance?: IhClient;
  /** The language the current client asks the gateway for (Accept-Language). */
  #clientLocale?: Locale;
  /** The language shown: the `locale` attribute, else `<html lang>` (followed live), else zh-CN. */
  readonly #l10n = new LocalizeController(this, () => ({ locale: resolveLocale(this.locale) }));
  /** The shared live connection of the current client (created on first use, closed with it). */
  #realtime?: Realtime;

  readonly #context = new ContextProvider(this, { context: ihContext, initialValue: undefined });

  /**
   * The gateway client the elements inside use: new whenever `api`, `token`, `tokenProvider` or
   * the language shown changes (it sends the language as Accept-Language, and the gateway answers
   * catalog text in it: the elements load again).
   */
  get client(): IhClient {
    return (this.clientInstance ??= this.#createClient());
  }

  #createClient(): IhClient {
    const token: TokenProvider = () => (this.tokenProvider ? this.tokenProvider() : this.token || undefined);
    this.#clientLocale = this.#l10n.locale;
    return createClient({ baseUrl: this.api || '/api', token, locale: this.#clientLocale });
  }

  /** Closes the live connection; the next element that asks gets a new one. */
  #closeRealtime(): void {
    this.#realtime?.close();
    this.#realtime = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#closeRealtime();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.clientInstance || changed.has('api') || changed.has('token') || changed.has('tokenProvider') || changed.has('realtimeFactory') || this.#l10n.locale !== this.#clientLocale) {
      this.clientInstance = this.#createClient();
      this.#closeRealtime();
    }
    const value: IhConfig = {
      client: this.clientInstance,
      locale: resolveLocale(this.locale),
      theme: this.theme === 'dark' || this.theme === 'auto' ? this.theme : 'light',
      elder: this.elder,
      timeZone: this.timeZone || DEFAULT_TIME_ZONE,
      strings: this.strings,
      session: { signedIn: Boolean(this.token || this.tokenProvider) },
      ...(this.reauthenticate ? { reauthenticate: this.reauthenticate } : {}),
      realtime: (create) => (this.#realtime ??= (this.realtimeFactory ?? create)(this.client)),
    };
    this.#context.setValue(value);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
