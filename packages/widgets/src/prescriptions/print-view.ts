/**
 * The printable prescription (处方笺) a patient shows at a pharmacy: the facts, the drugs, both
 * signatures with their certificates, and the verification code. A chunk of its own, loaded
 * when the patient asks to print.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Prescription } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';
import { dateTime, prescriber, renderItemsTable, renderSignature, reviewer } from '../prescription/prescription-facts.js';

export function renderPrintView(p: Prescription, o: { l10n: LocalizeController; hospitalName?: string; close: () => void }): TemplateResult {
  const msg = o.l10n.msg.bind(o.l10n);
  const patient = msg('consult.patientLine', { name: p.patient.name, gender: msg(`consult.gender.${p.patient.gender}`), age: p.patient.age });
  return html`<article part="print-view" class="print-view" tabindex="-1" aria-labelledby="print-title">
    <header class="print-head">
      ${o.hospitalName ? html`<p class="print-hospital">${o.hospitalName}</p>` : nothing}
      <p id="print-title" class="print-title">${msg('rxPatient.print.title')}</p>
      <p class="muted">${msg('rx.numberLine', { number: p.number })} · ${msg('rx.version', { version: p.version })}</p>
    </header>
    <dl class="facts">
      <dt>${msg('rx.patient')}</dt>
      <dd>${patient}${p.patient.weightKg ? ` · ${msg('rx.weight', { kg: p.patient.weightKg })}` : ''}</dd>
      <dt>${msg('rx.diagnosis')}</dt>
      <dd>${p.diagnosis.name} (${p.diagnosis.code})</dd>
      <dt>${msg('rx.doctor')}</dt>
      <dd part="prescriber">${prescriber(p, o.l10n)}</dd>
      <dt>${msg('rx.issuedAt')}</dt>
      <dd>${dateTime(p.issuedAt, o.l10n)}</dd>
      <dt>${msg('rx.validUntil')}</dt>
      <dd>${dateTime(p.validUntil, o.l10n)}</dd>
      ${p.review?.decision === 'approved' ? html`<dt>${msg('rx.review.by')}</dt><dd part="reviewer">${reviewer(p.review, o.l10n)}</dd>` : nothing}
    </dl>
    ${renderItemsTable(p.items, p.total, o.l10n, msg('rx.col.drug'))}
    <p class="subheading">${msg('rx.signature')}</p>
    ${renderSignature(p.signature, o.l10n, true)}
    ${p.review?.decision === 'approved' && p.review.signature
      ? html`<p class="subheading">${msg('rx.review.signature')}</p>
          <div part="review-signature">${renderSignature(p.review.signature, o.l10n, true, 'pharmacist')}</div>`
      : nothing}
    ${p.verificationCode
      ? html`<p part="verification-code" class="verification-code"><span>${msg('rx.verificationCode')}</span> <strong class="fingerprint">${p.verificationCode}</strong></p>
          <p class="muted">${msg('rx.verificationCode.note')}</p>`
      : nothing}
    <p class="muted">${msg('rxPatient.print.note')}</p>
    <div class="actions screen-only">
      <button type="button" part="print-close-button" class="button" @click=${o.close}>
        ${msg('rxPatient.print.close')}
      </button>
    </div>
  </article>`;
}
