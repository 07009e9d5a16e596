/**
 * What a consult came to, as the patient's clinic shows it: waiting for the doctor (and until
 * when), the doctor's record, or a referral to an in-person visit with the way to book it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Consult, ConsultRecord } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';

/** Paid, waiting for the doctor to take it on, and the time by which they will. */
export function renderWaiting(c: Consult, l10n: LocalizeController): TemplateResult {
  return html`<div part="waiting" class="panel" role="status">
    <p>${l10n.msg('clinic.waiting')}</p>
    ${c.acceptBy ? html`<p class="muted">${l10n.msg('clinic.acceptBy', { time: `${l10n.date(c.acceptBy)} ${l10n.time(c.acceptBy)}` })}</p>` : nothing}
  </div>`;
}

/** The doctor's record of the consult: complaint, diagnosis and advice. */
export function renderConsultRecord(r: ConsultRecord, l10n: LocalizeController, headingLevel: number): TemplateResult {
  return html`<div part="record" class="panel">
    <div class="subheading" role="heading" aria-level=${headingLevel}>${l10n.msg('clinic.record')}</div>
    <dl class="facts">
      <dt>${l10n.msg('clinic.record.complaint')}</dt>
      <dd>${r.complaint}</dd>
      <dt>${l10n.msg('clinic.record.diagnosis')}</dt>
      <dd>${r.diagnosis}</dd>
      <dt>${l10n.msg('clinic.record.advice')}</dt>
      <dd>${r.advice}</dd>
    </dl>
  </div>`;
}

/** The doctor referred the patient to an in-person visit: why, and the way to book one. */
export function renderReferral(c: Consult, l10n: LocalizeController, bookOffline: () => void): TemplateResult {
  return html`<div part="referral" class="panel" role="status">
    <p>${l10n.msg('clinic.referred')}</p>
    ${c.referralReason ? html`<p>${l10n.msg('clinic.referred.reason', { reason: c.referralReason })}</p>` : nothing}
    <div class="actions">
      <button type="button" part="book-offline-button" class="button primary" @click=${bookOffline}>${l10n.msg('clinic.bookOffline')}</button>
    </div>
  </div>`;
}
