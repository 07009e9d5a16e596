/**
 * Paying through medical insurance in an element's pay step — a prescription (<ih-prescriptions>)
 * or a follow-up consult's fee (<ih-clinic>): the choice where the hospital takes it, the way to
 * the insurer's e-certificate page (and back: insurance-return.ts), the split to confirm before
 * anything is settled (insurance-split.ts), the settlement, and the self-pay part through the
 * element's checkout. A chunk loaded with the checkout's (lazy-checkout.ts `withPart`).
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { insuranceOf, type InsuranceSettlement, type Money } from '@ihkit/core';
import type { IhConfig } from './context.js';
import type { LazyCheckout } from './lazy-checkout.js';
import type { LocalizeController } from './localize.js';
import { renderInsuranceSplit } from './insurance-split.js';
import { insuranceKey, type InsuredKind } from './insurance-return.js';

type Client = IhConfig['client'];
type PaymentMethodList = Parameters<NonNullable<ConstructorParameters<typeof LazyCheckout>[1]['listed']>>[0];

export interface InsurancePayOptions {
  kind: InsuredKind;
  l10n: LocalizeController;
  busy: () => boolean;
  /** The host's runner of one action at a time (busy, the error shown). */
  act: (action: (client: Client) => Promise<void>) => Promise<void>;
  /** The host's checkout: the self-pay part's method and order. */
  checkout: () => Pick<LazyCheckout<InsurancePay>, 'choice' | 'opened' | 'renderMethods'>;
  /** Settled with nothing left to pay: the host reads what was paid again (and moves focus). */
  settled: (client: Client) => Promise<void>;
}

export class InsurancePay {
  /** Whether the hospital settles this kind through insurance (listPaymentMethods). */
  #offered = false;
  #chosen = false;
  #refused = false;
  /** The settlement, once the patient came back from authorising it. */
  settlement?: InsuranceSettlement;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly o: InsurancePayOptions,
  ) {}

  /** The ways to pay were read: whether insurance is offered for this kind. */
  listed(list: PaymentMethodList): void {
    this.#offered = this.o.kind === 'consult' ? list.insurance?.consults === true : list.insurance !== undefined;
    this.host.requestUpdate();
  }

  /** Whether the patient chose insurance (where it is offered): the pay button then goes to authorise. */
  get chosen(): boolean {
    return this.#offered && this.#chosen;
  }

  /** The settlement of `id` the patient is on (to confirm, or settled), if any. */
  of(id: string): InsuranceSettlement | undefined {
    const s = this.settlement;
    return s && (this.o.kind === 'consult' ? s.consultId : s.prescriptionId) === id ? s : undefined;
  }

  #msg = (key: Parameters<LocalizeController['msg']>[0], params?: Parameters<LocalizeController['msg']>[1]) => this.o.l10n.msg(key, params);

  renderChoice(): TemplateResult | typeof nothing {
    if (!this.#offered) return nothing;
    return html`<label part="insurance-choice" class="check insurance-choice">
      <input
        type="checkbox"
        .checked=${this.#chosen}
        @change=${(e: Event) => {
          this.#chosen = (e.target as HTMLInputElement).checked;
          this.host.requestUpdate();
        }}
      />
      <span>${this.#msg('payment.insurance')}<span class="muted option-sub">${this.#msg('payment.insurance.hint')}</span></span>
    </label>`;
  }

  /** The pay button's text while insurance is chosen. */
  payLabel(): string {
    return this.#msg(this.o.busy() ? 'payment.insurance.authorising' : 'payment.insurance.authorise');
  }

  /** To the insurer's e-certificate page (`start` opens the settlement), which sends the patient back to this page. */
  authorise(id: string, start: (client: Client, returnUrl: string) => Promise<InsuranceSettlement>): Promise<void> {
    return this.o.act(async (client) => {
      const started = await start(client, location.href.split('#')[0]!);
      if (!started.authoriseUrl) return;
      sessionStorage.setItem(insuranceKey(this.o.kind), id);
      location.assign(new URL(started.authoriseUrl, location.href).href);
    });
  }

  /** Back from the insurer's page: with a code, the pre-settlement to confirm; without, refused (undefined). */
  async back(client: Client, back: { state: string; code?: string }): Promise<InsuranceSettlement | undefined> {
    this.#refused = !back.code;
    if (!back.code) return undefined;
    this.settlement = await insuranceOf(client).authoriseInsurance({ state: back.state, code: back.code });
    void this.#focus('[part~="insurance-confirm-button"]');
    return this.settlement;
  }

  /** That the authorisation was not completed, after a way back without a code. */
  renderRefused(): TemplateResult | typeof nothing {
    return this.#refused ? html`<p part="insurance-refused" class="muted" role="status">${this.#msg('payment.insurance.refused')}</p>` : nothing;
  }

  /** The patient confirmed the split: settled, then the self-pay part paid as any payment (or nothing left). */
  #settle = () =>
    this.o.act(async (client) => {
      const checkout = this.o.checkout();
      const choice = await checkout.choice();
      this.settlement = await insuranceOf(client).settleInsurance(this.settlement!.id, choice ?? {});
      if (this.settlement.payment?.status === 'pending') return checkout.opened(client, this.settlement.payment);
      await this.o.settled(client);
    });

  /** Pays without insurance instead. */
  #drop = () => {
    this.settlement = undefined;
    this.#chosen = false;
    void this.#focus('[part~="pay-button"]');
  };

  async #focus(selector: string): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** What the insurer pays and what is left (`nameOf`: an item's name by its code). */
  renderSplit(s: InsuranceSettlement, total: Money, nameOf: (code: string) => string): TemplateResult | typeof nothing {
    if (!s.split) return nothing;
    return renderInsuranceSplit({ split: s.split, total, nameOf, msg: this.#msg, money: (m) => this.o.l10n.money(m) });
  }

  /** The split to confirm, the way to pay the self-pay part, and the confirmation. */
  renderConfirm(s: InsuranceSettlement, total: Money, nameOf: (code: string) => string): TemplateResult {
    const selfPay = s.split!.selfPay;
    const busy = this.o.busy();
    return html`<div part="insurance-confirm" class="panel">
      ${this.renderSplit(s, total, nameOf)} ${selfPay.amount > 0 ? this.o.checkout().renderMethods() : nothing}
      <div class="actions">
        <button type="button" part="insurance-confirm-button" class="button primary" aria-disabled=${busy ? 'true' : 'false'} @click=${this.#settle}>
          ${busy
            ? this.#msg('payment.insurance.settling')
            : selfPay.amount > 0
              ? this.#msg('payment.insurance.confirmSelfPay', { amount: this.o.l10n.money(selfPay) })
              : this.#msg('payment.insurance.confirm')}
        </button>
        <button type="button" part="insurance-cancel-button" class="button link" @click=${this.#drop}>${this.#msg('payment.insurance.notUse')}</button>
      </div>
    </div>`;
  }
}
