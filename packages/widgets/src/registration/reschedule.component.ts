import { html, nothing, type TemplateResult } from 'lit';
import { addDays, appointmentChangesOf, localDate, slotState, type Appointment, type Slot } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import { errorCode } from '../internal/localize.js';
import { registrationStrings } from '../locales/registration/area.js';
import styles from './registration.styles.js';

/** How many days ahead another time is offered (as the booking's date strip). */
const DAYS = 14;

/**
 * @summary Moves an appointment to another time of the same doctor (改约): the open times of the
 * next two weeks by day, the chosen one beside the old with the fee difference (none, refunded,
 * or to pay), then confirm. A refusal is said in words (more often or later than the hospital
 * allows, a dearer slot: `RESCHEDULE_NOT_ALLOWED`; a held fee to a slot of another fee: pay
 * first). Shown by `<ih-appointments>`, in the chunk it loads when a patient asks to move one.
 *
 * @event ih-rescheduled - The appointment moved. `detail: { appointmentId }` — the id only.
 *
 * @csspart base - The panel.
 * @csspart heading - Its heading (focused when it opens).
 * @csspart slots - The open times of one day.
 * @csspart slot - One open time (a toggle button); also `slot-selected`.
 * @csspart summary - The old and new time and the fee difference.
 * @csspart difference - The fee difference.
 * @csspart confirm-button - Moves the appointment.
 * @csspart keep-button - Closes the panel, keeping the old time.
 * @csspart error - Why the move was refused.
 * @csspart empty - No other open time.
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
  };
  static override stringAreas = [...IhElement.stringAreas, registrationStrings];

  /** The appointment to move. */
  appointment?: Appointment;
  /** Called when the patient keeps the old time. */
  close?: () => void;
  /** Called with the appointment in its new slot. */
  moved?: (a: Appointment) => void;
  private chosen?: Slot;

  readonly #slots = new ApiController(this, {
    args: () => (this.client && this.appointment ? ([this.client, this.appointment.doctorId, this.appointment.slotId] as const) : undefined),
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
      emit(this, 'ih-rescheduled', { appointmentId: moved.id });
      this.moved?.(moved);
    });

  protected override render(): TemplateResult {
    return html`<div part="base" class="panel" role="group" aria-labelledby="reschedule-heading">
      <p part="heading" id="reschedule-heading" class="subheading" tabindex="-1">${this.msg('reschedule.choose')}</p>
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
      <dt>${this.msg('reschedule.difference')}</dt>
      <dd part="difference" class="amount">${diff === 0 ? this.msg('reschedule.same') : this.msg(diff < 0 ? 'reschedule.refund' : 'reschedule.extra', { amount: money })}</dd>
    </dl>`;
  }
}
