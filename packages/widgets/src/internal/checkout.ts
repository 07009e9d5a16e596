/**
 * Paying for one thing — a consult, a prescription, a registration fee — the same way in every
 * element: the hospital's ways to pay that work on this page (a radio group), then the open
 * payment order (the sandbox's confirm panel, the provider's checkout page, or WeChat's
 * payment sheet), and whether the payment arrived. The host says what is paid and how to read
 * it again; this holds the choice, the open order and "not paid yet".
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { clinicOf, type Payment, type PaymentMethod } from '@ihkit/core';

type PaymentMethodList = Awaited<ReturnType<ReturnType<typeof clinicOf>['listPaymentMethods']>>;
import type { IhConfig } from './context.js';
import { ApiController } from './api-controller.js';
import { loadStrings, type LocalizeController } from './localize.js';
import { checkoutStrings } from '../locales/checkout/area.js';
import { chosenMethod, inWechat, methodKey, payInWechat, paymentChoice, renderMethodChoice, usableMethods } from './payment-methods.js';
import { webUrl } from './web-url.js';

type Client = IhConfig['client'];

export interface CheckoutOptions {
  l10n: LocalizeController;
  /** The signed-in client while the thing is to be paid (the ways to pay load then); else undefined. */
  due: () => Client | undefined;
  busy: () => boolean;
  /** The payer's WeChat openid (the `wechat-open-id` attribute), for WeChat's in-app payment. */
  openId: () => string | undefined;
  /** The host's runner of one action at a time (busy, the error shown). */
  act: (action: (client: Client) => Promise<void>) => Promise<void>;
  /** Reads the paid thing again (the host shows it); whether it is paid now. */
  reread: (client: Client) => Promise<boolean>;
  /** After the payment arrived (the host moves focus, tells the page). */
  paid?: () => void;
  /** The whole answer of listPaymentMethods (the insurer it names, say). */
  listed?: (list: PaymentMethodList) => void;
  /** Each panel framed as a panel of its own (not when the host's panel already holds it). */
  framed?: boolean;
}

export class Checkout {
  /** The way the payer picked (provider/channel). */
  #picked?: string;
  #payment?: Payment;
  #notPaidYet = false;
  readonly #methods: ApiController<PaymentMethod[], readonly [Client]>;

  constructor(
    private readonly host: ReactiveControllerHost & Element & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly o: CheckoutOptions,
  ) {
    loadStrings(checkoutStrings); // its strings come with it (a chunk of <ih-clinic> and <ih-prescriptions>: internal/lazy-checkout.ts)
    this.#methods = new ApiController(host, {
      args: () => {
        const client = o.due();
        return client ? ([client] as const) : undefined;
      },
      task: ([client], signal) =>
        clinicOf(client)
          .listPaymentMethods({ signal })
          .then((list) => {
            o.listed?.(list);
            return list.items;
          }),
    });
  }

  /** The open payment order, if any. */
  get payment(): Payment | undefined {
    return this.#payment;
  }

  /** The methods that work on this page. */
  get usable(): PaymentMethod[] {
    return usableMethods(this.#methods.value ?? [], { wechat: inWechat(), openId: this.o.openId() });
  }

  /** Whether nothing can be paid online here (the hospital enables no method that works on this page). */
  get unavailable(): boolean {
    return this.#methods.status === 'ready' && !this.usable.length;
  }

  /** The pay operation's choice: the chosen method (none while the list could not be read). */
  async choice(): Promise<ReturnType<typeof paymentChoice> | undefined> {
    await this.#methods.settled();
    return this.#methods.status === 'ready' ? paymentChoice(chosenMethod(this.usable, this.#picked), this.o.openId()) : undefined;
  }

  /** A payment order was opened: WeChat's sheet inside WeChat, else focus on how to complete it. */
  async opened(client: Client, payment: Payment): Promise<void> {
    this.#set(payment, false);
    if (payment.jsapi) return this.#inWechat(client);
    await this.#focus('[part~="sandbox-pay-button"], [part~="checkout-link"]');
  }

  /** Forgets the open order (another thing opened, or the thing cancelled). */
  reset(): void {
    this.#set(undefined, false);
  }

  #set(payment: Payment | undefined, notPaidYet: boolean): void {
    this.#payment = payment;
    this.#notPaidYet = notPaidYet;
    this.host.requestUpdate();
  }

  async #focus(selector: string): Promise<void> {
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Whether the payment arrived: the order closes when it did; "not yet" is said when not. */
  async #check(client: Client): Promise<void> {
    const paid = await this.o.reread(client);
    this.#set(paid ? undefined : this.#payment, !paid);
    if (paid) this.o.paid?.();
  }

  async #inWechat(client: Client): Promise<void> {
    if ((await payInWechat(this.#payment!)) === 'unavailable') return;
    await this.#check(client);
  }

  #run(action: (client: Client) => Promise<void>): Promise<void> {
    return this.o.act((client) => {
      this.#set(this.#payment, false);
      return action(client);
    });
  }

  #sandboxPay = () =>
    this.#run(async (client) => {
      await clinicOf(client).sandboxPay(this.#payment!.id);
      await this.#check(client);
    });

  #checkPaid = () => this.#run((client) => this.#check(client));
  #wechatPay = () => this.#run((client) => this.#inWechat(client));

  /** Back to the choice of how to pay (the gateway closes the open order if another is chosen). */
  #change = async () => {
    this.reset();
    await this.#focus('[part~="payment-method"] input:checked, [part~="pay-button"]');
  };

  /** The choice of how to pay, or why nothing can be paid online. */
  renderMethods(): TemplateResult | typeof nothing {
    const msg = this.o.l10n.msg.bind(this.o.l10n);
    const methods = this.usable;
    if (this.unavailable) {
      return html`<p part="notice" class=${this.o.framed ? 'panel muted' : 'muted'} role="status">${msg('payment.methods.none')}</p>`;
    }
    const chosen = chosenMethod(methods, this.#picked);
    return renderMethodChoice({
      methods,
      selected: chosen && methodKey(chosen),
      onPick: (m) => {
        this.#picked = methodKey(m);
        this.host.requestUpdate();
      },
      msg,
    });
  }

  /** The open order: the sandbox's confirm panel, or the provider's page and "I have paid". */
  renderOrder(): TemplateResult | typeof nothing {
    const p = this.#payment;
    if (!p) return nothing;
    const msg = this.o.l10n.msg.bind(this.o.l10n);
    const busy = this.o.busy() ? 'true' : 'false';
    const frame = this.o.framed ? 'panel' : '';
    const change =
      this.usable.length > 1 ? html`<button type="button" part="change-method-button" class="button link" @click=${this.#change}>${msg('payment.change')}</button>` : nothing;
    if (p.provider === 'sandbox') {
      return html`<div part="sandbox-checkout" class=${frame} role="group" aria-labelledby="sandbox-title">
        <p id="sandbox-title" class="subheading">${msg('payment.sandbox')}</p>
        <p class="muted">${msg('payment.sandboxHint')}</p>
        <div class="actions">
          <button type="button" part="sandbox-pay-button" class="button primary" aria-disabled=${busy} @click=${this.#sandboxPay}>
            ${this.o.busy() ? msg('payment.paying') : msg('payment.confirm', { amount: this.o.l10n.money(p.amount) })}
          </button>
          ${change}
        </div>
      </div>`;
    }
    const checkout = webUrl(p.checkoutUrl);
    return html`<div class=${frame}>
      <div class="actions">
        ${checkout ? html`<a part="checkout-link" class="button primary" href=${checkout} target="_blank" rel="noopener">${msg('payment.external')}</a>` : nothing}
        ${p.jsapi ? html`<button type="button" part="wechat-pay-button" class="button primary" aria-disabled=${busy} @click=${this.#wechatPay}>${msg('payment.wechat.open')}</button>` : nothing}
        <button type="button" part="paid-check-button" class="button" aria-disabled=${busy} @click=${this.#checkPaid}>${msg('payment.check')}</button>
        ${change}
      </div>
      ${this.#notPaidYet ? html`<p class="muted" role="status">${msg(p.jsapi ? 'payment.wechat.cancelled' : 'payment.notYet')}</p>` : nothing}
    </div>`;
  }
}
