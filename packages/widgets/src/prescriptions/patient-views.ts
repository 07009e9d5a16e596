/**
 * The patient's view of one prescription, in parts without state of their own: its facts (number,
 * patient, diagnosis, prescriber, validity, reviewer), the note its status calls for, and how far
 * the pharmacy has got with it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Fulfilment, Prescription } from '@ihkit/core';
import { iconCheck } from '../internal/icons.js';
import type { LocalizeController, StringKey } from '../internal/localize.js';
import { dateTime, prescriber, reviewer } from '../prescription/prescription-facts.js';

/** The steps a fulfilment goes through, by method. */
export function trackingSteps(method: Fulfilment['method']): Fulfilment['status'][] {
  return method === 'delivery' ? ['preparing', 'shipped', 'delivered'] : ['preparing', 'ready_for_pickup', 'picked_up'];
}

/** Newest first. */
export function sortPrescriptions(items: readonly Prescription[]): Prescription[] {
  return [...items].sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
}

/** Number, patient, diagnosis, prescriber, when issued and until when valid, and who approved it. */
export function renderFacts(p: Prescription, l10n: LocalizeController): TemplateResult {
  return html`<dl part="facts" class="facts">
    <dt>${l10n.msg('rx.number')}</dt>
    <dd part="number">${p.number}</dd>
    <dt>${l10n.msg('rx.patient')}</dt>
    <dd>${p.patient.name}</dd>
    <dt>${l10n.msg('rx.diagnosis')}</dt>
    <dd>${p.diagnosis.name}</dd>
    <dt>${l10n.msg('rx.doctor')}</dt>
    <dd part="prescriber">${prescriber(p, l10n)}</dd>
    <dt>${l10n.msg('rx.issuedAt')}</dt>
    <dd>${dateTime(p.issuedAt, l10n)}</dd>
    <dt>${l10n.msg('rx.validUntil')}</dt>
    <dd part="valid-until">${dateTime(p.validUntil, l10n)}</dd>
    ${p.review?.decision === 'approved' ? html`<dt>${l10n.msg('rx.review.by')}</dt><dd part="reviewer">${reviewer(p.review, l10n)}</dd>` : nothing}
  </dl>`;
}

/** What the status asks of the patient (wait for the review, see the doctor again) or says has ended. */
export function renderNotice(p: Prescription, l10n: LocalizeController): TemplateResult | typeof nothing {
  const notice = (key: StringKey, cls = '') => html`<p part="notice" class="panel notice ${cls}" role="status">${l10n.msg(key)}</p>`;
  switch (p.status) {
    case 'pending_review':
      return notice('rxPatient.pendingReview');
    case 'returned':
      return notice('rxPatient.returned');
    case 'expired':
      return notice('rxPatient.expired', 'ended');
    case 'cancelled':
      return html`<p part="notice" class="panel notice ended" role="status">${l10n.msg('rxPatient.cancelled')}${p.payment?.status === 'refunded' ? ` ${l10n.msg('rxPatient.refunded')}` : ''}</p>`;
    default:
      return nothing;
  }
}

/** The pharmacy's steps for this way of getting it, the current one marked; the tracking number and where. */
export function renderTracking(f: Fulfilment, l10n: LocalizeController): TemplateResult {
  const steps = trackingSteps(f.method);
  const current = steps.indexOf(f.status);
  return html`<div class="panel">
    <p class="subheading" id="tracking-title">${l10n.msg('rxPatient.track')}</p>
    <ol part="tracking" class="tracking" aria-labelledby="tracking-title">
      ${steps.map((s, i) => {
        const state = i < current || (i === current && i === steps.length - 1) ? 'done' : i === current ? 'current' : 'todo';
        return html`<li part="step step-${state}" class="step ${state}" aria-current=${i === current ? 'step' : nothing}>
          <span class="dot" aria-hidden="true">${state === 'done' ? iconCheck : nothing}</span>
          <span>${l10n.msg(`rxPatient.step.${s as 'preparing'}`)}</span>
        </li>`;
      })}
    </ol>
    ${f.trackingNo ? html`<p part="tracking-no">${l10n.msg('rxPatient.trackingNo', { no: f.trackingNo })}</p>` : nothing}
    ${f.addressMasked ? html`<p class="muted">${l10n.msg('rxPatient.address', { address: f.addressMasked })}</p>` : nothing}
    ${f.pickupPoint ? html`<p class="muted">${l10n.msg('rxPatient.pickupAt', { name: l10n.pick(f.pickupPoint.name, f.pickupPoint.nameEn), address: l10n.pick(f.pickupPoint.address, f.pickupPoint.addressEn) })}</p>` : nothing}
  </div>`;
}
