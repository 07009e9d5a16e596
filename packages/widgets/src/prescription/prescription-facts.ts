import { html, nothing, type TemplateResult } from 'lit';
import type { Allergy, Finding, FindingCode, Money, Prescription, PrescriptionItem, Signature } from '@ihkit/core';
import { errorCode, type LocalizeController } from '../internal/localize.js';

/**
 * What the prescription elements share: the status badge, the items table, findings, allergies
 * and the signature, each rendered from the contract's types in the active locale.
 */

/** The status badge of a prescription (part `status status-<state>`). */
export function renderRxStatus(p: Pick<Prescription, 'status'>, l10n: LocalizeController): TemplateResult {
  return html`<span part="status status-${p.status}" class="status rx-${p.status}">${l10n.msg(`rx.status.${p.status}`)}</span>`;
}

/** A drug's or item's name in the active locale. */
export function drugName(d: { name: string; nameEn?: string }, l10n: LocalizeController): string {
  return l10n.pick(d.name, d.nameEn);
}

/** "5 mg each time, once a day, for 7 days". */
export function usageLine(i: Pick<PrescriptionItem, 'dose' | 'doseUnit' | 'frequency' | 'days'>, l10n: LocalizeController): string {
  return l10n.msg('rx.item.usage', { dose: i.dose, unit: i.doseUnit, frequency: l10n.msg(`rx.freq.${i.frequency}`), days: i.days });
}

function packName(pack: string, l10n: LocalizeController): string {
  const known = ['box', 'bottle', 'tube', 'pen', 'inhaler'] as const;
  return (known as readonly string[]).includes(pack) ? l10n.msg(`rx.pack.${pack as (typeof known)[number]}`) : pack;
}

export interface FindingContext {
  /** The dose unit of the item at an index (for dose limits). */
  unitOf?: (index: number) => string | undefined;
  allergies?: readonly Allergy[];
}

/** The explanation of one finding, with its limit and note. */
export function findingText(f: Finding, l10n: LocalizeController, ctx: FindingContext = {}): string {
  const first = f.items?.[0];
  const unit = (first !== undefined ? ctx.unitOf?.(first) : undefined) ?? '';
  const limit = f.limit ?? '';
  switch (f.code) {
    case 'CONTROLLED_DRUG': {
      // The HIS gave no control class: it counts as controlled, and the doctor is told why.
      if (f.note === 'unknown') return l10n.msg('rx.finding.CONTROLLED_DRUG.unknown');
      const known = ['narcotic', 'psychotropic_1', 'psychotropic_2', 'toxic', 'radioactive', 'precursor'] as const;
      const control = (known as readonly string[]).includes(f.note ?? '') ? l10n.msg(`rx.control.${f.note as (typeof known)[number]}`) : l10n.msg('rx.control.narcotic');
      return l10n.msg('rx.finding.CONTROLLED_DRUG', { control });
    }
    case 'ALLERGY': {
      const a = ctx.allergies?.find((x) => x.group === f.note);
      return l10n.msg('rx.finding.ALLERGY', { allergy: a ? drugName(a, l10n) : (f.note ?? '') });
    }
    case 'INTERACTION':
      return l10n.msg('rx.finding.INTERACTION', { note: l10n.pick(f.note ?? '', f.noteEn) });
    default:
      return l10n.msg(`rx.finding.${f.code}`, { limit, unit });
  }
}

/** Findings that, when they stop a prescription, say the drug must not be given to this patient. */
const CONTRAINDICATIONS: readonly FindingCode[] = ['ALLERGY', 'INTERACTION', 'AGE_RESTRICTED'];

/**
 * How a finding is labelled: `contraindicated` (禁忌) for an allergy, a major interaction or an
 * age limit that stops the prescription; `error` (须修改) for any other rule that stops it;
 * `warning` (提示) for what is shown but does not stop it.
 */
export function findingSeverity(f: Pick<Finding, 'code' | 'level'>): 'contraindicated' | 'error' | 'warning' {
  if (f.level === 'warning') return 'warning';
  return CONTRAINDICATIONS.includes(f.code) ? 'contraindicated' : 'error';
}

/**
 * A list of findings, errors first; `label(f)` may prefix each (e.g. with the drugs it names).
 * Part `findings`; each finding `finding finding-error` (and `finding-contraindicated` for a
 * contraindication) or `finding finding-warning`.
 */
export function renderFindings(findings: readonly Finding[], l10n: LocalizeController, ctx: FindingContext & { label?: (f: Finding) => string | undefined } = {}): TemplateResult {
  const sorted = [...findings].sort((a, b) => Number(a.level === 'warning') - Number(b.level === 'warning'));
  return html`<ul part="findings" class="findings">
    ${sorted.map((f) => {
      const text = findingText(f, l10n, ctx);
      const label = ctx.label?.(f);
      const severity = findingSeverity(f);
      return html`<li part="finding finding-${f.level}${severity === 'contraindicated' ? ' finding-contraindicated' : ''}" class="finding ${f.level}" data-code=${f.code}>
        <span class="finding-level">${l10n.msg(`rx.level.${severity}`)}</span>
        <span>${label ? l10n.msg('rx.finding.items', { items: label, text }) : text}</span>
      </li>`;
    })}
  </ul>`;
}

/** The names of the items a finding is about, for a list outside the items ("A, B"). */
export function findingItemNames(f: Finding, items: readonly { name: string; nameEn?: string }[], l10n: LocalizeController): string | undefined {
  const names = (f.items ?? []).flatMap((i) => (items[i] ? [drugName(items[i], l10n)] : []));
  return names.length ? names.join(l10n.locale === 'en' ? ', ' : '、') : undefined;
}

/** The priced items and their total (part `items`). */
export function renderItemsTable(items: readonly PrescriptionItem[], total: Money, l10n: LocalizeController, caption?: string): TemplateResult {
  return html`<div class="table-wrap">
    <table part="items" class="data-table items">
      ${caption ? html`<caption class="visually-hidden">${caption}</caption>` : nothing}
      <thead>
        <tr>
          <th scope="col">${l10n.msg('rx.col.drug')}</th>
          <th scope="col">${l10n.msg('rx.col.usage')}</th>
          <th scope="col" class="num">${l10n.msg('rx.col.quantity')}</th>
          <th scope="col" class="num">${l10n.msg('rx.col.amount')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (i) => html`<tr part="item">
            <th scope="row"><span class="drug-name">${drugName(i, l10n)}</span> <span class="muted">${i.strength}</span></th>
            <td>${usageLine(i, l10n)}${i.note ? html`<br /><span class="muted">${i.note}</span>` : nothing}</td>
            <td class="num">${l10n.msg('rx.item.quantity', { quantity: i.quantity, pack: packName(i.packUnit, l10n) })}</td>
            <td class="num">${l10n.money(i.amount)}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="3" class="num">${l10n.msg('rx.total')}</th>
          <td part="total" class="num total">${l10n.money(total)}</td>
        </tr>
      </tfoot>
    </table>
  </div>`;
}

/** The patient's allergies (part `allergies`). */
export function renderAllergies(allergies: readonly Allergy[], l10n: LocalizeController): TemplateResult {
  return html`<p part="allergies" class="allergies">
    <span class="allergies-label">${l10n.msg('rx.allergies')}</span>
    ${allergies.length
      ? allergies.map((a) => html`<span class="allergy">${a.reaction ? l10n.msg('rx.allergy', { name: drugName(a, l10n), reaction: l10n.pick(a.reaction, a.reactionEn) }) : drugName(a, l10n)}</span>`)
      : html`<span class="muted">${l10n.msg('rx.allergies.none')}</span>`}
  </p>`;
}

/** The prescribing doctor as signed: their HIS name, with their practising certificate number where the prescription carries it. */
export function prescriber(p: Pick<Prescription, 'doctorName' | 'doctorLicenceNumber'>, l10n: LocalizeController): string {
  return p.doctorLicenceNumber ? l10n.msg('rx.withLicence', { name: p.doctorName, number: p.doctorLicenceNumber }) : p.doctorName;
}

/** The reviewing pharmacist as recorded: their HIS name, with their certificate number where the review carries it. */
export function reviewer(review: NonNullable<Prescription['review']>, l10n: LocalizeController): string {
  return review.pharmacistLicenceNumber ? l10n.msg('rx.withQualification', { name: review.pharmacistName, number: review.pharmacistLicenceNumber }) : review.pharmacistName;
}

/** A short, readable fingerprint of a signature value: 64-bit FNV-1a, as four groups of hex. */
export function signatureFingerprint(value: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < value.length; i++) h = BigInt.asUintN(64, (h ^ BigInt(value.charCodeAt(i))) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0').toUpperCase().match(/.{4}/g)!.join(' ');
}

/** An instant as "2025年5月12日 08:30" / "May 12, 2025, 08:30". */
export function dateTime(at: string, l10n: LocalizeController): string {
  return l10n.format(at, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** The signature's facts (part `signature`): who signed (the doctor, or the reviewing pharmacist) with which certificate. */
export function renderSignature(s: Signature, l10n: LocalizeController, withFingerprint = false, signer: 'doctor' | 'pharmacist' = 'doctor'): TemplateResult {
  return html`<dl part="signature" class="facts signature">
    <dt>${l10n.msg('rx.signature.algorithm')}</dt>
    <dd>${s.algorithm}</dd>
    <dt>${l10n.msg(signer === 'doctor' ? 'rx.signature.signer' : 'rx.signature.pharmacist')}</dt>
    <dd>${s.signer}</dd>
    ${s.certificateSerial
      ? html`<dt>${l10n.msg('rx.signature.certificate')}</dt>
          <dd class="fingerprint serial">${s.certificateSerial.toUpperCase()}</dd>`
      : nothing}
    ${s.issuer ? html`<dt>${l10n.msg('rx.signature.issuer')}</dt><dd>${s.issuer}</dd>` : nothing}
    <dt>${l10n.msg('rx.signature.signedAt')}</dt>
    <dd>${dateTime(s.signedAt, l10n)}</dd>
    <dt>${l10n.msg('rx.signature.status')}</dt>
    <dd class=${s.valid ? 'valid' : 'invalid'}>${l10n.msg(s.valid ? 'rx.signature.valid' : 'rx.signature.invalid')}</dd>
    ${withFingerprint && s.value
      ? html`<dt>${l10n.msg('rx.signature.fingerprint')}</dt>
          <dd class="fingerprint">${signatureFingerprint(s.value)}</dd>`
      : nothing}
  </dl>`;
}

/** The localized message of an error of a prescription call (its own text for INVALID_STATE). */
export function rxError(e: unknown, l10n: LocalizeController): string {
  return errorCode(e) === 'INVALID_STATE' ? l10n.msg('rx.invalidState') : l10n.error(e);
}
