import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { insuranceOf, newIdempotencyKey, nextConsultStatus, type Condition, type Consult, type Doctor, type Patient, clinicOf } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { viewHeader } from '../internal/view-header.js';
import { ApiController } from '../internal/api-controller.js';
import { errorCode, type StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { FamilyChanges, patientOptions, pendingLabels } from '../internal/patient-options.js';
import { iconAlert } from '../internal/icons.js';
import { clinicStrings, consultErrorStrings, consultStrings } from '../locales/areas.js';
import { LazyCheckout } from '../internal/lazy-checkout.js';
import { backFromInsurer } from '../internal/insurance-return.js';
import type { InsurancePay } from '../internal/insurance-pay.js';
import { ConversationController } from '../consult/conversation.controller.js';
import { renderConversation } from '../consult/conversation.view.js';
import { conditionLine, renderConsultStatus, renderPatientLines } from '../consult/consult-facts.js';
import { createRealtime } from '../consult/default-realtime.js';
import { LiveNotices } from '../internal/live-notices.js';
import { tellSlotted } from '../internal/slotted-consult.js';
import { ViewHistory } from '../internal/view-history.js';
import { CancelConfirm } from '../internal/cancel-confirm.js';
import styles from './clinic.styles.js';
import { CLINIC_STEPS, conditionKey, sortDoctorsFor, type ClinicStep } from './clinic-steps.js';
import { renderConsultRecord, renderReferral, renderWaiting } from './consult-outcome.view.js';
import { renderConditions, renderConsultList, renderDoctors, renderRequestSummary } from './request-options.view.js';

export { CLINIC_STEPS, sortDoctorsFor, type ClinicStep } from './clinic-steps.js';

/**
 * @summary The patient's online follow-up consult: choose a patient, a condition diagnosed in
 * an earlier offline visit, a doctor, describe how they are doing, pay, then talk with the doctor
 * and read the record. Lists the user's earlier consults to reopen one.
 *
 * @event ih-consult-created - A consult was asked for. `detail: { consultId }`.
 * @event ih-consult-paid - Its payment arrived. `detail: { consultId }`.
 * @event ih-consult-cancelled - The patient cancelled it. `detail: { consultId }`.
 * @event ih-consult-completed - The doctor completed it (seen by this element). `detail: { consultId }`.
 * @slot video - Shown in an accepted consult above the conversation: the video consult plugs in
 *   here (`<ih-video-consult call-role="patient" slot="video">`); the clinic sets its `consultId`
 *   to the open consult while a call can be about it, and back to undefined otherwise.
 *
 * @event ih-book-offline - The patient needs an in-person visit (no earlier diagnosis, or the doctor
 *   referred them): the host can show `<ih-booking>`. `detail: { patientId }`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the back button and the heading.
 * @csspart back-button - Goes to the previous step.
 * @csspart heading - The heading of the step (focused on step change).
 * @csspart body - The content of the step.
 * @csspart notice - A note in place of the payment choice when the hospital takes no payments online.
 * @csspart option-list - A list of patients, conditions, doctors or consults.
 * @csspart option - One patient, condition, doctor or consult.
 * @csspart badge - A small label (relation, minor, diagnosing doctor).
 * @csspart consults - The user's earlier consults.
 * @csspart complaint-excerpt - The start of what was asked, in the list of consults.
 * @csspart book-offline-button - Asks the host for an in-person booking.
 * @csspart summary - What the consult is about (a description list).
 * @csspart complaint-input - The complaint text area.
 * @csspart field-error - A validation message.
 * @csspart submit-button - Asks for the consult.
 * @csspart submit-error - Why asking failed.
 * @csspart payment-methods - The choice of how to pay (when the hospital takes more than one way).
 * @csspart payment-method - One way to pay (a radio).
 * @csspart pay-button - Starts the payment.
 * @csspart change-method-button - Back to the choice of how to pay, while a payment is open.
 * @csspart wechat-pay-button - Opens WeChat's payment sheet again (inside WeChat).
 * @csspart sandbox-checkout - The sandbox payment panel.
 * @csspart sandbox-pay-button - Completes a sandbox payment.
 * @csspart checkout-link - The payment provider's checkout page.
 * @csspart paid-check-button - Checks whether the payment arrived.
 * @csspart pay-error - Why paying failed.
 * @csspart insurance-choice - Pay the fee through medical insurance (where the hospital settles consult fees so).
 * @csspart insurance-confirm - The insurer's split, to confirm before it is settled.
 * @csspart insurance-split - What the pooled fund, the personal account and the patient pay.
 * @csspart insurance-confirm-button - Confirms the insurance settlement.
 * @csspart insurance-cancel-button - Pays without insurance instead.
 * @csspart insurance-refused - The insurance authorisation was not completed.
 * @csspart status - The consult's status badge; also `status-<state>`.
 * @csspart patient - The patient line.
 * @csspart guardian - The guardian line of a minor.
 * @csspart waiting - The "waiting for the doctor" panel.
 * @csspart cancel-button - Asks whether to cancel the consult.
 * @csspart cancel-confirm - The question whether to cancel the consult.
 * @csspart cancel-no-button - Keeps the consult.
 * @csspart cancel-yes-button - Cancels the consult.
 * @csspart record - The doctor's record.
 * @csspart referral - The referral panel.
 * @csspart new-button - Starts a new consult.
 * @csspart conversation - The conversation; see conversation.view.ts for its parts (messages,
 *   message, message-input, send-button, attach-button, read-mark, typing, connection, …).
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background (the conversation, panels).
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors, cancel.
 * @cssproperty --ih-color-success - Completed.
 * @cssproperty --ih-color-warning - Guardian line, reconnecting.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhClinic extends IhElement {
  static override styles = styles;
  static override properties = {
    consultId: { attribute: 'consult-id' },
    headingLevel: { attribute: 'heading-level', type: Number },
    noHistory: { attribute: 'no-history', type: Boolean },
    wechatOpenId: { attribute: 'wechat-open-id' },
    step: { state: true },
    patientId: { state: true },
    conditionId: { state: true },
    doctorId: { state: true },
    complaint: { state: true },
    complaintInvalid: { state: true },
    submitting: { state: true },
    submitError: { state: true },
    openId: { state: true },
    latest: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultStrings, clinicStrings, consultErrorStrings];

  protected override get signInHint(): StringKey {
    return 'clinic.signInHint';
  }

  /** Open this consult directly (its id). */
  consultId?: string;

  /** The ARIA level of the step heading, to fit the host page's outline. */
  headingLevel = 3;

  /**
   * Keeps the steps and the open consult out of the browser history, for a host whose router
   * owns it. Without it each is a history entry on the same URL (nothing of the consult in it),
   * so the browser's or WeChat's Back button goes one step back, or from a consult to the list.
   */
  noHistory = false;

  /**
   * The payer's openid in the hospital's WeChat official account, from the host page's WeChat
   * sign-in: inside WeChat it offers WeChat Pay's in-app payment (jsapi).
   */
  wechatOpenId?: string;

  /** The current step. */
  step: ClinicStep = 'patient';
  private patientId?: string;
  private conditionId?: string;
  private doctorId?: string;
  private complaint = '';
  private complaintInvalid = false;
  private submitting = false;
  private submitError?: unknown;
  /** The consult shown, and its newest known state. */
  private openId?: string;
  private latest?: Consult;

  #intent?: { key: string; what: string };
  /** Bumped to load the list of consults again when the user comes back to it. */
  #listRev = 0;
  /** Bumped on each opening, so that a consult opened again (after going back to the list) is loaded again. */
  #openRev = 0;
  #focusHeading = false;

  readonly #cancelling = new CancelConfirm(this);

  readonly #history = new ViewHistory(this, {
    // An open consult sits one above the list (its back button goes there), unless it is the `consult-id` one.
    depth: () => (this.step !== 'consult' ? CLINIC_STEPS.indexOf(this.step) : this.consultId && this.openId === this.consultId ? 0 : 1),
    back: () => this.#back(),
  });

  readonly #patients = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => client.listMyPatients({ signal }).then((r) => r.items),
    isEmpty: (items: Patient[]) => items.length === 0,
  });
  readonly #familyChanges = new FamilyChanges(this, () => this.#patients.refresh());

  readonly #consults = new ApiController(this, {
    args: () => (this.client && this.step === 'patient' ? ([this.client, this.#listRev] as const) : undefined),
    task: ([client], signal) => clinicOf(client).listConsults({}, { signal }).then((r) => r.items),
    isEmpty: (items: Consult[]) => items.length === 0,
  });

  /** The list of consults, read again when one of them changes state (the doctor accepted it, …) or after a reconnect. */
  readonly #liveList = new LiveNotices<string>(
    this,
    () => (this.client ? this.config?.realtime(createRealtime) : undefined),
    (realtime, fn) => realtime.onConsults(fn),
    () => {
      if (this.step === 'patient') void this.#consults.refresh();
    },
  );

  /** Paying the open consult, while it is to be paid; through medical insurance too where the hospital settles consult fees so (its chunk's part). */
  readonly #checkout = new LazyCheckout(this, {
    l10n: this.l10n,
    due: () => (this.step === 'consult' && this.latest?.status === 'requested' ? this.client : undefined),
    busy: () => this.busy,
    openId: () => this.wechatOpenId,
    act: (action) => this.#act((client) => action(client)),
    reread: async (client) => this.#update(await clinicOf(client).getConsult(this.latest!.id)).status !== 'requested',
    paid: () => (this.#focusHeading = true),
    listed: (list) => this.#checkout.part?.listed(list),
    framed: true,
  }, () =>
    import('../internal/insurance-pay.js').then(
      (m): InsurancePay =>
        new m.InsurancePay(this, {
          kind: 'consult',
          l10n: this.l10n,
          busy: () => this.busy,
          act: (action) => this.#act((client) => action(client)),
          checkout: () => this.#checkout,
          settled: async (client) => {
            this.#update(await clinicOf(client).getConsult(this.latest!.id));
            this.#focusHeading = true;
          },
        }),
    ),
  );
  /** Whether the page's address was read for the insurer's return (once). */
  #insuranceReturnRead = false;

  readonly #conditions = new ApiController(this, {
    args: () => (this.client && this.patientId && this.step !== 'patient' ? ([this.client, this.patientId] as const) : undefined),
    task: ([client, patientId], signal) => clinicOf(client).listConditions(patientId, { signal }).then((r) => r.items),
    isEmpty: (items: Condition[]) => items.length === 0,
  });

  readonly #doctors = new ApiController(this, {
    args: () => {
      const dep = this.step === 'consult' ? this.latest?.departmentId : this.#condition?.departmentId;
      return this.client && dep ? ([this.client, dep] as const) : undefined;
    },
    task: ([client, departmentId], signal) => client.listDoctors({ departmentId }, { signal }).then((r) => r.items),
    isEmpty: (items: Doctor[]) => items.length === 0,
  });

  readonly #consult = new ApiController(this, {
    args: () => (this.client && this.openId && this.latest?.id !== this.openId ? ([this.client, this.openId, this.#openRev] as const) : undefined),
    task: ([client, id], signal) => clinicOf(client).getConsult(id, { signal }).then((c) => this.#update(c)),
  });

  readonly #conversation = new ConversationController(this, {
    role: 'patient',
    source: () => {
      const c = this.latest;
      if (!this.client || this.step !== 'consult' || !c || c.id !== this.openId || c.status === 'requested' || c.status === 'cancelled') return undefined;
      return { client: this.client, consult: c, realtime: () => this.config!.realtime(createRealtime) };
    },
    onChanged: () => void this.#refresh(),
  });

  get #condition(): Condition | undefined {
    return this.#conditions.value?.find((c) => conditionKey(c) === this.conditionId);
  }
  get #patient(): Patient | undefined {
    return this.#patients.value?.find((p) => p.id === this.patientId);
  }
  get #doctor(): Doctor | undefined {
    const id = this.step === 'consult' ? this.latest?.doctorId : this.doctorId;
    return this.#doctors.value?.find((d) => d.id === id);
  }

  /** Back to choosing a patient for a new consult. */
  reset(): void {
    this.patientId = this.conditionId = this.doctorId = this.openId = this.latest = undefined;
    this.#checkout.reset();
    this.complaint = '';
    this.complaintInvalid = false;
    this.#cancelling.close();
    this.submitError = this.actionError = undefined;
    this.#intent = undefined;
    this.#listRev++;
    this.#goTo('patient');
  }

  /** Opens one consult (as the `consult-id` attribute does). */
  open(consultId: string): void {
    if (consultId !== this.openId) {
      this.latest = undefined;
      this.#checkout.reset();
      this.actionError = undefined;
      this.#cancelling.close();
    }
    this.openId = consultId;
    this.#openRev++;
    this.#goTo('consult');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('consultId') && this.consultId) this.open(this.consultId);
    if (this.client && !this.#insuranceReturnRead) {
      this.#insuranceReturnRead = true;
      const back = backFromInsurer('consult');
      if (back) this.#insuranceBack(back.id!, back);
    }
  }

  /** Back from the insurer's e-certificate page (insurance-return.ts) to the consult the patient left from: its split to confirm. */
  #insuranceBack(consultId: string, back: { state: string; code?: string }): void {
    this.open(consultId);
    void this.runAction(async () => {
      const pay = await this.#checkout.load().then(() => this.#checkout.part!);
      await this.l10n.ready();
      await pay.back(this.client!, back);
    });
  }

  /** The open consult when a video call can be about it (accepted, in progress). */
  #callable(): string | undefined {
    const c = this.step === 'consult' ? (this.latest ?? (this.#consult.status === 'ready' ? this.#consult.value : undefined)) : undefined;
    return c && c.id === this.openId && (c.status === 'accepted' || c.status === 'in_progress') ? c.id : undefined;
  }

  protected override updated(): void {
    tellSlotted(this, ['video'], this.#callable());
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    }
  }

  #goTo(step: ClinicStep): void {
    this.step = step;
    this.#focusHeading = this.hasUpdated;
  }

  #back(): void {
    const i = CLINIC_STEPS.indexOf(this.step);
    if (this.step === 'consult') return this.reset();
    this.submitError = undefined;
    if (i > 0) this.#goTo(CLINIC_STEPS[i - 1]!);
  }

  /** Keeps the newest state of the open consult, and tells the page what happened to it. */
  #update(c: Consult): Consult {
    const before = this.latest?.id === c.id ? this.latest.status : undefined;
    this.latest = c;
    if (before && before !== c.status) {
      if (c.status === 'paid') emit(this, 'ih-consult-paid', { consultId: c.id });
      if (c.status === 'completed') emit(this, 'ih-consult-completed', { consultId: c.id });
    }
    return c;
  }

  async #refresh(): Promise<void> {
    const client = this.client;
    const id = this.openId;
    if (!client || !id) return;
    try {
      const c = await clinicOf(client).getConsult(id);
      if (id === this.openId) this.#update(c);
    } catch {
      // The next change or a reload shows it; the view keeps the last known state.
    }
  }

  #bookOffline(patientId: string | undefined): void {
    if (patientId) emit(this, 'ih-book-offline', { patientId });
  }

  async #submit(): Promise<void> {
    const client = this.client;
    const condition = this.#condition;
    const text = this.complaint.trim();
    if (!client || !condition || !this.patientId || !this.doctorId || this.submitting) return;
    if (!text) {
      this.complaintInvalid = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="complaint-input"]')?.focus();
      return;
    }
    const body = { patientId: this.patientId, doctorId: this.doctorId, encounterId: condition.encounterId, conditionCode: condition.code, complaint: text };
    const what = JSON.stringify(body);
    if (this.#intent?.what !== what) this.#intent = { key: newIdempotencyKey(), what };
    this.submitting = true;
    this.submitError = undefined;
    try {
      const consult = await clinicOf(client).createConsult(body, { idempotencyKey: this.#intent.key });
      this.#intent = undefined;
      emit(this, 'ih-consult-created', { consultId: consult.id });
      this.openId = consult.id;
      this.#update(consult);
      this.#goTo('consult');
    } catch (e) {
      this.submitError = e;
    } finally {
      this.submitting = false;
    }
  }

  /** Runs an action on the open consult; its error is shown in the consult view. */
  async #act(action: (client: NonNullable<IhElement['client']>, c: Consult) => Promise<void>): Promise<void> {
    const client = this.client;
    const c = this.latest;
    if (!client || !c) return;
    await this.runAction(() => action(client, c));
  }

  #pay = () => {
    const insurance = this.#checkout.part;
    const id = this.latest?.id;
    if (insurance?.chosen && id) return insurance.authorise(id, (client, returnUrl) => insuranceOf(client).startConsultInsurance(id, { returnUrl }));
    return this.#act(async (client, c) => {
      const choice = await this.#checkout.choice();
      await this.#checkout.opened(client, await clinicOf(client).payConsult(c.id, choice));
    });
  };

  #cancel = () =>
    this.#act(async (client, c) => {
      this.#update(await clinicOf(client).cancelConsult(c.id));
      this.#cancelling.close();
      emit(this, 'ih-consult-cancelled', { consultId: c.id });
      this.#focusHeading = true;
    });

  // ——— rendering ———

  protected override render(): TemplateResult {
    const title = this.step === 'consult' && this.latest?.status === 'requested' ? this.msg('clinic.step.pay') : this.msg(`clinic.step.${this.step}`);
    const canGoBack = this.step !== 'patient' && !(this.step === 'consult' && this.consultId && this.openId === this.consultId);
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('clinic.label')}>
      ${viewHeader({ heading: title, level: this.headingLevel, back: canGoBack ? { label: this.msg('common.back'), onClick: this.#back } : undefined })}
      <div part="body" class="body">${this.#renderStep()}</div>
    </section>`;
  }

  #renderStep(): TemplateResult {
    if (!this.config) return this.renderNotConfigured();
    switch (this.step) {
      case 'patient':
        return html`${this.renderApi(this.#patients, (items) => this.#renderPatients(items), () =>
          this.renderNoPatients(),
        )}${this.#renderConsultList()}`;
      case 'condition':
        return this.renderApi(this.#conditions, (items) => this.#renderConditions(items), () => this.#renderNoDiagnosis());
      case 'doctor':
        return this.renderApi(this.#doctors, (items) => this.#renderDoctors(items), () => this.renderEmpty(this.msg('clinic.doctors.empty')));
      case 'complaint':
        return this.#renderComplaint();
      case 'consult':
        return this.latest?.id === this.openId && this.latest
          ? this.#renderConsult(this.latest)
          : this.renderApi(this.#consult, (c) => this.#renderConsult(c), () => this.renderLoading());
    }
  }

  #name(o: { name: string; nameEn?: string }): string {
    return this.l10n.pick(o.name, o.nameEn);
  }

  #renderNoDiagnosis(detail?: string): TemplateResult {
    const action = html`<button type="button" part="book-offline-button" class="button primary" @click=${() => this.#bookOffline(this.patientId)}>
      ${this.msg('clinic.bookOffline')}
    </button>`;
    return this.renderEmpty(this.msg('clinic.conditions.empty'), detail ?? this.msg('clinic.conditions.emptyHint'), action);
  }

  #renderPatients(items: Patient[]): TemplateResult {
    return patientOptions(items, {
      relation: (p) => this.msg(`relation.${p.relation}`),
      minorLabel: this.msg('clinic.patients.minor'),
      pending: pendingLabels((k) => this.msg(k)),
      current: this.patientId,
      onPick: (p) => {
        if (p.id !== this.patientId) this.conditionId = this.doctorId = undefined;
        this.patientId = p.id;
        this.#goTo('condition');
      },
    });
  }

  #renderConsultList(): TemplateResult | typeof nothing {
    const items = this.#consults.status === 'ready' ? this.#consults.value! : [];
    return renderConsultList(items, this.l10n, this.headingLevel + 1, (c) => this.open(c.id));
  }

  #renderConditions(items: Condition[]): TemplateResult {
    return renderConditions(items, this.l10n, (c) => {
      this.conditionId = conditionKey(c);
      this.doctorId = undefined;
      this.#goTo('doctor');
    });
  }

  #renderDoctors(items: Doctor[]): TemplateResult {
    const condition = this.#condition;
    return renderDoctors(condition ? sortDoctorsFor(condition, items) : items, condition?.doctorId, this.l10n, (d) => {
      this.doctorId = d.id;
      this.#goTo('complaint');
    });
  }

  #renderComplaint(): TemplateResult {
    const e = this.submitError;
    if (e !== undefined && errorCode(e) === 'FIRST_VISIT_NOT_ALLOWED') return this.#renderNoDiagnosis(this.l10n.error(e));
    return html`${renderRequestSummary(this.#patient, this.#condition, this.#doctor, this.l10n)}
      <div class="field">
        <label for="complaint">${this.msg('clinic.complaint.label')}</label>
        <textarea
          id="complaint"
          part="complaint-input"
          rows="4"
          maxlength="2000"
          aria-describedby=${this.complaintInvalid ? 'complaint-hint complaint-error' : 'complaint-hint'}
          aria-invalid=${this.complaintInvalid ? 'true' : 'false'}
          aria-required="true"
          .value=${this.complaint}
          @input=${(ev: Event) => {
            this.complaint = (ev.target as HTMLTextAreaElement).value;
            if (this.complaint.trim()) this.complaintInvalid = false;
          }}
        ></textarea>
        <p id="complaint-hint" class="muted">${this.msg('clinic.complaint.hint')}</p>
        ${this.complaintInvalid ? html`<p id="complaint-error" part="field-error" class="field-error">${this.msg('clinic.complaint.required')}</p>` : nothing}
      </div>
      ${e !== undefined
        ? html`<div part="submit-error" class="alert" role="alert">
            ${iconAlert}<p>${errorCode(e) === 'PRACTITIONER_NOT_PERMITTED' ? this.msg('clinic.doctorNotOnline') : this.l10n.error(e)}</p>
          </div>`
        : nothing}
      <div class="actions">
        <button type="button" part="submit-button" class="button primary" aria-disabled=${this.submitting ? 'true' : 'false'} @click=${() => void this.#submit()}>
          ${this.msg(this.submitting ? 'clinic.complaint.submitting' : 'clinic.complaint.submit')}
        </button>
      </div>`;
  }

  #renderConsult(c: Consult): TemplateResult {
    const doctor = this.#doctor;
    return html`<p class="consult-line">${renderConsultStatus(c, this.l10n)} ${doctor ? html`<span>${this.#name(doctor)}</span>` : nothing}</p>
      <dl part="summary" class="facts">
        <dt>${this.msg('clinic.summary.condition')}</dt>
        <dd>${conditionLine(c, this.l10n)}</dd>
        <dt>${this.msg('clinic.summary.patient')}</dt>
        <dd>${renderPatientLines(c, this.l10n)}</dd>
        <dt>${this.msg('clinic.summary.fee')}</dt>
        <dd>${this.l10n.money(c.fee)}</dd>
      </dl>
      ${this.actionError !== undefined ? html`<div part="pay-error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.actionError)}</p></div>` : nothing}
      ${nextConsultStatus(c.status, 'pay') ? this.#renderPay(c) : nothing} ${c.status === 'paid' ? renderWaiting(c, this.l10n) : nothing}
      ${c.record ? renderConsultRecord(c.record, this.l10n, this.headingLevel + 1) : nothing}
      ${c.status === 'referred' ? renderReferral(c, this.l10n, () => this.#bookOffline(c.patient.id)) : nothing}
      ${c.status === 'cancelled' || c.status === 'refunded' ? html`<p class="muted" role="status">${this.msg('clinic.cancelled')}</p>` : nothing}
      ${nextConsultStatus(c.status, 'cancel') ? this.#renderCancel(c) : nothing}
      ${this.#callable() === c.id
        ? html`<!-- Video consult plugs in here (the call engine of @ihkit/video). --><slot name="video" @slotchange=${() => this.requestUpdate()}></slot>`
        : nothing}
      ${this.#conversation.status !== 'idle'
        ? renderConversation(this.#conversation, this.l10n, { status: c.status, notYet: this.msg('consult.chat.notYet'), headingLevel: this.headingLevel + 1 })
        : nothing}
      <div class="actions">
        <button type="button" part="new-button" class="button link" @click=${() => this.reset()}>${this.msg('clinic.new')}</button>
      </div>`;
  }

  #renderPay(c: Consult): TemplateResult | typeof nothing {
    if (!this.#checkout.ready) return this.renderLoading(2);
    const pay = this.#checkout.part!;
    const insurance = pay.of(c.id);
    const nameOf = () => this.msg('payment.insurance.consultFee');
    if (insurance?.status === 'pre-settled') return pay.renderConfirm(insurance, c.fee, nameOf);
    if (this.#checkout.payment) return html`${insurance ? pay.renderSplit(insurance, c.fee, nameOf) : nothing}${this.#checkout.renderOrder()}`;
    if (this.#checkout.unavailable) return this.#checkout.renderMethods();
    return html`${pay.renderRefused()} ${pay.renderChoice()} ${pay.chosen ? nothing : this.#checkout.renderMethods()}
      <div class="actions">
        <button type="button" part="pay-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#pay}>
          ${pay.chosen ? pay.payLabel() : this.busy ? this.msg('payment.starting') : this.msg('payment.start', { amount: this.l10n.money(c.fee) })}
        </button>
      </div>`;
  }

  #renderCancel(c: Consult): TemplateResult {
    const refund = nextConsultStatus(c.status, 'cancel') === 'refunded' ? ` ${this.msg('clinic.cancel.refund')}` : '';
    const words = { cancel: this.msg('clinic.cancel'), question: `${this.msg('clinic.cancel.confirm')}${refund}`, no: this.msg('clinic.cancel.no'), yes: this.msg('clinic.cancel.yes') };
    return this.#cancelling.render(words, this.busy, this.#cancel);
  }
}
