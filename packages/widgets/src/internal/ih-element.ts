import { LitElement, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ContextEvent } from '@lit/context';
import { tagName } from './define.js';
import { ihContext, type IhConfig } from './context.js';
import { LocalizeController, loadStrings, type MsgParams, type StringArea, type StringKey, type StringOverrides } from './localize.js';
import { commonStrings, errorStrings, valueStrings } from '../locales/areas.js';
import { elderStrings } from '../locales/elder/area.js';
import type { ApiController } from './api-controller.js';
import { iconAlert, iconCalendar, iconLock } from './icons.js';

/**
 * The base of ihkit's data elements: the provider's config through context, localization,
 * and the loading / empty / error / sign-in renderings every step shares.
 */
export class IhElement extends LitElement {
  static override properties: PropertyDeclarations = {
    strings: { attribute: false },
    busy: { state: true },
    actionError: { state: true },
  };

  /** The string areas this element uses; loaded when the first instance connects. */
  static stringAreas: StringArea[] = [commonStrings, valueStrings, errorStrings];

  #config?: IhConfig;
  #unsubscribe?: () => void;

  /** The config of the nearest `<ih-provider>` (live: changes re-render the element). */
  protected get config(): IhConfig | undefined {
    return this.#config;
  }

  /** The gateway client while someone is signed in. Signed out, nothing is loaded at all. */
  protected get client(): IhConfig['client'] | undefined {
    return this.#config?.session.signedIn ? this.#config.client : undefined;
  }

  /** The gateway client for what anyone may read (the public schedule), signed in or not. */
  protected get publicClient(): IhConfig['client'] | undefined {
    return this.#config?.client;
  }

  /**
   * Asks the nearest provider for its config and subscribes to changes. If no provider has
   * answered because its tag is not defined yet, asks again once it is.
   */
  #requestConfig(): void {
    this.dispatchEvent(
      new ContextEvent(
        ihContext,
        this,
        (value, unsubscribe) => {
          if (this.#unsubscribe !== unsubscribe) this.#unsubscribe?.();
          this.#unsubscribe = unsubscribe;
          this.#config = value;
          this.requestUpdate();
        },
        true,
      ),
    );
    // Asked again only when the provider's tag is not defined yet: once it is, an element that no
    // provider answered has none around it (asking again at once would loop for ever).
    const provider = tagName('provider');
    if (!this.#unsubscribe && !customElements.get(provider)) {
      void customElements.whenDefined(provider).then(() => {
        if (this.isConnected && !this.#unsubscribe) this.#requestConfig();
      });
    }
  }

  /** Overrides of this element's strings; win over the provider's `strings`. */
  strings?: StringOverrides;

  /** A user's action (pay, accept, approve…) is running: buttons show it and ignore clicks. */
  protected busy = false;
  /** Why the last action failed, shown in the element's view; cleared when the next starts. */
  protected actionError?: unknown;

  /**
   * Runs one user action at a time: nothing while another runs; `busy` meanwhile; a failure
   * kept in `actionError` instead of thrown.
   */
  protected async runAction(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.actionError = undefined;
    try {
      await action();
    } catch (e) {
      this.actionError = e;
    } finally {
      this.busy = false;
    }
  }

  protected readonly l10n = new LocalizeController(this, () => ({
    locale: this.config?.locale,
    timeZone: this.config?.timeZone,
    overrides: [this.strings, this.config?.strings],
    overlay: this.config?.elder ? elderStrings : undefined,
  }));

  /** Renders only once the active locale's strings are in (each language's are fetched once; elder mode's wording with them). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const strings = this.l10n.ready();
    return strings ? strings.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  override connectedCallback(): void {
    loadStrings(...(this.constructor as typeof IhElement).stringAreas);
    super.connectedCallback();
    this.#requestConfig();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  protected msg(key: StringKey, params?: MsgParams): string {
    return this.l10n.msg(key, params);
  }

  protected renderLoading(rows = 3): TemplateResult {
    return html`<div part="loading" class="skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">${this.msg('common.loading')}</span>
      ${Array.from({ length: rows }, () => html`<span aria-hidden="true"></span>`)}
    </div>`;
  }

  protected renderEmpty(title: string, hint?: string, action?: TemplateResult): TemplateResult {
    return html`<div part="empty" class="state" role="status">
      ${iconCalendar}
      <p class="state-title">${title}</p>
      ${hint ? html`<p>${hint}</p>` : nothing} ${action ?? nothing}
    </div>`;
  }

  /**
   * The account has no patients yet. Patients are added at the hospital (the identity the HIS
   * holds), so the text says where; a host with its own page for it overrides the hint.
   */
  protected renderNoPatients(): TemplateResult {
    return this.renderEmpty(this.msg('common.patients.empty'), this.msg('common.patients.emptyHint'));
  }

  /** What signing in lets the user do here, shown under "please sign in" (each element its own). */
  protected get signInHint(): StringKey {
    return 'common.signInHint';
  }

  /** "Please sign in", with what it allows here (`hint`) and an action the element offers (a sign-in button). */
  protected renderSignIn(hint: StringKey = this.signInHint, action?: TemplateResult): TemplateResult {
    return html`<div part="sign-in" class="state" role="status">
      ${iconLock}
      <p class="state-title">${this.msg('common.signInRequired')}</p>
      <p>${this.msg(hint)}</p>
      ${action ?? nothing}
    </div>`;
  }

  protected renderNotConfigured(): TemplateResult {
    return html`<div part="error" class="state error" role="alert">${iconAlert}<p class="state-title">${this.msg('common.notConfigured')}</p></div>`;
  }

  protected renderError(error: unknown, retry: () => void): TemplateResult {
    return html`<div part="error" class="state error">
      ${iconAlert}
      <p class="state-title" role="alert">${this.l10n.error(error)}</p>
      <button type="button" part="retry-button" class="button" @click=${retry}>${this.msg('common.retry')}</button>
    </div>`;
  }

  /**
   * Renders an API controller's state: loading, the sign-in state on 401, error with retry,
   * empty, or `ready(value)`. Signed out it shows "please sign in" without asking, unless the
   * data is for anyone (`anyone`: the public schedule).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any controller's arguments: only its value is read
  protected renderApi<T>(api: ApiController<T, any>, ready: (value: T) => TemplateResult, empty: () => TemplateResult, rows?: number, anyone = false): TemplateResult {
    if (!this.config) return this.renderNotConfigured();
    if (!this.config.session.signedIn && !anyone) return this.renderSignIn();
    switch (api.status) {
      case 'ready':
        return ready(api.value as T);
      case 'empty':
        return empty();
      case 'error':
        return api.unauthenticated ? this.renderSignIn() : this.renderError(api.error, () => void api.run());
      default:
        return this.renderLoading(rows);
    }
  }
}
