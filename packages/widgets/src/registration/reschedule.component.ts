import { html, nothing, type TemplateResult } from 'lit';
import { addDays, appointmentChangesOf, localDate, slotState, type Appointment, type Doctor, type Slot } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { Checkout } from '../internal/checkout.js';
import { emit } from '../internal/events.js';
import { iconAlert, iconCheck } from '../internal/icons.js';
import { errorCode } from '../internal/localize.js';
import { checkoutStrings } from '../locales/checkout/area.js';
import { registrationStrings } from '../locales/registration/area.js';
import { HoldCountdown, clock } from './hold-countdown.js';
import styles from './registration.styles.js';

/** How many days ahead another time is offered (as the booking's date strip). */
const DAYS = 14;

/**
 * @summary Moves an appointment to another time of the same doctor, or of another doctor of the
 * same department (改约): the open times of the next two weeks by day, the chosen one beside the old with the fee difference (none, refunded,
 * or to pay), then confirm. To a dearer slot (the fee paid online), the pay step follows: the
 * difference, the time left to pay, the hospital's ways to pay and the provider's checkout; the
 * appointment moves once the difference arrives, or stays with the difference refunded (the slot
 * was taken meanwhile) or unpaid in time, said in words. A refusal is said in words (more often
 * or later than the hospital allows: `RESCHEDULE_NOT_ALLOWED`; a held fee to a slot of another
 * fee: pay first). Shown by `<ih-appointments>`, in the chunk it loads when a patient asks to move one.
 *
 * @event ih-rescheduled - The appointment moved. `detail: { appointmentId }` — the id only.
 *
 * @csspart base - The panel.
 * @csspart heading - Its heading (focused when it opens).
 * @csspart doctor - The choice of doctor (the appointment's, or another of its department), when the department has more than one.
 * @csspart slots - The open times of one day.
 * @csspart slot - One open time (a toggle button); also `slot-selected`.
 * @csspart summary - The old and new time and the fee difference.
 * @csspart difference - The fee difference.
 * @csspart new-doctor - The new time's doctor, when another of the department.
 * @csspart confirm-button - Moves the appointment.
 * @csspart keep-button - Closes the panel, keeping the old time.
 * @csspart error - Why the move was refused.
 * @csspart empty - No other open time.
 * @csspart timer - The time left to pay the difference (minutes:seconds).
 * @csspart pay-button - Starts paying the difference.
 * @csspart payment-methods - The choice of how to pay (when the hospital takes more than one way).
 * @csspart sandbox-pay-button - Completes a sandbox payment.
 * @csspart checkout-link - The payment provider's checkout page.
 * @csspart paid-check-button - Checks whether the payment arrived.
 * @csspart outcome - Why the appointment did not move (the difference refunded, or not paid in time).
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
export class IhReschedule extends IhElement {
  static override styles = styles;
  static override properties = {
    appointment: { attribute: false },
    chosen: { state: true },
    doctorId: { state: true },
    waiting: { state: true },
  };
  static override stringAreas = [...IhElement.stringAreas, checkoutStrings, registrationStrings];

  /** The appointment to move. */
  appointment?: Appointment;
  /** The WeChat user's openid, for paying a dearer time's difference inside WeChat (JSAPI); set by `<ih-appointments>` from its own. */
  wechatOpenId?: string;
  /** Called when the patient keeps the old time. */
  close?: () => void;
  /** Called with the appointment in its new slot. */
  moved?: (a: Appointment) => void;
  private chosen?: Slot;
  /** Whose times are shown: the appointment's doctor unless another of the department is chosen. */
  private doctorId?: string;
  /** The appointment while its move to a dearer slot waits for the difference, is being made, or failed. */
  private waiting?: Appointment;

  readonly #countdown = new HoldCountdown(
    this,
    () => (this.waiting?.pendingMove?.status === 'awaiting_payment' ? this.waiting.pendingMove.payUntil : undefined),
    () => void this.#reread(),
  );

  readonly #checkout = new Checkout(this, {
    l10n: this.l10n,
    due: () => (this.waiting?.pendingMove?.status === 'awaiting_payment' ? this.client : undefined),
    busy: () => this.busy,
    openId: () => this.wechatOpenId,
    act: (action) => this.#act(action),
    reread: async (client) => this.#settle(await client.getAppointment(this.appointment!.id)),
  });

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Opened again while its move waits for the difference: straight to the pay step.
    const status = this.appointment?.pendingMove?.status;
    if (changed.has('appointment') && (status === 'awaiting_payment' || status === 'paid')) this.waiting = this.appointment;
    if (changed.has('appointment')) this.doctorId = this.chosen = undefined;
  }

  readonly #doctors = new ApiController(this, {
    args: () => (this.client && this.appointment ? ([this.client, this.appointment.departmentId] as const) : undefined),
    task: ([client, departmentId], signal) => client.listDoctors({ departmentId }, { signal }).then((r) => r.items),
  });

  readonly #slots = new ApiController(this, {
    args: () => (this.client && this.appointment ? ([this.client, this.doctorId ?? this.appointment.doctorId, this.appointment.slotId] as const) : undefined),
    task: async ([client, doctorId, current], signal) => {
      const from = localDate(new Date(), this.l10n.timeZone);
      const { items } = await client.listSlots({ doctorId, from, to: addDays(from, DAYS - 1) }, { signal });
      return items.filter((s) => s.id !== current && slotState(s) === 'available').sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    },
    isEmpty: (items: Slot[]) => items.length === 0,
  });

  /** Moves focus to the panel's heading (opened from a list row, so that a screen reader starts there). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
  }

  #confirm = () =>
    this.runAction(async () => {
      const a = this.appointment;
      const slot = this.chosen;
      if (!a || !slot || !this.client) return;
      const moved = await appointmentChangesOf(this.client).rescheduleAppointment(a.id, { slotId: slot.id });
      if (moved.pendingMove?.status === 'awaiting_payment' && moved.pendingMove.toSlotId === slot.id) {
        this.waiting = moved;
        await this.updateComplete;
        this.focus();
        return;
      }
      emit(this, 'ih-rescheduled', { appointmentId: moved.id });
      this.moved?.(moved);
    });

  /** Runs a pay action; the time to pay having passed meanwhile, reads the outcome instead of the bare refusal. */
  #act(action: (client: NonNullable<IhElement['client']>) => Promise<void>): Promise<void> {
    const client = this.client;
    return this.runAction(async () => {
      if (!client) return;
      try {
        await action(client);
      } catch (e) {
        if (errorCode(e) !== 'INVALID_STATE') throw e;
        await this.#reread();
      }
    });
  }

  #pay = () =>
    this.#act(async (client) => {
      const choice = await this.#checkout.choice();
      await this.#checkout.opened(client, await appointmentChangesOf(client).payAppointment(this.appointment!.id, choice));
    });

  async #reread(): Promise<void> {
    const a = this.appointment;
    if (this.client && a) this.#settle(await this.client.getAppointment(a.id).catch(() => this.waiting ?? a));
  }

  /** The appointment as it now stands: moved (told to the list), failed (said), or still waiting. Whether the wait is over. */
  #settle(now: Appointment): boolean {
    const move = now.pendingMove;
    if (!move && now.slotId !== this.appointment?.slotId) {
      this.#checkout.reset();
      this.waiting = undefined;
      emit(this, 'ih-rescheduled', { appointmentId: now.id });
      this.moved?.(now);
      return true;
    }
    this.waiting = now;
    if (move?.status !== 'failed') return false;
    this.#checkout.reset();
    return true;
  }

  protected override render(): TemplateResult {
    if (this.waiting?.pendingMove) return this.#renderPayStep(this.waiting.pendingMove);
    return html`<div part="base" class="panel" role="group" aria-labelledby="reschedule-heading">
      <p part="heading" id="reschedule-heading" class="subheading" tabindex="-1">${this.msg('reschedule.choose')}</p>
      ${this.#renderDoctors()}
      ${this.renderApi(this.#slots, (slots) => this.#renderDays(slots), () => html`<p part="empty" class="muted" role="status">${this.msg('reschedule.none')}</p>`, 2)}
      ${this.chosen ? this.#renderSummary(this.chosen) : nothing}
      ${this.actionError !== undefined
        ? html`<div part="error" class="alert" role="alert">${iconAlert}<p>${errorCode(this.actionError) === 'INVALID_STATE' ? this.msg('reschedule.payFirst') : this.l10n.error(this.actionError)}</p></div>`
        : nothing}
      <div class="actions">
        ${this.chosen
          ? html`<button type="button" part="confirm-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#confirm}>
              ${this.msg(this.busy ? 'reschedule.confirming' : 'reschedule.confirm')}
            </button>`
          : nothing}
        <button type="button" part="keep-button" class="button" @click=${() => this.close?.()}>${this.msg('reschedule.keep')}</button>
      </div>
    </div>`;
  }

  /** Another doctor of the department, where it has more than one (their fee may differ: the summary says by how much). */
  #renderDoctors(): TemplateResult | typeof nothing {
    const doctors: Doctor[] = this.#doctors.value ?? [];
    if (doctors.length < 2) return nothing;
    const current = this.doctorId ?? this.appointment!.doctorId;
    return html`<label part="doctor" class="field">
      <span class="label">${this.msg('reschedule.doctor')}</span>
      <select
        class="input"
        @change=${(e: Event) => {
          this.doctorId = (e.target as HTMLSelectElement).value;
          this.chosen = undefined;
          this.actionError = undefined;
        }}
      >
        ${doctors.map((d) => html`<option value=${d.id} ?selected=${d.id === current}>${this.l10n.pick(d.name, d.nameEn)} · ${this.msg(`title.${d.title}`)} · ${this.l10n.money(d.fee)}</option>`)}
      </select>
    </label>`;
  }

  #renderDays(slots: Slot[]): TemplateResult {
    const days = new Map<string, Slot[]>();
    for (const s of slots) {
      const d = localDate(new Date(s.start), this.l10n.timeZone);
      days.set(d, [...(days.get(d) ?? []), s]);
    }
    return html`<div class="days">
      ${[...days].map(
        ([date, daySlots]) => html`<div>
          <p class="day-label" id=${`day-${date}`}>${this.l10n.calendarDate(date)}</p>
          <div part="slots" class="slots" role="group" aria-labelledby=${`day-${date}`}>
            ${daySlots.map((s) => {
              const selected = s.id === this.chosen?.id;
              return html`<button
                type="button"
                part="slot${selected ? ' slot-selected' : ''}"
                class="slot"
                aria-pressed=${selected ? 'true' : 'false'}
                @click=${() => {
                  this.chosen = s;
                  this.actionError = undefined;
                }}
              >
                <span>${this.l10n.timeRange(s.start, s.end)}</span>
                <span class="slot-fee">${this.msg('reschedule.slot', { count: s.available, fee: this.l10n.money(s.fee) })}</span>
              </button>`;
            })}
          </div>
        </div>`,
      )}
    </div>`;
  }

  #renderSummary(slot: Slot): TemplateResult {
    const a = this.appointment!;
    const diff = slot.fee.amount - a.fee.amount;
    const money = this.l10n.money({ ...slot.fee, amount: Math.abs(diff) });
    return html`<dl part="summary">
      <dt>${this.msg('reschedule.from')}</dt>
      <dd>${this.l10n.when(a.start, a.end)}</dd>
      <dt>${this.msg('reschedule.to')}</dt>
      <dd>${this.l10n.when(slot.start, slot.end)}</dd>
      ${this.#renderNewDoctor(slot.doctorId)}
      <dt>${this.msg('reschedule.difference')}</dt>
      <dd part="difference" class="amount">${diff === 0 ? this.msg('reschedule.same') : this.msg(diff < 0 ? 'reschedule.refund' : 'reschedule.extra', { amount: money })}</dd>
    </dl>`;
  }

  /** The doctor of the new time, when it is another of the department than the appointment's. */
  #renderNewDoctor(doctorId: string | undefined): TemplateResult | typeof nothing {
    const d = doctorId && doctorId !== this.appointment?.doctorId ? this.#doctors.value?.find((x) => x.id === doctorId) : undefined;
    return d ? html`<dt>${this.msg('reschedule.newDoctor')}</dt><dd part="new-doctor">${this.l10n.pick(d.name, d.nameEn)} · ${this.msg(`title.${d.title}`)}</dd>` : nothing;
  }

  /** The move to a dearer slot: paying its difference, being made, or why it was not. */
  #renderPayStep(move: NonNullable<Appointment['pendingMove']>): TemplateResult {
    const a = this.appointment!;
    const to = `${this.l10n.date(move.toStart)} ${this.l10n.time(move.toStart)}`;
    const difference = this.l10n.money(move.difference);
    const keep = html`<div class="actions"><button type="button" part="keep-button" class="button" @click=${() => this.close?.()}>${this.msg(move.status === 'failed' ? 'reschedule.close' : 'reschedule.keep')}</button></div>`;
    if (move.status === 'failed') {
      return html`<div part="base" class="panel" role="group" aria-labelledby="reschedule-heading">
        <p part="heading" id="reschedule-heading" class="subheading" tabindex="-1">${this.msg('reschedule.notMoved')}</p>
        <div part="outcome" class="alert" role="alert">${iconAlert}<p>${this.msg(`reschedule.failed.${move.failure === 'slot_taken' ? 'slotTaken' : 'notPaid'}`, { time: to, amount: difference })}</p></div>
        ${keep}
      </div>`;
    }
    const left = this.#countdown.left ?? 0;
    return html`<div part="base" class="panel" role="group" aria-labelledby="reschedule-heading">
      <p part="heading" id="reschedule-heading" class="subheading" tabindex="-1">${this.msg('reschedule.payLabel')}</p>
      <dl part="summary">
        <dt>${this.msg('reschedule.from')}</dt>
        <dd>${this.l10n.when(a.start, a.end)}</dd>
        <dt>${this.msg('reschedule.to')}</dt>
        <dd>${to}</dd>
        ${this.#renderNewDoctor(this.doctorId)}
        <dt>${this.msg('reschedule.difference')}</dt>
        <dd part="difference" class="amount">${difference}</dd>
      </dl>
      ${move.status === 'paid'
        ? html`<p role="status">${iconCheck} ${this.msg('reschedule.moving')}</p>`
        : html`<div class="row">
              <span id="move-timer-label">${this.msg('registration.timer')}</span>
              <span part="timer" class="timer ${left < 60_000 ? 'low' : ''}" role="timer" aria-labelledby="move-timer-label">${clock(left)}</span>
            </div>
            <p class="muted">${this.msg('reschedule.waiting')}</p>
            ${this.actionError !== undefined ? html`<div part="error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.actionError)}</p></div>` : nothing}
            ${this.#renderPay(difference)}`}
      ${keep}
    </div>`;
  }

  #renderPay(amount: string): TemplateResult | typeof nothing {
    if (this.#checkout.payment) return this.#checkout.renderOrder();
    if (this.#checkout.unavailable) return this.#checkout.renderMethods();
    return html`${this.#checkout.renderMethods()}
      <div class="actions">
        <button type="button" part="pay-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#pay}>
          ${this.busy ? this.msg('payment.starting') : this.msg('registration.pay', { amount })}
        </button>
      </div>`;
  }
}
