import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { insuranceOf, prescriptionAt, prescriptionsOf, type FulfilmentInput, type PickupPoint, type Prescription } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { CancelConfirm } from '../internal/cancel-confirm.js';
import type { StringKey } from '../internal/localize.js';
import { viewHeader } from '../internal/view-header.js';
import { ApiController } from '../internal/api-controller.js';
import { emit } from '../internal/events.js';
import { optionBody } from '../internal/option.js';
import { iconAlert } from '../internal/icons.js';
import { LiveNotices } from '../internal/live-notices.js';
import { createRealtime } from '../consult/default-realtime.js';
import { ExpiryTimer } from '../prescription/expiry-timer.js';
import { ViewHistory } from '../internal/view-history.js';
import { consultStrings, prescriptionErrorStrings, prescriptionStrings, prescriptionsStrings } from '../locales/areas.js';
import { LazyCheckout } from '../internal/lazy-checkout.js';
import { backFromInsurer } from '../internal/insurance-return.js';
import type { InsurancePay } from '../internal/insurance-pay.js';
import { drugName, renderItemsTable, renderRxStatus, rxError } from '../prescription/prescription-facts.js';
import { renderFacts, renderNotice, renderTracking, sortPrescriptions } from './patient-views.js';
import styles from './prescriptions.styles.js';

export { sortPrescriptions, trackingSteps } from './patient-views.js';

/** A mainland mobile number, as the contract's FulfilmentInput requires. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const ADDRESS_FIELDS = ['recipient', 'phone', 'region', 'detail'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type Address = Record<AddressField, string>;
type AddressError = 'required' | 'phone' | 'short';

/** What is wrong with each field of a delivery address (nothing when it is valid). */
export function validateAddress(a: Address): Partial<Record<AddressField, AddressError>> {
  const errors: Partial<Record<AddressField, AddressError>> = {};
  for (const f of ADDRESS_FIELDS) {
    const v = a[f].trim();
    if (!v) errors[f] = 'required';
    else if (f === 'phone' && !MOBILE_PATTERN.test(v)) errors[f] = 'phone';
    else if ((f === 'region' || f === 'detail') && v.length < 2) errors[f] = 'short';
  }
  return errors;
}

const CANCELLABLE: readonly Prescription['status'][] = ['approved', 'paid'];
const PRINTABLE: readonly Prescription['status'][] = ['approved', 'paid', 'dispatched', 'completed'];

type Client = NonNullable<IhElement['client']>;

/**
 * @summary The patient's e-prescriptions: the list (newest first) and one prescription with its
 * drugs, total and validity; once a pharmacist approved it, choose home delivery or pickup at a
 * pharmacy, pay, and follow its progress. Cancel before it is sent out; print the signed
 * prescription. Kept live: what the doctor, the pharmacist and the pharmacy do shows at once
 * (an open prescription stays open, a delivery address being typed stays), and one that runs
 * out of validity unpaid shows expired at that moment.
 *
 * @event ih-prescription-paid - Its payment arrived. `detail: { prescriptionId }`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the back button and the heading.
 * @csspart back-button - Back to the list.
 * @csspart heading - The heading (focused on view change).
 * @csspart list - The prescriptions.
 * @csspart list-item - One prescription in the list (also `option`).
 * @csspart status - A status badge; also `status-<state>`.
 * @csspart facts - Doctor, diagnosis, dates.
 * @csspart valid-until - Until when it can be paid and dispensed.
 * @csspart number - The prescription's number (处方号), in the list and the details.
 * @csspart items - The drugs (a table).
 * @csspart item - One drug.
 * @csspart total - The total.
 * @csspart notice - A note on the state (waiting for review, expired, cancelled …).
 * @csspart fulfilment - How to receive it: method, address or pickup point.
 * @csspart method - The method radio group.
 * @csspart address - The address fields.
 * @csspart address-input - One address field.
 * @csspart field-error - A validation message.
 * @csspart pickup-points - The pickup point radio group.
 * @csspart pickup-point - One pickup point.
 * @csspart payment-methods - The choice of how to pay (when the hospital takes more than one way).
 * @csspart payment-method - One way to pay (a radio).
 * @csspart pay-button - Starts paying.
 * @csspart change-method-button - Back to the choice of how to pay, while a payment is open.
 * @csspart wechat-pay-button - Opens WeChat's payment sheet again (inside WeChat).
 * @csspart sandbox-checkout - The sandbox payment panel.
 * @csspart sandbox-pay-button - Completes a sandbox payment.
 * @csspart checkout-link - The provider's page.
 * @csspart paid-check-button - Checks whether the payment arrived.
 * @csspart insurance-choice - Pay through medical insurance (where the hospital takes it).
 * @csspart insurance-confirm - The insurer's split, to confirm before it is settled.
 * @csspart insurance-split - What the pooled fund, the personal account and the patient pay.
 * @csspart split-total - The total, in the split.
 * @csspart split-pooled - The pooled fund's part (统筹).
 * @csspart split-personal - The personal account's part (个人账户).
 * @csspart split-self-pay - What is left for the patient (自付).
 * @csspart split-items - Each drug's coverage.
 * @csspart split-item - One drug's coverage.
 * @csspart insurance-confirm-button - Confirms the insurance settlement.
 * @csspart insurance-cancel-button - Pays without insurance instead.
 * @csspart pay-error - Why an action failed.
 * @csspart tracking - The progress steps.
 * @csspart step - One tracking step; also `step-done`, `step-current`.
 * @csspart tracking-no - The courier's tracking number.
 * @csspart cancel-button - Asks whether to cancel the prescription.
 * @csspart cancel-confirm - The question whether to cancel the prescription.
 * @csspart cancel-no-button - Keeps the prescription.
 * @csspart cancel-yes-button - Cancels the prescription.
 * @csspart prescriber - The prescribing doctor, with their practising certificate number.
 * @csspart reviewer - The pharmacist who approved it, with their certificate number.
 * @csspart print-button - Opens the print view and prints.
 * @csspart print-view - The print-friendly prescription.
 * @csspart review-signature - In the print view: the pharmacist's signature of the approval.
 * @csspart verification-code - In the print view: the code that checks both signatures at the hospital.
 * @csspart print-close-button - Closes the print view.
 * @csspart message - A confirmation line.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors, expired, cancelled.
 * @cssproperty --ih-color-success - Approved, done steps.
 * @cssproperty --ih-color-warning - Returned.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhPrescriptions extends IhElement {
  static override styles = styles;
  static override properties = {
    prescriptionId: { attribute: 'prescription-id' },
    hospitalName: { attribute: 'hospital-name' },
    headingLevel: { attribute: 'heading-level', type: Number },
    trackSeconds: { attribute: 'track-seconds', type: Number },
    noHistory: { attribute: 'no-history', type: Boolean },
    wechatOpenId: { attribute: 'wechat-open-id' },
    openId: { state: true },
    latest: { state: true },
    method: { state: true },
    address: { state: true },
    addressErrors: { state: true },
    pickupPointId: { state: true },
    pickupInvalid: { state: true },
    printing: { state: true },
    message: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultStrings, prescriptionStrings, prescriptionsStrings, prescriptionErrorStrings];

  protected override get signInHint(): StringKey {
    return 'rxPatient.signInHint';
  }

  /** Open this prescription directly (its id). */
  prescriptionId?: string;
  /** The hospital's name, printed at the top of the print view. */
  hospitalName?: string;
  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;
  /** While the open prescription is at the pharmacy, its progress is fetched again this often (seconds; 0: never). */
  trackSeconds = 30;
  /**
   * Keeps the open prescription out of the browser history, for a host whose router owns it.
   * Without it opening one is a history entry on the same URL (nothing of the prescription in
   * it), so the browser's or WeChat's Back button goes back to the list.
   */
  noHistory = false;
  /**
   * The payer's openid in the hospital's WeChat official account, from the host page's WeChat
   * sign-in: inside WeChat it offers WeChat Pay's in-app payment (jsapi).
   */
  wechatOpenId?: string;

  /** The way to pay the patient picked (provider/channel). */
  private openId?: string;
  private latest?: Prescription;
  private method: 'delivery' | 'pickup' = 'delivery';
  private address: Address = { recipient: '', phone: '', region: '', detail: '' };
  private addressErrors: Partial<Record<AddressField, AddressError>> = {};
  private pickupPointId?: string;
  private pickupInvalid = false;
  private printing = false;
  private message?: string;
  /** Whether the page's address was read for the insurer's return (once). */
  #insuranceReturnRead = false;

  #focus?: string;
  readonly #cancelling = new CancelConfirm(this);
  /** The print view, once loaded (its own chunk). */
  #printView?: typeof import('./print-view.js').renderPrintView;
  #listRev = 0;
  /** Bumped on each opening, so that one opened again (after going back to the list) is loaded again. */
  #openRev = 0;

  readonly #history = new ViewHistory(this, {
    depth: () => (this.#canGoBack ? 1 : 0),
    back: () => this.#back(),
  });

  readonly #list = new ApiController(this, {
    args: () => (this.client && !this.openId ? ([this.client, this.#listRev] as const) : undefined),
    task: ([client], signal) => prescriptionsOf(client).listPrescriptions({}, { signal }).then((r) => sortPrescriptions(r.items)),
    isEmpty: (items: Prescription[]) => items.length === 0,
  });

  readonly #one = new ApiController(this, {
    args: () => (this.client && this.openId && this.latest?.id !== this.openId ? ([this.client, this.openId, this.#openRev] as const) : undefined),
    task: ([client, id], signal) => prescriptionsOf(client).getPrescription(id, { signal }).then((p) => (this.latest = p)),
  });

  /** The list or the open prescription, read again when the gateway says one changed (or after a reconnect). */
  readonly #live = new LiveNotices<string>(
    this,
    () => (this.client ? this.config?.realtime(createRealtime) : undefined),
    (realtime, fn) => realtime.onPrescription(fn),
    (id) => {
      if (!this.openId) void this.#list.refresh();
      else if (!id || id === this.openId) void this.#refresh();
    },
  );

  /** What is on screen turns expired at the end of its validity; then the gateway is asked again. */
  readonly #expiry = new ExpiryTimer(
    this,
    () => (this.openId ? (this.latest ? [this.latest] : []) : this.#list.status === 'ready' ? (this.#list.value ?? []) : []),
    () => (this.openId ? void this.#refresh() : void this.#list.refresh()),
  );

  /** Paying the open prescription, while it is to be paid; the insurer's split (and the strings of insurance) come with its chunk. */
  readonly #checkout = new LazyCheckout(this, {
    l10n: this.l10n,
    due: () => (this.openId && this.latest?.status === 'approved' ? this.client : undefined),
    busy: () => this.busy,
    openId: () => this.wechatOpenId,
    act: (action) => this.#act((client) => action(client)),
    reread: async (client) => this.#update(await prescriptionsOf(client).getPrescription(this.latest!.id)).status !== 'approved',
    paid: () => (this.#focus = '[part~="message"]'),
    listed: (list) => this.#checkout.part?.listed(list),
    framed: true,
  }, () =>
    import('../internal/insurance-pay.js').then(
      (m): InsurancePay =>
        new m.InsurancePay(this, {
          kind: 'prescription',
          l10n: this.l10n,
          busy: () => this.busy,
          act: (action) => this.#act((client) => action(client)),
          checkout: () => this.#checkout,
          settled: async (client) => {
            this.#update(await prescriptionsOf(client).getPrescription(this.latest!.id));
            this.#focus = '[part~="message"]';
          },
        }),
    ),
  );

  readonly #points = new ApiController(this, {
    args: () => (this.client && this.latest?.status === 'approved' && this.method === 'pickup' ? ([this.client] as const) : undefined),
    task: ([client], signal) => prescriptionsOf(client).listPickupPoints({ signal }).then((r) => r.items),
    isEmpty: (items: PickupPoint[]) => items.length === 0,
  });

  /** Opens one prescription (as the `prescription-id` attribute does). */
  open(prescriptionId: string): void {
    if (prescriptionId !== this.openId) {
      this.latest = undefined;
      this.#checkout.reset();
      this.actionError = this.message = undefined;
      this.addressErrors = {};
      this.pickupInvalid = this.printing = false;
      this.#cancelling.close();
    }
    this.openId = prescriptionId;
    this.#openRev++;
    this.#focus = '[part~="heading"]';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('prescriptionId') && this.prescriptionId) this.open(this.prescriptionId);
    if (this.client && !this.#insuranceReturnRead) {
      this.#insuranceReturnRead = true;
      const back = backFromInsurer('prescription');
      if (back) this.#insuranceBack(back);
    }
  }

  /**
   * Back from the insurer's e-certificate page with its state and code (insurance-return.ts):
   * handed to the gateway, which answers the pre-settlement to confirm, on the prescription the
   * patient left from.
   */
  #insuranceBack(back: NonNullable<ReturnType<typeof backFromInsurer>>): void {
    if (back.id) this.open(back.id);
    void this.runAction(async () => {
      const pay = await this.#checkout.load().then(() => this.#checkout.part!); // the strings of insurance (and its errors' messages) come with the chunk of paying
      await this.l10n.ready();
      const settlement = await pay.back(this.client!, back);
      if (!settlement) this.message = this.msg('payment.insurance.refused');
      else if (settlement.prescriptionId) this.open(settlement.prescriptionId);
    });
  }

  protected override updated(): void {
    if (this.#focus && this.hasUpdated) {
      this.renderRoot.querySelector<HTMLElement>(this.#focus)?.focus();
      this.#focus = undefined;
    }
    this.#track();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tracker);
    this.#tracker = undefined;
  }

  #tracker?: ReturnType<typeof setInterval>;

  /** Follows a prescription at the pharmacy (paid or dispatched) while it is open. */
  #track(): void {
    const atPharmacy = this.trackSeconds > 0 && (this.latest?.status === 'paid' || this.latest?.status === 'dispatched');
    if (atPharmacy && !this.#tracker) this.#tracker = setInterval(() => void this.#refresh(), this.trackSeconds * 1000);
    if (!atPharmacy && this.#tracker) {
      clearInterval(this.#tracker);
      this.#tracker = undefined;
    }
  }

  async #refresh(): Promise<void> {
    const client = this.client;
    const p = this.latest;
    if (!client || !p || this.busy) return;
    try {
      this.#update(await prescriptionsOf(client).getPrescription(p.id));
    } catch {
      // The last known status stays on screen; the next tick tries again.
    }
  }

  /** A prescription other than the `prescription-id` one is open: back goes to the list. */
  get #canGoBack(): boolean {
    return !!this.openId && this.openId !== this.prescriptionId;
  }

  #back(): void {
    const id = this.openId;
    this.openId = this.latest = undefined;
    this.#checkout.reset();
    this.printing = false;
    this.#listRev++;
    this.#focus = id ? `[data-prescription="${id}"]` : '[part~="heading"]';
  }

  /** Keeps the newest state of the open prescription, and tells the page when it was paid. */
  #update(p: Prescription): Prescription {
    const before = this.latest?.id === p.id ? this.latest.status : undefined;
    this.latest = p;
    if (before && before !== p.status) this.message = undefined; // "being prepared" no longer holds once it moved on
    if (before === 'approved' && p.status === 'paid') {
      this.message = this.msg('rxPatient.paid');
      emit(this, 'ih-prescription-paid', { prescriptionId: p.id });
    }
    return p;
  }

  async #act(action: (client: Client, p: Prescription) => Promise<void>): Promise<void> {
    const client = this.client;
    const p = this.latest;
    if (!client || !p) return;
    await this.runAction(() => action(client, p));
  }

  /** The fulfilment as chosen, or undefined (with the errors shown) when something is missing. */
  #fulfilment(): FulfilmentInput | undefined {
    if (this.method === 'pickup') {
      this.pickupInvalid = !this.pickupPointId;
      if (this.pickupInvalid) this.#focus = '[part~="pickup-point"] input';
      return this.pickupPointId ? { method: 'pickup', pickupPointId: this.pickupPointId } : undefined;
    }
    this.addressErrors = validateAddress(this.address);
    const first = ADDRESS_FIELDS.find((f) => this.addressErrors[f]);
    if (first) {
      this.#focus = `#address-${first}`;
      return undefined;
    }
    const a = this.address;
    return { method: 'delivery', address: { recipient: a.recipient.trim(), phone: a.phone.trim(), region: a.region.trim(), detail: a.detail.trim() } };
  }

  #pay = () => {
    const fulfilment = this.#fulfilment();
    if (!fulfilment) return this.requestUpdate();
    const insurance = this.#checkout.part;
    if (insurance?.chosen) return insurance.authorise(this.latest!.id, (client, returnUrl) => insuranceOf(client).startPrescriptionInsurance(this.latest!.id, { fulfilment, returnUrl }));
    return this.#act(async (client, p) => {
      const choice = await this.#checkout.choice();
      await this.#checkout.opened(client, await prescriptionsOf(client).payPrescription(p.id, { fulfilment, ...choice }));
    });
  };

  #cancel = () =>
    this.#act(async (client, p) => {
      this.#update(await prescriptionsOf(client).cancelPrescription(p.id));
      this.#cancelling.close();
      this.#checkout.reset();
      this.#focus = '[part~="heading"]';
    });

  async #print(): Promise<void> {
    this.#printView ??= (await import('./print-view.js')).renderPrintView;
    this.printing = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="print-view"]')?.focus();
    window.print();
  }

  #closePrint = () => {
    this.printing = false;
    this.#focus = '[part~="print-button"]';
  };

  // ——— rendering ———

  protected override render(): TemplateResult {
    const p = this.openId ? this.latest : undefined;
    return html`<section part="base" class=${this.printing ? 'printing' : ''} lang=${this.l10n.locale} aria-label=${this.msg('rxPatient.label')}>
      <div class="screen-only">
        ${viewHeader({
          heading: p ? `${this.msg('rxPatient.detail')} · ${p.diagnosis.name}` : this.msg('rxPatient.label'),
          level: this.headingLevel,
          back: this.#canGoBack ? { label: this.msg('rxPatient.back'), onClick: this.#back } : undefined,
        })}
        ${this.#renderBody()}
      </div>
      ${this.printing && p && this.#printView ? this.#printView(p, { l10n: this.l10n, hospitalName: this.hospitalName, close: this.#closePrint }) : nothing}
    </section>`;
  }

  #renderBody(): TemplateResult {
    if (!this.openId) return this.renderApi(this.#list, (items) => this.#renderList(items), () => this.renderEmpty(this.msg('rxPatient.empty'), this.msg('rxPatient.emptyHint')));
    const p = this.latest;
    if (!p || p.id !== this.openId) return this.renderApi(this.#one, () => this.renderLoading(), () => this.renderLoading());
    return this.#renderDetail(prescriptionAt(p, Date.now()));
  }

  #renderList(items: Prescription[]): TemplateResult {
    const now = Date.now();
    return html`<ul part="list" class="options" role="list">
      ${repeat(
        items.map((p) => prescriptionAt(p, now)),
        (p) => p.id, // a live update keeps each prescription's button (and focus) its own
        (p) => html`<li>
          <button type="button" part="list-item option" class="option" data-prescription=${p.id} @click=${() => this.open(p.id)}>
            ${optionBody(
              html`${p.diagnosis.name} ${renderRxStatus(p, this.l10n)}`,
              html`${p.patient.name} · ${this.msg('rxPatient.line', { doctor: p.doctorName, date: this.l10n.date(p.issuedAt, true) })} · ${this.l10n.money(p.total)}`,
              html`<span part="number">${this.msg('rx.number')} ${p.number}</span> · ${p.items.map((i) => drugName(i, this.l10n)).join(this.l10n.locale === 'en' ? ', ' : '、')}`,
            )}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #renderDetail(p: Prescription): TemplateResult {
    return html`<p class="status-line">${renderRxStatus(p, this.l10n)}</p>
      ${renderFacts(p, this.l10n)} ${renderItemsTable(p.items, p.total, this.l10n, this.msg('rx.col.drug'))}
      <p part="message" class="message-line" role="status" tabindex="-1">${this.message ?? ''}</p>
      ${renderNotice(p, this.l10n)}
      ${this.actionError !== undefined ? html`<div part="pay-error" class="alert" role="alert">${iconAlert}<p>${rxError(this.actionError, this.l10n)}</p></div>` : nothing}
      ${p.status === 'approved' ? this.#renderPayStep(p) : nothing}
      ${p.fulfilment && (p.status === 'paid' || p.status === 'dispatched' || p.status === 'completed') ? renderTracking(p.fulfilment, this.l10n) : nothing}
      <div class="actions">
        ${PRINTABLE.includes(p.status)
          ? html`<button type="button" part="print-button" class="button" @click=${() => void this.#print()}>${this.msg('rxPatient.print')}</button>`
          : nothing}
      </div>
      ${CANCELLABLE.includes(p.status) ? this.#renderCancel(p) : nothing}`;
  }

  /** Paying an approved prescription: the insurer's split to confirm, the checkout, or the fulfilment and the choice of how to pay. */
  #renderPayStep(p: Prescription): TemplateResult {
    if (!this.#checkout.ready) return this.renderLoading(2);
    const pay = this.#checkout.part!;
    const insurance = pay.of(p.id);
    const names = new Map(p.items.map((i) => [i.drugId, drugName(i, this.l10n)]));
    const nameOf = (code: string) => names.get(code) ?? code;
    if (insurance?.status === 'pre-settled') return pay.renderConfirm(insurance, p.total, nameOf);
    if (this.#checkout.payment) return html`${insurance ? pay.renderSplit(insurance, p.total, nameOf) : nothing}${this.#checkout.renderOrder()}`;
    return this.#renderFulfilment(p);
  }

  #renderFulfilment(p: Prescription): TemplateResult {
    return html`<div part="fulfilment" class="panel">
      <fieldset part="method" class="choice">
        <legend class="subheading">${this.msg('rxPatient.fulfil')}</legend>
        ${(['delivery', 'pickup'] as const).map(
          (m) => html`<label class="check">
            <input type="radio" name="method" value=${m} .checked=${this.method === m} @change=${() => (this.method = m)} />
            ${this.msg(`rxPatient.${m}`)}
          </label>`,
        )}
      </fieldset>
      ${this.method === 'delivery' ? this.#renderAddress() : this.#renderPoints()}
      ${this.#checkout.part!.renderChoice()} ${this.#checkout.part!.chosen ? nothing : this.#checkout.renderMethods()}
      <div class="actions">
        <button type="button" part="pay-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#pay}>
          ${this.#checkout.part!.chosen
            ? this.#checkout.part!.payLabel()
            : this.busy
              ? this.msg('payment.starting')
              : this.msg('payment.start', { amount: this.l10n.money(p.total) })}
        </button>
      </div>
    </div>`;
  }

  #renderAddress(): TemplateResult {
    const label = (f: AddressField) => this.msg(f === 'detail' ? 'rxPatient.detailAddress' : `rxPatient.${f}`);
    const input = (f: AddressField, type: string, autocomplete: string, extra?: TemplateResult) => {
      const error = this.addressErrors[f];
      const described = [extra ? `address-${f}-hint` : '', error ? `address-${f}-error` : ''].filter(Boolean).join(' ');
      const text =
        error === 'phone' ? this.msg('rxPatient.phoneInvalid') : error === 'short' ? this.msg('rxPatient.tooShort', { field: label(f) }) : this.msg('rxPatient.required', { field: label(f) });
      return html`<div class="field">
        <label for="address-${f}">${label(f)}</label>
        <input
          id="address-${f}"
          part="address-input"
          name=${f}
          type=${type}
          autocomplete=${autocomplete}
          aria-required="true"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          maxlength=${f === 'detail' ? 200 : f === 'region' ? 100 : f === 'phone' ? 11 : 50}
          .value=${this.address[f]}
          @input=${(e: Event) => {
            this.address = { ...this.address, [f]: (e.target as HTMLInputElement).value };
            if (error && !validateAddress(this.address)[f]) this.addressErrors = { ...this.addressErrors, [f]: undefined };
          }}
        />
        ${extra ?? nothing} ${error ? html`<p id="address-${f}-error" part="field-error" class="field-error">${text}</p>` : nothing}
      </div>`;
    };
    return html`<div part="address" class="address">
      ${input('recipient', 'text', 'name')} ${input('phone', 'tel', 'tel-national')}
      ${input('region', 'text', 'address-level1', html`<p id="address-region-hint" class="muted">${this.msg('rxPatient.regionHint')}</p>`)}
      ${input('detail', 'text', 'street-address')}
    </div>`;
  }

  #renderPoints(): TemplateResult {
    return html`<fieldset part="pickup-points" class="choice points" aria-describedby=${this.pickupInvalid ? 'points-error' : nothing}>
      <legend class="subheading">${this.msg('rxPatient.points')}</legend>
      ${this.renderApi(
        this.#points,
        (points) => html`${points.map(
          (pp) => html`<label part="pickup-point" class="point">
            <input
              type="radio"
              name="pickup-point"
              value=${pp.id}
              .checked=${this.pickupPointId === pp.id}
              @change=${() => {
                this.pickupPointId = pp.id;
                this.pickupInvalid = false;
              }}
            />
            <span class="point-main">
              <span class="option-title">${this.l10n.pick(pp.name, pp.nameEn)}</span>
              <span class="option-sub">${this.l10n.pick(pp.address, pp.addressEn)}${pp.hours ? ` · ${this.msg('rxPatient.hours', { hours: pp.hours })}` : ''}</span>
            </span>
          </label>`,
        )}`,
        () => html`<p class="muted">${this.msg('rxPatient.points.empty')}</p>`,
        2,
      )}
      ${this.pickupInvalid ? html`<p id="points-error" part="field-error" class="field-error">${this.msg('rxPatient.points.required')}</p>` : nothing}
    </fieldset>`;
  }

  #renderCancel(p: Prescription): TemplateResult {
    const refund = p.status === 'paid' ? ` ${this.msg('rxPatient.refunded')}` : '';
    const words = { cancel: this.msg('rxPatient.cancel'), question: `${this.msg('rxPatient.cancel.confirm')}${refund}`, no: this.msg('rxPatient.cancel.no'), yes: this.msg('rxPatient.cancel.yes') };
    return this.#cancelling.render(words, this.busy, this.#cancel);
  }
}
