import { html, nothing, type TemplateResult } from 'lit';
import { appointmentChangesOf, type Appointment } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { emit } from '../internal/events.js';
import { errorCode } from '../internal/localize.js';
import { iconAlert, iconCheck } from '../internal/icons.js';
import { Checkout } from '../internal/checkout.js';
import { checkoutStrings } from '../locales/checkout/area.js';
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
    lapsed: { state: true },
  };
  static override stringAreas = [...IhElement.stringAreas, checkoutStrings, registrationStrings];

  /** The held appointment (its `registration.status` is `held`). */
  appointment?: Appointment;
  /** The payer's openid in the hospital's WeChat official account (WeChat's in-app payment). */
  wechatOpenId?: string;
  /** After a lapse, offers "book again", which calls this (the booking gives it; the list does not). */
  again?: () => void;
  private lapsed = false;
  /** The mark the time left was last announced at, and what was said. */
  #mark?: number;
  #said = '';

  readonly #countdown = new HoldCountdown(
    this,
    () => (this.lapsed ? undefined : this.appointment?.registration?.holdUntil),
    () => void this.#refresh(),
  );

  readonly #checkout = new Checkout(this, {
    l10n: this.l10n,
    due: () => this.client,
    busy: () => this.busy,
    openId: () => this.wechatOpenId,
    act: (action) => this.#act((client) => action(client)),
    reread: async (client) => {
      const now = await client.getAppointment(this.appointment!.id);
      this.#settle(now);
      return now.registration?.status !== 'held';
    },
  });

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
      this.#checkout.reset();
      emit(this, 'ih-registration-paid', { appointmentId: now.id });
    } else if (status !== 'held' || (this.#countdown.left ?? 1) === 0) {
      this.lapsed = true;
      this.#checkout.reset();
      emit(this, 'ih-hold-lapsed', { appointmentId: now.id });
    }
  }

  #act(action: (client: NonNullable<IhElement['client']>, a: Appointment) => Promise<void>): Promise<void> {
    const client = this.client;
    const a = this.appointment;
    return this.runAction(async () => {
      if (!client || !a) return;
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
      const choice = await this.#checkout.choice();
      await this.#checkout.opened(client, await appointmentChangesOf(client).payAppointment(a.id, choice));
    });

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

  #renderPay(amount: NonNullable<Appointment['registration']>['amount']): TemplateResult | typeof nothing {
    if (this.#checkout.payment) return this.#checkout.renderOrder();
    if (this.#checkout.unavailable) return this.#checkout.renderMethods();
    return html`${this.#checkout.renderMethods()}
      <div class="actions">
        <button type="button" part="pay-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#pay}>
          ${this.busy ? this.msg('payment.starting') : this.msg('registration.pay', { amount: this.l10n.money(amount) })}
        </button>
      </div>`;
  }
}
