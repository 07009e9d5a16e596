/**
 * The booking's choices as functions of its state: departments, doctors, whom it is for, and
 * the summary of what was chosen. The behaviour is the element's (booking.component.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Appointment, Department, Doctor, Patient, Slot } from '@ihkit/core';
import { iconAlert, iconCheck, iconChevron } from '../internal/icons.js';
import { isUnauthenticated, type LocalizeController } from '../internal/localize.js';
import { mayActFor } from '../internal/patient-options.js';

/** What the summary shows: the choices, or the appointment once made. */
export interface BookingFacts {
  department?: Department;
  doctor?: Doctor;
  slot?: Slot;
  patient?: Patient;
  appointment?: Appointment;
}

const named = (o: { name: string; nameEn?: string }, l10n: LocalizeController): string => l10n.pick(o.name, o.nameEn);
const description = (d: Department, l10n: LocalizeController): string | undefined => l10n.pick(d.description, d.descriptionEn);
const specialtyOf = (d: Doctor, l10n: LocalizeController): string | undefined => l10n.pick(d.specialty, d.specialtyEn);

/** The hospital's departments, the chosen one marked. */
export function renderDepartments(items: Department[], currentId: string | undefined, l10n: LocalizeController, choose: (id: string) => void): TemplateResult {
  return html`<ul part="option-list" class="options departments" role="list">
    ${items.map(
      (d) => html`<li>
        <button type="button" part="option" class="option" aria-current=${d.id === currentId ? 'true' : nothing} @click=${() => choose(d.id)}>
          <span class="option-main">
            <span class="option-title">${named(d, l10n)}</span>
            ${description(d, l10n) ? html`<span class="option-sub">${description(d, l10n)}</span>` : nothing}
          </span>
          <span class="chevron">${iconChevron}</span>
        </button>
      </li>`,
    )}
  </ul>`;
}

/** A department's doctors with their title, specialty and fee, the chosen one marked. */
export function renderDoctors(items: Doctor[], currentId: string | undefined, l10n: LocalizeController, choose: (id: string) => void): TemplateResult {
  return html`<ul part="option-list" class="options doctors" role="list">
    ${items.map((d) => {
      const name = named(d, l10n);
      const title = l10n.msg(`title.${d.title}`);
      const specialty = specialtyOf(d, l10n);
      return html`<li>
        <button type="button" part="option" class="option doctor" aria-current=${d.id === currentId ? 'true' : nothing} @click=${() => choose(d.id)}>
          <span part="doctor-avatar" class="avatar" aria-hidden="true">${[...name][0] ?? ''}</span>
          <span class="option-main">
            <span class="option-title">${name} <span part="badge" class="badge">${title}</span></span>
            ${specialty ? html`<span class="option-sub">${specialty}</span>` : nothing}
          </span>
          <span part="fee" class="fee">${l10n.money(d.fee)}</span>
        </button>
      </li>`;
    })}
  </ul>`;
}

/** Whom the booking is for: the user and the family they may act for (a link still pending cannot be chosen). */
export function renderPatients(items: Patient[], currentId: string | undefined, l10n: LocalizeController, choose: (id: string) => void): TemplateResult {
  return html`<ul part="option-list" class="options patients" role="list">
    ${items.map(
      (p) => html`<li>
        <button
          type="button"
          part="option"
          class="option patient ${mayActFor(p) ? '' : 'pending'}"
          aria-current=${p.id === currentId ? 'true' : nothing}
          aria-disabled=${mayActFor(p) ? nothing : 'true'}
          @click=${() => mayActFor(p) && choose(p.id)}
        >
          <span part="doctor-avatar" class="avatar patient-avatar" aria-hidden="true">${[...p.name][0] ?? ''}</span>
          <span class="option-main">
            <span class="option-title">
              ${p.name}
              <span part="badge" class="badge">${l10n.msg(`relation.${p.relation}`)}</span>
              ${p.minor ? html`<span part="badge" class="badge minor">${l10n.msg('booking.patients.minor')}</span>` : nothing}
              ${mayActFor(p) ? nothing : html`<span part="badge" class="badge pending">${l10n.msg('common.patients.pending')}</span>`}
            </span>
            <span class="option-sub">${mayActFor(p) ? l10n.msg('booking.patients.idNumber', { id: p.idNumberMasked }) : l10n.msg('common.patients.pendingHint')}</span>
          </span>
          <span class="chevron">${iconChevron}</span>
        </button>
      </li>`,
    )}
  </ul>`;
}

/** The booking's facts: department, doctor, time, patient, the hospital's number once booked, and the fee. */
export function renderSummary(b: BookingFacts, l10n: LocalizeController): TemplateResult {
  const { department: dep, doctor: doc, patient, appointment } = b;
  const slot: Pick<Slot, 'start' | 'end' | 'fee'> | undefined = b.slot ?? appointment;
  const fee = appointment?.fee ?? slot?.fee ?? doc?.fee;
  const unknown = l10n.msg('common.unknown');
  return html`<dl part="summary" class="summary">
    <div><dt>${l10n.msg('booking.summary.department')}</dt><dd>${dep ? named(dep, l10n) : unknown}</dd></div>
    <div><dt>${l10n.msg('booking.summary.doctor')}</dt><dd>${doc ? html`${named(doc, l10n)} <span class="muted">${l10n.msg(`title.${doc.title}`)}</span>` : unknown}</dd></div>
    <div><dt>${l10n.msg('booking.summary.time')}</dt><dd>${slot ? l10n.when(slot.start, slot.end) : unknown}</dd></div>
    <div>
      <dt>${l10n.msg('booking.summary.patient')}</dt>
      <dd>
        ${patient
          ? html`${patient.name} <span class="muted">${l10n.msg(`relation.${patient.relation}`)}</span>${patient.minor
                ? html` <span part="badge" class="badge minor">${l10n.msg('booking.patients.minor')}</span>`
                : nothing}`
          : unknown}
      </dd>
    </div>
    ${appointment?.number
      ? html`<div><dt>${l10n.msg('booking.summary.number')}</dt><dd part="number">${appointment.number}</dd></div>`
      : nothing}
    <div class="total"><dt>${l10n.msg('booking.summary.fee')}</dt><dd part="fee" class="fee">${fee ? l10n.money(fee) : unknown}</dd></div>
  </dl>`;
}

/** The last step before booking: the summary, the notice, and the button (busy while it books). */
export function renderConfirm(facts: BookingFacts, state: { submitting: boolean; error: unknown }, l10n: LocalizeController, confirm: () => void): TemplateResult {
  const error = state.error;
  return html`${renderSummary(facts, l10n)}
    <p class="hint">${l10n.msg('booking.confirm.notice')}</p>
    ${error
      ? html`<div part="submit-error" class="alert" role="alert">${iconAlert}<p>${isUnauthenticated(error) ? l10n.msg('error.UNAUTHENTICATED') : l10n.error(error)}</p></div>`
      : nothing}
    <div class="actions">
      <button
        type="button"
        part="confirm-button"
        class="button primary confirm"
        aria-disabled=${state.submitting ? 'true' : 'false'}
        aria-busy=${state.submitting ? 'true' : 'false'}
        @click=${confirm}
      >
        ${state.submitting ? html`<span class="spinner" aria-hidden="true"></span>${l10n.msg('booking.confirm.submitting')}` : l10n.msg('booking.confirm.submit')}
      </button>
    </div>`;
}

/** Booked: the message, the summary with the hospital's number, and a way to book again. */
export function renderDone(facts: BookingFacts, message: string, l10n: LocalizeController, again: () => void): TemplateResult {
  return html`<div part="done" class="done">
      <span class="done-icon">${iconCheck}</span>
      <p class="done-message">${message}</p>
    </div>
    ${renderSummary(facts, l10n)}
    <div class="actions">
      <button type="button" part="again-button" class="button" @click=${again}>${l10n.msg('booking.done.again')}</button>
    </div>`;
}
