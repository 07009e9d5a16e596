import { html, nothing, type TemplateResult } from 'lit';
import { appointmentChangesOf, clinicOf, type Appointment, type Payment, type PaymentMethod } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { emit } from '../internal/events.js';
import { errorCode } from '../internal/localize.js';
import { iconAlert, iconCheck } from '../internal/icons.js';
import { chosenMethod, inWechat, methodKey, payInWechat, paymentChoice, renderMethodChoice, usableMethods } from '../internal/payment-methods.js';
import { webUrl } from '../internal/web-url.js';
import { paymentStrings } from '../locales/areas.js';
import { registrationStrings } from '../locales/registration/area.js';
import { HoldCountdown, announcementMark, clock } from './hold-countdown.js';
import styles from './registration.styles.js';

/**
 * @summary Pays a held appointment's registration fee (挂号费) before its hold lapses: the fee,
 * the time left (minutes:seconds, announced politely at a few marks), the choice among the
 * hospital's payment methods, then the provider's checkout (or the sandbox in a demo). Shown by
 * `<ih-booking>` after booking a slot with a fee and by `<ih-appointments>` for an unpaid hold;
 * loaded with them only when a fee is to be paid.
 *
 * @event ih-registration-paid - The fee arrived: the appointment is confirmed. `detail: { appointmentId }`.
 * @event ih-hold-lapsed - The hold lapsed unpaid: the place was released. `detail: { appointmentId }`.
 *
 * @csspart base - The panel.
 * @csspart fee - The fee.
 * @csspart timer - The time left to pay (minutes:seconds).
 * @csspart payment-methods - The choice of how to pay (when the hospital takes more than one way).
 * @csspart payment-method - One way to pay.
 * @csspart pay-button - Starts the payment.
 * @csspart sandbox-pay-button - Completes a sandbox payment.
 * @csspart checkout-link - The payment provider's checkout page.
 * @csspart wechat-pay-button - Opens WeChat's payment sheet again.
 * @csspart paid-check-button - Checks whether the payment arrived.
 * @csspart change-method-button - Back to the choice of how to pay.
 * @csspart pay-error - Why paying failed.
 * @csspart lapsed - The message that the hold lapsed.
 * @csspart again-button - Book again, after the hold lapsed.
 * @csspart notice - Says the hospital takes no online payment (no method enabled).
 * @cssproperty --ih-color-primary - Brand colour: the pay or confirm button, the chosen time.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors and the lapsed hold.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhRegistrationPay extends IhElement {
  static override styles = styles;
  static override properties = {
    appointment: { attribute: false },
    wechatOpenId: { attribute: 'wechat-open-id' },
    again: { attribute: false },
    payment: { state: true },
    picked: { state: true },
    notPaidYet: { state: true },
    lapsed: { state: true },
  };
  static override stringAreas = [...IhElement.stringAreas, paymentStrings, registrationStrings];

  /** The held appointment (its `registration.status` is `held`). */
  appointment?: Appointment;
  /** The payer's openid in the hospital's WeChat official account (WeChat's in-app payment). */
  wechatOpenId?: string;
  /** After a lapse, offers "book again", which calls this (the booking gives it; the list does not). */
  again?: () => void;
  private payment?: Payment;
  private picked?: string;
  private notPaidYet = false;
  private lapsed = false;
  /** The mark the time left was last announced at, and what was said. */
  #mark?: number;
  #said = '';

  readonly #countdown = new HoldCountdown(
    this,
    () => (this.lapsed ? undefined : this.appointment?.registration?.holdUntil),
    () => void this.#refresh(),
  );

  readonly #methods = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => clinicOf(client).listPaymentMethods({ signal }).then((r) => r.items),
  });

  get #usable(): PaymentMethod[] {
    return usableMethods(this.#methods.value ?? [], { wechat: inWechat(), openId: this.wechatOpenId });
  }

  /** Reads the appointment again: paid, lapsed, or still held. */
  async #refresh(): Promise<void> {
    const client = this.client;
    const a = this.appointment;
    if (!client || !a) return;
    this.#settle(await client.getAppointment(a.id).catch(() => a));
  }

  #settle(now: Appointment): void {
    const status = now.registration?.status;
    this.appointment = now;
    if (status === 'paid') {
      this.payment = undefined;
      emit(this, 'ih-registration-paid', { appointmentId: now.id });
    } else if (status !== 'held' || (this.#countdown.left ?? 1) === 0) {
      this.lapsed = true;
      this.payment = undefined;
      emit(this, 'ih-hold-lapsed', { appointmentId: now.id });
    }
  }

  #act(action: (client: NonNullable<IhElement['client']>, a: Appointment) => Promise<void>): Promise<void> {
    const client = this.client;
    const a = this.appointment;
    return this.runAction(async () => {
      if (!client || !a) return;
      this.notPaidYet = false;
      try {
        await action(client, a);
      } catch (e) {
        // A hold that lapsed meanwhile cannot be paid: say so rather than the bare refusal.
        if (errorCode(e) === 'INVALID_STATE') return this.#refresh();
        throw e;
      }
    });
  }

  #pay = () =>
    this.#act(async (client, a) => {
      await this.#methods.settled();
      const method = chosenMethod(this.#usable, this.picked);
      this.payment = await appointmentChangesOf(client).payAppointment(a.id, this.#methods.status === 'ready' ? paymentChoice(method, this.wechatOpenId) : undefined);
      if (this.payment.jsapi) return this.#payInWechat(client, a);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="sandbox-pay-button"], [part~="checkout-link"]')?.focus();
    });

  async #payInWechat(client: NonNullable<IhElement['client']>, a: Appointment): Promise<void> {
    if ((await payInWechat(this.payment!)) === 'unavailable') return;
    await this.#check(client, a);
  }

  async #check(client: NonNullable<IhElement['client']>, a: Appointment): Promise<void> {
    const now = await client.getAppointment(a.id);
    this.notPaidYet = now.registration?.status === 'held';
    this.#settle(now);
  }

  #sandboxPay = () =>
    this.#act(async (client, a) => {
      await clinicOf(client).sandboxPay(this.payment!.id);
      await this.#check(client, a);
    });

  #changeMethod = async () => {
    this.payment = undefined;
    this.notPaidYet = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="payment-method"] input:checked, [part~="pay-button"]')?.focus();
  };

  protected override render(): TemplateResult {
    const reg = this.appointment?.registration;
    if (!reg) return html``;
    if (this.lapsed) {
      return html`<div part="base lapsed" class="panel" role="alert">
        <p class="lapsed">${iconAlert} ${this.msg('registration.lapsed')}</p>
        ${this.again
          ? html`<div class="actions"><button type="button" part="again-button" class="button primary" @click=${this.again}>${this.msg('registration.again')}</button></div>`
          : nothing}
      </div>`;
    }
    if (reg.status === 'paid') return html`<p part="base" class="panel" role="status">${iconCheck} ${this.msg('registration.paid')}</p>`;
    const left = this.#countdown.left ?? 0;
    const mark = announcementMark(left);
    if (mark !== this.#mark) {
      this.#mark = mark;
      this.#said = left > 60_000 || mark === 60 ? this.msg('registration.announce', { minutes: Math.ceil(left / 60_000) }) : mark ? this.msg('registration.announceSeconds', { seconds: mark }) : '';
    }
    return html`<div part="base" class="panel" role="group" aria-label=${this.msg('registration.label')}>
      <div class="row">
        <span>${this.msg('registration.fee')}</span>
        <span part="fee" class="amount">${this.l10n.money(reg.amount)}</span>
      </div>
      <div class="row">
        <span id="timer-label">${this.msg('registration.timer')}</span>
        <span part="timer" class="timer ${left < 60_000 ? 'low' : ''}" role="timer" aria-labelledby="timer-label">${clock(left)}</span>
      </div>
      <p class="muted">${this.msg('registration.held')}</p>
      <p class="visually-hidden" role="status">${this.#said}</p>
      ${this.actionError !== undefined ? html`<div part="pay-error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.actionError)}</p></div>` : nothing}
      ${this.#renderPay(reg.amount)}
    </div>`;
  }

  #renderPay(amount: NonNullable<Appointment['registration']>['amount']): TemplateResult {
    const p = this.payment;
    const methods = this.#usable;
    const busy = this.busy ? 'true' : 'false';
    if (!p) {
      if (this.#methods.status === 'ready' && !methods.length) return html`<p part="notice" class="muted" role="status">${this.msg('payment.methods.none')}</p>`;
      const chosen = chosenMethod(methods, this.picked);
      return html`${renderMethodChoice({ methods, selected: chosen && methodKey(chosen), onPick: (m) => (this.picked = methodKey(m)), msg: (k, params) => this.msg(k, params) })}
        <div class="actions">
          <button type="button" part="pay-button" class="button primary" aria-disabled=${busy} @click=${this.#pay}>
            ${this.busy ? this.msg('registration.starting') : this.msg('registration.pay', { amount: this.l10n.money(amount) })}
          </button>
        </div>`;
    }
    const change = methods.length > 1 ? html`<button type="button" part="change-method-button" class="button link" @click=${this.#changeMethod}>${this.msg('payment.change')}</button>` : nothing;
    if (p.provider === 'sandbox') {
      return html`<p class="subheading">${this.msg('registration.sandbox')}</p>
        <p class="muted">${this.msg('registration.sandboxHint')}</p>
        <div class="actions">
          <button type="button" part="sandbox-pay-button" class="button primary" aria-disabled=${busy} @click=${this.#sandboxPay}>
            ${this.busy ? this.msg('registration.paying') : this.msg('registration.sandboxConfirm', { amount: this.l10n.money(p.amount) })}
          </button>
          ${change}
        </div>`;
    }
    const checkout = webUrl(p.checkoutUrl);
    return html`<div class="actions">
        ${checkout ? html`<a part="checkout-link" class="button primary" href=${checkout} target="_blank" rel="noopener">${this.msg('registration.external')}</a>` : nothing}
        ${p.jsapi ? html`<button type="button" part="wechat-pay-button" class="button primary" aria-disabled=${busy} @click=${() => this.#act((c, a) => this.#payInWechat(c, a))}>${this.msg('payment.wechat.open')}</button>` : nothing}
        <button type="button" part="paid-check-button" class="button" aria-disabled=${busy} @click=${() => this.#act((c, a) => this.#check(c, a))}>${this.msg('registration.check')}</button>
        ${change}
      </div>
      ${this.notPaidYet ? html`<p class="muted" role="status">${this.msg(p.jsapi ? 'payment.wechat.cancelled' : 'registration.notYet')}</p>` : nothing}`;
  }
}
