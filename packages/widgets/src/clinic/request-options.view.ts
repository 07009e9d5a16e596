/**
 * The lists a patient picks from when asking for a follow-up consult: their earlier consults (to
 * reopen one), the conditions diagnosed at earlier visits, and the doctors who can follow one up
 * (the diagnosing doctor marked). Each option is a button; what a pick does is the element's.
 * And the summary of what was picked, above the complaint.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Condition, Consult, Doctor, Patient } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';
import { optionBody } from '../internal/option.js';
import { renderConsultStatus } from '../consult/consult-facts.js';

/** The user's earlier consults, newest first as the gateway lists them; nothing when there are none. */
export function renderConsultList(items: readonly Consult[], l10n: LocalizeController, headingLevel: number, open: (c: Consult) => void): TemplateResult | typeof nothing {
  if (items.length === 0) return nothing;
  return html`<div part="consults" class="consults">
    <div class="subheading" role="heading" aria-level=${headingLevel} id="consults-heading">${l10n.msg('clinic.list')}</div>
    <ul part="option-list" class="options" role="list" aria-labelledby="consults-heading">
      ${items.map(
        (c) => html`<li>
          <button type="button" part="option" class="option" @click=${() => open(c)}>
            ${optionBody(
              html`${c.condition.name} ${renderConsultStatus(c, l10n)}`,
              html`${c.patient.name} · ${l10n.date(c.createdAt, true)} ${l10n.time(c.createdAt)}`,
              html`<span part="complaint-excerpt" class="excerpt">${c.complaint}</span>`,
            )}
          </button>
        </li>`,
      )}
    </ul>
  </div>`;
}

/** The conditions diagnosed at earlier visits, with when and the code. */
export function renderConditions(items: readonly Condition[], l10n: LocalizeController, pick: (c: Condition) => void): TemplateResult {
  return html`<ul part="option-list" class="options" role="list">
    ${items.map(
      (c) => html`<li>
        <button type="button" part="option" class="option" @click=${() => pick(c)}>
          ${optionBody(c.name, l10n.msg('clinic.condition.diagnosed', { date: l10n.calendarDate(c.date, { year: 'numeric', month: 'long', day: 'numeric' }), code: c.code }))}
        </button>
      </li>`,
    )}
  </ul>`;
}

/** The doctors in the order given, each with their title, the one who diagnosed the condition marked. */
export function renderDoctors(doctors: readonly Doctor[], diagnosedBy: string | undefined, l10n: LocalizeController, pick: (d: Doctor) => void): TemplateResult {
  return html`<ul part="option-list" class="options" role="list">
    ${doctors.map(
      (d) => html`<li>
        <button type="button" part="option" class="option" @click=${() => pick(d)}>
          ${optionBody(html`${l10n.pick(d.name, d.nameEn)}<span part="badge" class="badge">${l10n.msg(`title.${d.title}`)}</span>
            ${d.id === diagnosedBy ? html`<span part="badge" class="badge diagnosed">${l10n.msg('clinic.doctors.diagnosed')}</span>` : nothing}`)}
        </button>
      </li>`,
    )}
  </ul>`;
}

/** Who, which condition and which doctor, as picked ('unknown' for what is no longer listed). */
export function renderRequestSummary(p: Patient | undefined, c: Condition | undefined, d: Doctor | undefined, l10n: LocalizeController): TemplateResult {
  const unknown = l10n.msg('common.unknown');
  return html`<dl part="summary" class="facts">
    <dt>${l10n.msg('clinic.summary.patient')}</dt>
    <dd>${p ? p.name : unknown}</dd>
    <dt>${l10n.msg('clinic.summary.condition')}</dt>
    <dd>${c ? c.name : unknown}</dd>
    <dt>${l10n.msg('clinic.summary.doctor')}</dt>
    <dd>${d ? l10n.pick(d.name, d.nameEn) : unknown}</dd>
  </dl>`;
}
