/**
 * What medical insurance pays and what is left for the patient (医保预结算), shown before they
 * confirm: the pooled fund (统筹), the personal account (个人账户) and self-pay (自付), with each
 * drug's coverage class (甲 / 乙 / 丙). Shared by the checkout panels that offer insurance; a
 * chunk of its own, with the strings of paying with insurance (locales/insurance).
 */
import { html, type TemplateResult } from 'lit';
import type { InsuranceSplit, Money } from '@ihkit/core';
import { loadStrings, type MsgParams, type StringKey } from './localize.js';
import { insuranceStrings } from '../locales/insurance/area.js';

// Its strings come with it: <ih-prescriptions> and <ih-clinic> load this module with their chunk of paying (insurance-pay.ts, lazy-checkout.ts) and show their pay step once both are in.
loadStrings(insuranceStrings);

export function renderInsuranceSplit(options: {
  split: InsuranceSplit;
  total: Money;
  /** The name of each item by its code (a drug's id, or a consult's service). */
  nameOf: (code: string) => string;
  msg: (key: StringKey, params?: MsgParams) => string;
  money: (m: Money) => string;
}): TemplateResult {
  const { split, total, nameOf, msg, money } = options;
  const row = (key: StringKey, m: Money, part: string) => html`<div class="split-row" part=${part}><dt>${msg(key)}</dt><dd>${money(m)}</dd></div>`;
  return html`<div part="insurance-split" class="insurance-split" role="group" aria-labelledby="insurance-split-title">
    <p id="insurance-split-title" class="subheading">${msg('payment.insurance.split')}</p>
    <dl class="split-sums">
      ${row('payment.insurance.total', total, 'split-total')} ${row('payment.insurance.pooled', split.pooled, 'split-pooled')}
      ${row('payment.insurance.personal', split.personalAccount, 'split-personal')} ${row('payment.insurance.selfPay', split.selfPay, 'split-self-pay')}
    </dl>
    <ul part="split-items" class="split-items" role="list">
      ${split.items.map(
        (i) => html`<li part="split-item" class="muted">
          ${msg('payment.insurance.item', {
            name: nameOf(i.code),
            category: msg(`payment.insurance.category.${i.category}`),
            pooled: money(i.pooled),
            personal: money(i.personalAccount),
            selfPay: money(i.selfPay),
          })}
        </li>`,
      )}
    </ul>
  </div>`;
}
