import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { isIhError, prescriptionAt, prescriptionsOf, type Finding, type Prescription } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { Ticker } from '../internal/ticker.js';
import { errorCode, type StringKey } from '../internal/localize.js';
import { viewHeader } from '../internal/view-header.js';
import { ApiController } from '../internal/api-controller.js';
import { emit } from '../internal/events.js';
import { optionBody } from '../internal/option.js';
import { iconAlert } from '../internal/icons.js';
import { reasonField } from '../internal/reason-field.js';
import { LiveNotices } from '../internal/live-notices.js';
import { PractitionerStanding, renderPractitionerNotice } from '../internal/practitioner.js';
import { createRealtime } from '../consult/default-realtime.js';
import { ExpiryTimer } from '../prescription/expiry-timer.js';
import { consultStrings, prescriptionErrorStrings, prescriptionStrings } from '../locales/areas.js';
import { pharmacistReviewStrings, practitionerStrings } from '../locales/staff/area.js';
import { formatWaiting, minutesSince } from '../doctor-desk/waiting-time.js';
import { dateTime, findingItemNames, prescriber, renderAllergies, renderFindings, renderItemsTable, renderRxStatus, renderSignature, reviewer, rxError } from '../prescription/prescription-facts.js';
import { SignatureFollowing } from '../prescription/signature-following.js';
import styles from './pharmacist-review.styles.js';

/** Oldest first: the review queue is worked in the order prescriptions were signed. */
export function sortQueue(items: readonly Prescription[]): Prescription[] {
  return [...items].sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
}

/**
 * @summary The pharmacist's review: the queue of signed prescriptions waiting for review,
 * oldest first with their waiting time; open one to see the patient, diagnosis, drugs,
 * allergies, what the checks found at signing and the doctor's signature, then approve it
 * (with an optional note) or return it to the doctor with a reason. The queue is kept live:
 * a prescription the doctor signs appears at once, one another pharmacist decided, the
 * patient cancelled or that expired leaves it; an open prescription stays open (and a reason
 * being typed stays) while it changes.
 *
 * @event ih-prescription-reviewed - A decision was made. `detail: { prescriptionId, decision }`,
 *   `decision` being `approved` or `returned`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the back or refresh button and the heading.
 * @csspart heading - The heading (focused when the view changes).
 * @csspart back-button - Back to the queue.
 * @csspart refresh-button - Loads the queue again.
 * @csspart queue - The list of prescriptions.
 * @csspart queue-item - One prescription in the queue (also `option`).
 * @csspart waited - How long one has waited since it was signed.
 * @csspart status - A prescription's status badge; also `status-<state>`.
 * @csspart facts - Number, patient, diagnosis, doctor, kind, validity.
 * @csspart prescriber - The prescribing doctor, with their practising certificate number.
 * @csspart reviewer - The pharmacist who decided, with their certificate number.
 * @csspart number - The prescription's number (处方号) in the facts.
 * @csspart patient - The patient line of the facts.
 * @csspart items - The drugs (a table).
 * @csspart item - One drug.
 * @csspart total - The total.
 * @csspart allergies - The patient's allergies.
 * @csspart findings - What the checks found.
 * @csspart finding - One finding; also `finding-error` (with `finding-contraindicated` for an allergy, a major interaction or an age limit) or `finding-warning`.
 * @csspart signature - The signature facts.
 * @csspart decision - The approve and return controls.
 * @csspart practitioner-notice - Why the signed-in pharmacist cannot review now (no qualification, or not yet or no longer valid), in place of the controls.
 * @csspart note-input - The optional approval note.
 * @csspart approve-button - Approves the prescription.
 * @csspart sign-on-phone - While the approval or return waits for the pharmacist to confirm its signature on their phone.
 * @csspart return-button - Opens the return form.
 * @csspart return-form - The return form.
 * @csspart reason-input - The reason.
 * @csspart return-submit-button - Returns the prescription to the doctor.
 * @csspart return-cancel-button - Closes the return form.
 * @csspart field-error - A validation message.
 * @csspart action-error - Why a decision failed.
 * @csspart message - The confirmation after a decision.
 * @csspart loading - The loading skeleton.
 * @csspart empty - The empty queue.
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
 * @cssproperty --ih-color-danger - Errors, allergies.
 * @cssproperty --ih-color-success - Approved, a valid signature.
 * @cssproperty --ih-color-warning - Warnings, waiting time.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhPharmacistReview extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    openId: { state: true },
    latest: { state: true },
    note: { state: true },
    returning: { state: true },
    reason: { state: true },
    reasonInvalid: { state: true },
    message: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultStrings, prescriptionStrings, pharmacistReviewStrings, prescriptionErrorStrings, practitionerStrings];

  protected override get signInHint(): StringKey {
    return 'rxReview.signInHint';
  }

  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;

  private openId?: string;
  private latest?: Prescription;
  private note = '';
  private returning = false;
  private reason = '';
  private reasonInvalid = false;
  private message?: string;

  readonly #focus = new FocusAfterUpdate(this);
  /** The waiting times move on every minute. */
  readonly #ticker = new Ticker(this, 60_000);

  readonly #queue = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => prescriptionsOf(client).listPrescriptions({ status: 'pending_review' }, { signal }).then((r) => sortQueue(r.items)),
    isEmpty: (items: Prescription[]) => items.length === 0,
  });

  readonly #prescription = new ApiController(this, {
    args: () => (this.client && this.openId ? ([this.client, this.openId] as const) : undefined),
    task: ([client, id], signal) =>
      prescriptionsOf(client).getPrescription(id, { signal }).then((p) => {
        // Opened (after a reload, say) while the pharmacist confirms their review on their phone: followed again.
        this.#signing.resume(p, 'review');
        return (this.latest = p);
      }),
  });

  /** The review waiting for the pharmacist on their phone (the gateway answered 202), followed until it ends. */
  readonly #signing = new SignatureFollowing(this, this.l10n, () => this.config, (outcome) => (isIhError(outcome) ? (this.actionError = outcome) : outcome.id === this.openId && this.#decided(outcome)));

  /** Deciding: the call on its way, or its signature waiting on the phone. */
  get #waiting(): boolean {
    return this.busy || !!this.#signing.pending;
  }

  /** The queue, or the open prescription, read again when the gateway says one changed (or after a reconnect). */
  readonly #live = new LiveNotices<string>(
    this,
    () => (this.client ? this.config?.realtime(createRealtime) : undefined),
    (realtime, fn) => realtime.onPrescription(fn),
    (id) => {
      if (!this.openId) void this.#queue.refresh();
      else if (!id || id === this.openId) void this.#refreshOpen();
    },
  );

  /** Whether the pharmacist may review now: said plainly, in place of the controls, when not. */
  readonly #standing: PractitionerStanding = new PractitionerStanding(this, () => this.client);

  /** A prescription waiting for review that runs out of validity leaves the queue then. */
  readonly #expiry = new ExpiryTimer(this, () => (this.openId ? (this.latest ? [this.latest] : []) : (this.#queue.value ?? [])));

  /** The open prescription as the gateway has it now; the view and what is being typed stay. */
  async #refreshOpen(): Promise<void> {
    const id = this.openId;
    try {
      const p = this.client && id ? await prescriptionsOf(this.client).getPrescription(id) : undefined;
      if (p && id === this.openId && !this.#waiting) this.latest = p;
    } catch {
      // The last known state stays on screen.
    }
  }


  /** Loads the queue again. */
  refresh(): Promise<void> {
    return this.#queue.run();
  }

  #open(p: Prescription): void {
    this.openId = p.id;
    this.latest = undefined;
    this.note = this.reason = '';
    this.returning = this.reasonInvalid = false;
    this.actionError = this.message = undefined;
    this.#focus.next('[part~="heading"]');
  }

  #backToQueue(): void {
    const id = this.openId;
    this.openId = this.latest = undefined;
    this.#focus.next(id ? `[data-prescription="${id}"]` : '[part~="heading"]');
    void this.#queue.run().then(() => {
      if (!this.renderRoot.querySelector(`[data-prescription="${id}"]`)) this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    });
  }

  async #decide(decision: 'approved' | 'returned'): Promise<void> {
    const client = this.client;
    const p = this.latest;
    if (!client || !p || this.#waiting) return;
    let body: { note?: string; reason?: string } = {};
    if (decision === 'returned') {
      const reason = this.reason.trim();
      this.reasonInvalid = !reason;
      if (!reason) {
        this.#focus.next('#return-reason');
        return this.requestUpdate();
      }
      body = { reason };
    } else if (this.note.trim()) {
      body = { note: this.note.trim() };
    }
    await this.runAction(async () => {
      const rx = prescriptionsOf(client);
      const answer = decision === 'approved' ? await rx.approvePrescription(p.id, body, { respondAsync: true }) : await rx.returnPrescription(p.id, { reason: body.reason! }, { respondAsync: true });
      // Waiting for the pharmacist's phone: followed, the note or reason kept until it is signed.
      if (!this.#signing.accepted(answer)) this.#decided(answer);
    });
    // Refused for who they are (a qualification withdrawn meanwhile): read why, and say it instead.
    if (errorCode(this.actionError) === 'PRACTITIONER_NOT_PERMITTED') await this.#standing.check();
  }

  #decided(p: Prescription): void {
    const decision = p.status === 'returned' ? 'returned' : 'approved';
    this.latest = p;
    this.returning = false;
    this.message = this.msg(decision === 'approved' ? 'rxReview.approved' : 'rxReview.returned');
    emit(this, 'ih-prescription-reviewed', { prescriptionId: p.id, decision });
    this.#focus.next('[part~="message"]');
  }

  // ——— rendering ———

  protected override render(): TemplateResult {
    const p = this.openId ? this.latest : undefined;
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('rxReview.label')}>
      ${viewHeader({
        heading: p ? `${p.patient.name} · ${p.diagnosis.name}` : this.msg('rxReview.queue'),
        level: this.headingLevel,
        back: this.openId ? { label: this.msg('rxReview.back'), onClick: this.#backToQueue } : undefined,
        end:
          !this.openId && this.config?.session.signedIn
            ? html`<button type="button" part="refresh-button" class="button" aria-disabled=${this.#queue.status === 'loading' ? 'true' : 'false'} @click=${() => void this.refresh()}>
                ${this.msg('rxReview.refresh')}
              </button>`
            : nothing,
      })}
      ${renderPractitionerNotice(this.#standing.refused, 'pharmacist', this.l10n)} ${this.openId ? this.#renderOpen() : this.#renderQueueState()}
    </section>`;
  }

  #renderQueueState(): TemplateResult {
    const empty = () => this.renderEmpty(this.msg('rxReview.queue.empty'), this.msg('rxReview.queue.emptyHint'));
    const now = Date.now();
    return this.renderApi(
      this.#queue,
      (items) => {
        const waiting = items.filter((p) => prescriptionAt(p, now).status === 'pending_review');
        return waiting.length ? this.#renderQueue(waiting, now) : empty();
      },
      empty,
    );
  }

  #renderQueue(items: Prescription[], now: number): TemplateResult {
    return html`<ul part="queue" class="options" role="list">
      ${repeat(
        items,
        (p) => p.id, // a live update keeps each prescription's button (and focus) its own
        (p) => html`<li>
          <button type="button" part="queue-item option" class="option" data-prescription=${p.id} @click=${() => this.#open(p)}>
            ${optionBody(html`${p.patient.name} · ${p.diagnosis.name} ${renderRxStatus(p, this.l10n)}`, html`${this.msg('rx.number')} ${p.number} · ${p.doctorName} · ${this.msg('rxReview.drugCount', { count: p.items.length })} · ${this.l10n.money(p.total)} ·
                <span part="waited">${this.msg('rxReview.waited', { duration: formatWaiting(minutesSince(p.issuedAt, now), this.l10n.locale) })}</span>`)}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #renderOpen(): TemplateResult {
    const p = this.latest && prescriptionAt(this.latest, Date.now());
    if (!p || p.id !== this.openId) return this.renderApi(this.#prescription, () => this.renderLoading(), () => this.renderLoading());
    const level = this.headingLevel + 1;
    const unknown = this.msg('common.unknown');
    const kind = p.urgent ? 'rx.kind.urgent' : p.chronic ? 'rx.kind.chronic' : 'rx.kind.ordinary';
    const patient = this.msg('consult.patientLine', { name: p.patient.name, gender: this.msg(`consult.gender.${p.patient.gender}`), age: p.patient.age });
    return html`<p class="status-line">${renderRxStatus(p, this.l10n)} <span class="muted">${this.msg('rx.version', { version: p.version })}</span></p>
      <dl part="facts" class="facts">
        <dt>${this.msg('rx.number')}</dt>
        <dd part="number">${p.number}</dd>
        <dt>${this.msg('rx.patient')}</dt>
        <dd part="patient">${patient}${p.patient.weightKg ? ` · ${this.msg('rx.weight', { kg: p.patient.weightKg })}` : ''}</dd>
        <dt>${this.msg('rx.diagnosis')}</dt>
        <dd>${p.diagnosis.name} (${p.diagnosis.code})</dd>
        <dt>${this.msg('rx.doctor')}</dt>
        <dd part="prescriber">${prescriber(p, this.l10n)}</dd>
        <dt>${this.msg('rx.issuedAt')}</dt>
        <dd>${dateTime(p.issuedAt, this.l10n)}</dd>
        <dt>${this.msg('rx.kind')}</dt>
        <dd>${this.msg(kind)}${p.guardianPresent ? ` · ${this.msg('rx.guardianPresent')}` : ''}</dd>
        ${p.longSupplyReason ? html`<dt>${this.msg('rx.longSupplyReason')}</dt><dd>${p.longSupplyReason}</dd>` : nothing}
        <dt>${this.msg('rx.validUntil')}</dt>
        <dd>${dateTime(p.validUntil, this.l10n)}</dd>
        ${p.review?.reason ? html`<dt>${this.msg('rx.review.reason')}</dt><dd>${p.review.reason}</dd>` : nothing}
        ${p.review?.note ? html`<dt>${this.msg('rx.review.note')}</dt><dd>${p.review.note}</dd>` : nothing}
        ${p.review ? html`<dt>${this.msg('rx.review.by')}</dt><dd part="reviewer">${p.review.pharmacistName ? reviewer(p.review, this.l10n) : unknown}</dd>` : nothing}
      </dl>
      ${renderItemsTable(p.items, p.total, this.l10n, this.msg('rx.col.drug'))} ${renderAllergies(p.allergies, this.l10n)}
      <div class="subheading" role="heading" aria-level=${level}>${this.msg('rx.findings')}</div>
      ${p.findings.length ? this.#renderFindings(p, p.findings) : html`<p class="muted">${this.msg('rx.findings.none')}</p>`}
      <div class="subheading" role="heading" aria-level=${level}>${this.msg('rx.signature')}</div>
      ${renderSignature(p.signature, this.l10n, true)}
      <p part="message" class="message-line" role="status" tabindex="-1">${this.message ?? ''}</p>
      ${this.#renderActionError(p)} ${p.status === 'pending_review' ? (this.#standing.refused ? nothing : this.#renderDecision()) : this.message ? nothing : html`<p class="muted">${this.msg('rxReview.decided')}</p>`}`;
  }

  #renderFindings(p: Prescription, findings: readonly Finding[]): TemplateResult {
    return renderFindings(findings, this.l10n, { unitOf: (i) => p.items[i]?.doseUnit, allergies: p.allergies, label: (f) => findingItemNames(f, p.items, this.l10n) });
  }

  #renderActionError(p: Prescription): TemplateResult | typeof nothing {
    const e = this.actionError;
    if (e === undefined) return nothing;
    if (errorCode(e) === 'PRACTITIONER_NOT_PERMITTED' && this.#standing.refused) return nothing; // the notice says why
    if (isIhError(e) && e.code === 'PRESCRIPTION_CHECK_FAILED' && e.findings.length) {
      return html`<div part="action-error" class="alert block" role="alert">
        ${iconAlert}
        <div><p>${this.msg('rxReview.checkFailed')}</p>${this.#renderFindings(p, e.findings)}</div>
      </div>`;
    }
    return html`<div part="action-error" class="alert" role="alert">${iconAlert}<p>${rxError(e, this.l10n)}</p></div>`;
  }

  #renderDecision(): TemplateResult {
    const busy = this.#waiting ? 'true' : 'false';
    return html`<div part="decision" class="panel">
      ${this.returning
        ? html`<form part="return-form" novalidate @submit=${(e: Event) => (e.preventDefault(), void this.#decide('returned'))}>
            ${reasonField({
              id: 'return-reason',
              part: 'reason-input',
              label: this.msg('rxReview.return.reason'),
              requiredText: this.msg('rxReview.return.required'),
              value: this.reason,
              invalid: this.reasonInvalid,
              onInput: (value) => {
                this.reason = value;
                if (value.trim()) this.reasonInvalid = false;
              },
            })}
            <div class="actions">
              <button
                type="button"
                part="return-cancel-button"
                class="button"
                @click=${() => {
                  this.returning = this.reasonInvalid = false;
                  this.#focus.next('[part~="return-button"]');
                }}
              >
                ${this.msg('rxReview.return.cancel')}
              </button>
              <button type="submit" part="return-submit-button" class="button danger" aria-disabled=${busy}>${this.msg('rxReview.return.submit')}</button>
            </div>
          </form>`
        : html`<form novalidate @submit=${(e: Event) => (e.preventDefault(), void this.#decide('approved'))}>
            <div class="field">
              <label for="approve-note">${this.msg('rxReview.approve.note')}</label>
              <textarea id="approve-note" part="note-input" rows="2" maxlength="500" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
            </div>
            <div class="actions">
              <button type="submit" part="approve-button" class="button primary" aria-disabled=${busy}>${this.msg(this.#waiting ? 'rxReview.approving' : 'rxReview.approve')}</button>
              <button
                type="button"
                part="return-button"
                class="button danger"
                @click=${() => {
                  this.returning = true;
                  this.actionError = undefined;
                  this.#focus.next('#return-reason');
                }}
              >
                ${this.msg('rxReview.return')}
              </button>
            </div>
          </form>`}
      ${this.#signing.view?.()}
    </div>`;
  }
}
