import { html, nothing, type TemplateResult } from 'lit';
import { nextConsultStatus, type Consult, type ConsultRecordInput, type Encounter, clinicOf } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { Ticker } from '../internal/ticker.js';
import type { StringKey } from '../internal/localize.js';
import { viewHeader } from '../internal/view-header.js';
import { ApiController } from '../internal/api-controller.js';
import { emit } from '../internal/events.js';
import { optionBody } from '../internal/option.js';
import { iconAlert } from '../internal/icons.js';
import { reasonField } from '../internal/reason-field.js';
import type { Realtime } from '../internal/context.js';
import { consultErrorStrings, consultStrings, reportsErrorStrings, reportsStrings } from '../locales/areas.js';
import { deskStrings, practitionerStrings } from '../locales/staff/area.js';
import { PractitionerStanding, renderPractitionerNotice } from '../internal/practitioner.js';
import { errorCode } from '../internal/localize.js';
import { ConversationController } from '../consult/conversation.controller.js';
import { renderConversation } from '../consult/conversation.view.js';
import { conditionLine, renderConsultStatus, renderPatientLines } from '../consult/consult-facts.js';
import { createRealtime } from '../consult/default-realtime.js';
import { formatWaiting, minutesSince } from './waiting-time.js';
import { tellSlotted } from '../internal/slotted-consult.js';
import { alertWords, CriticalAlertsController } from './critical-alerts.js';
import { BANNER_TARGET, renderAlertAnnouncement, renderAlertBanner, renderAlertsPanel } from './critical-alerts.view.js';
import { AlertTitleController } from './alert-title.js';
import { playAlertTone } from './alert-tone.js';
import { InViewController } from './in-view.js';
import styles from './doctor-desk.styles.js';

/** The consults a doctor works on: paid (waiting), accepted, in progress. */
export const QUEUE_STATUSES = 'paid,accepted,in_progress';
const RECORD_FIELDS = ['complaint', 'diagnosis', 'advice'] as const;
type RecordField = (typeof RECORD_FIELDS)[number];

/**
 * @summary The doctor's online clinic: the queue of paid consults with their waiting time, kept
 * live; accept one, read the patient's earlier diagnoses, chat, then complete it with the record
 * or end it as needing an in-person visit. A doctor the hospital has not permitted to practise
 * online (互联网诊疗权限) is told so plainly, with the reason and dates, instead of the accept button. Critical lab results of tests the doctor ordered
 * appear the moment the laboratory reports them, until acknowledged: in a panel at the top of
 * the desk, in a banner at the top of the screen wherever the doctor has scrolled, in the page
 * title (unless `keep-title`) and, with `alert-sound`, as a short tone.
 *
 * @event ih-consult-accepted - The doctor accepted a consult. `detail: { consultId }`.
 * @event ih-consult-completed - The doctor completed a consult with its record. `detail: { consultId }`.
 * @event ih-consult-referred - The doctor sent the patient to an in-person visit. `detail: { consultId }`.
 *
 * @slot prescribing - Shown in the consult view below the record form: e-prescription plugs in here
 *   (`<ih-prescription-editor slot="prescribing">`). The desk sets `consultId` on each element
 *   in this slot to the open consult, and back to undefined when the doctor returns to the queue.
 * @slot video - Shown in the consult view above the conversation: the video consult plugs in here
 *   (`<ih-video-consult call-role="doctor" slot="video">`); the desk sets its `consultId` as for `prescribing`.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the back button and the heading.
 * @csspart back-button - Back to the queue.
 * @csspart heading - The heading (focused when the view changes).
 * @csspart queue - The list of consults.
 * @csspart queue-item - One consult in the queue (also `option`).
 * @csspart waited - How long a consult has waited since it was paid.
 * @csspart paid-at - When a waiting consult was paid.
 * @csspart accepted-at - When an accepted consult was accepted.
 * @csspart complaint-excerpt - The start of what the patient wrote, in a queue row.
 * @csspart status - A consult's status badge; also `status-<state>`.
 * @csspart patient - The patient line.
 * @csspart guardian - The guardian line of a minor.
 * @csspart complaint - The patient's complaint.
 * @csspart accept-button - Accepts the consult (not shown while the doctor may not practise online).
 * @csspart practitioner-notice - Why the signed-in doctor cannot take consults now: no internet-practice permission, or not yet or no longer valid (their HIS record, read when the desk opens and again after a refusal).
 * @csspart history - The patient's earlier visits and diagnoses.
 * @csspart record-form - The record form.
 * @csspart record-input - One field of the record form.
 * @csspart field-error - A validation message.
 * @csspart complete-button - Completes the consult.
 * @csspart refer-button - Opens the referral form.
 * @csspart refer-form - The referral form.
 * @csspart refer-input - The reason.
 * @csspart refer-submit-button - Ends the consult as referred.
 * @csspart refer-cancel-button - Closes the referral form.
 * @csspart action-error - Why an action failed.
 * @csspart message - The confirmation after completing or referring.
 * @csspart conversation - The conversation; see conversation.view.ts for its parts.
 * @csspart alerts - The critical-value alerts panel (new ones are also announced).
 * @csspart alert-item - One alert; also `alert-item-acknowledged`.
 * @csspart alert-acknowledge-button - Acknowledges an alert.
 * @csspart alert-acknowledged - Who acknowledged it and when.
 * @csspart alerts-clear-button - Hides the acknowledged alerts.
 * @csspart alerts-more-button - Shows the alerts beyond the first three, or only those again.
 * @csspart alert-banner - The banner at the top of the screen while an open alert is out of view.
 * @csspart alert-banner-more - How many other alerts are open.
 * @csspart alert-banner-view-button - Scrolls to the panel.
 * @csspart alert-banner-acknowledge-button - Acknowledges the alert the banner names.
 * @csspart flag - A result's flag (arrow and words).
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
 * @cssproperty --ih-color-danger - Errors.
 * @cssproperty --ih-color-success - Completed.
 * @cssproperty --ih-color-warning - Guardian line, reconnecting.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 * @cssproperty --ih-alert-banner-top - How far below the top of the screen the alert banner stays (default 0px).
 */
export class IhDoctorDesk extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    alertSound: { attribute: 'alert-sound', type: Boolean },
    keepTitle: { attribute: 'keep-title', type: Boolean },
    queue: { state: true },
    openId: { state: true },
    latest: { state: true },
    record: { state: true },
    recordErrors: { state: true },
    referring: { state: true },
    referReason: { state: true },
    referInvalid: { state: true },
    message: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, consultStrings, deskStrings, consultErrorStrings, reportsStrings, reportsErrorStrings, practitionerStrings];

  protected override get signInHint(): StringKey {
    return 'desk.signInHint';
  }

  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;
  /**
   * Play a short tone (Web Audio, no file) when a critical value arrives; silent where the
   * browser blocks audio until the page is used.
   */
  alertSound = false;
  /** Leave the page title alone (for pages that manage it); else it shows "(1) 危急值 · …" while alerts are open. */
  keepTitle = false;

  /** The queue as last loaded (kept while a live refresh runs). */
  private queue?: Consult[];
  private openId?: string;
  private latest?: Consult;
  private record: ConsultRecordInput = { complaint: '', diagnosis: '', advice: '' };
  private recordErrors: RecordField[] = [];
  private referring = false;
  private referReason = '';
  private referInvalid = false;
  private message?: string;

  readonly #focus = new FocusAfterUpdate(this);
  /** The waiting times move on every minute. */
  readonly #ticker = new Ticker(this, 60_000);
  #live?: { realtime: Realtime; stop: () => void };

  readonly #queue = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => clinicOf(client).listConsults({ status: QUEUE_STATUSES }, { signal }).then((r) => (this.queue = r.items)),
    isEmpty: (items: Consult[]) => items.length === 0,
  });

  readonly #consult = new ApiController(this, {
    args: () => (this.client && this.openId && this.latest?.id !== this.openId ? ([this.client, this.openId] as const) : undefined),
    task: ([client, id], signal) => clinicOf(client).getConsult(id, { signal }).then((c) => (this.latest = c)),
  });

  readonly #history = new ApiController(this, {
    args: () => (this.client && this.openId ? ([this.client, this.openId] as const) : undefined),
    task: ([client, id], signal) => clinicOf(client).getConsultHistory(id, { signal }).then((r) => r.items),
    isEmpty: (items: Encounter[]) => items.length === 0,
  });

  /** Whether the doctor may practise online today (their HIS record): said plainly when not. */
  readonly #standing: PractitionerStanding = new PractitionerStanding(this, () => this.client);

  readonly #alerts = new CriticalAlertsController(this, {
    source: () => ({ client: this.client, realtime: this.#realtime() }),
    announce: (arrived) => this.msg('desk.alerts.arrived', { alerts: arrived.map((a) => alertWords(a, this.l10n)).join(this.l10n.locale === 'en' ? '; ' : '；') }),
    arrived: () => {
      if (this.alertSound) playAlertTone();
    },
  });

  /** Whether the alert the banner would name is in view in the panel. */
  readonly #alertInView: InViewController = new InViewController(this, () => this.renderRoot.querySelector(BANNER_TARGET));

  readonly #title = new AlertTitleController(this, () => {
    const count = this.#alerts.open.length;
    return this.keepTitle || !count ? undefined : this.msg('desk.alerts.pageTitle', { count });
  });

  readonly #conversation = new ConversationController(this, {
    role: 'doctor',
    source: () => {
      const c = this.latest;
      if (!this.client || !c || c.id !== this.openId) return undefined;
      return { client: this.client, consult: c, realtime: () => this.#realtime()! };
    },
    onChanged: () => void this.#refresh(),
  });

  #realtime(): Realtime | undefined {
    return this.client ? this.config?.realtime(createRealtime) : undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#live?.stop();
    this.#live = undefined;
  }

  /** Tells the elements in the `prescribing` and `video` slots which consult is open. */
  #syncSlotted(): void {
    tellSlotted(this, ['prescribing', 'video'], this.openId);
  }

  protected override updated(): void {
    this.#syncSlotted();
    // Follow queue changes on the page's live connection (a new one when the client changes).
    const realtime = this.#realtime();
    if (realtime !== this.#live?.realtime) {
      this.#live?.stop();
      this.#live = realtime ? { realtime, stop: realtime.onQueue(() => void this.#refreshQueue()) } : undefined;
    }
  }

  async #refreshQueue(): Promise<void> {
    try {
      if (this.client) this.queue = (await clinicOf(this.client).listConsults({ status: QUEUE_STATUSES })).items;
    } catch {
      // Keep the last queue; the next change or a reload brings it up to date.
    }
  }

  async #refresh(): Promise<void> {
    const id = this.openId;
    try {
      const c = this.client && id ? await clinicOf(this.client).getConsult(id) : undefined;
      if (c && id === this.openId) this.latest = c;
    } catch {
      // The view keeps the last known state.
    }
  }

  #open(c: Consult): void {
    this.openId = c.id;
    this.latest = c;
    this.record = { complaint: '', diagnosis: '', advice: '' };
    this.recordErrors = [];
    this.referring = this.referInvalid = false;
    this.referReason = '';
    this.actionError = this.message = undefined;
    this.#focus.next('[part~="heading"]');
  }

  #backToQueue(): void {
    const id = this.openId;
    this.openId = this.latest = undefined;
    this.#focus.next(id ? `[data-consult="${id}"]` : '[part~="heading"]');
    void this.#refreshQueue();
  }

  async #act(action: (client: NonNullable<IhElement['client']>, c: Consult) => Promise<Consult>, done: (c: Consult) => void): Promise<void> {
    const client = this.client;
    const c = this.latest;
    if (!client || !c) return;
    await this.runAction(async () => {
      this.latest = await action(client, c);
      done(this.latest);
      void this.#refreshQueue();
    });
    // Refused for who they are (a permission withdrawn meanwhile): read why, and say it instead.
    if (errorCode(this.actionError) === 'PRACTITIONER_NOT_PERMITTED') await this.#standing.check();
  }

  #accept = () =>
    this.#act(
      (client, c) => clinicOf(client).acceptConsult(c.id),
      (c) => {
        emit(this, 'ih-consult-accepted', { consultId: c.id });
        this.#focus.next('[part~="message-input"]');
      },
    );

  #complete = () => {
    const missing = RECORD_FIELDS.filter((f) => !this.record[f].trim());
    this.recordErrors = missing;
    if (missing.length) {
      this.#focus.next(`#record-${missing[0]}`);
      return;
    }
    const body = { complaint: this.record.complaint.trim(), diagnosis: this.record.diagnosis.trim(), advice: this.record.advice.trim() };
    return this.#act(
      (client, c) => clinicOf(client).completeConsult(c.id, body),
      (c) => {
        this.message = this.msg('desk.completed');
        emit(this, 'ih-consult-completed', { consultId: c.id });
        this.#focus.next('[part~="message"]');
      },
    );
  };

  #refer = () => {
    const reason = this.referReason.trim();
    this.referInvalid = !reason;
    if (!reason) {
      this.#focus.next('#refer-reason');
      return;
    }
    return this.#act(
      (client, c) => clinicOf(client).referConsult(c.id, { reason }),
      (c) => {
        this.referring = false;
        this.message = this.msg(`consult.status.${c.status}`);
        emit(this, 'ih-consult-referred', { consultId: c.id });
        this.#focus.next('[part~="message"]');
      },
    );
  };

  // ——— rendering ———

  protected override render(): TemplateResult {
    const c = this.openId ? this.latest : undefined;
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('desk.label')}>
      ${renderAlertBanner(this.#alerts, this.l10n, !this.#alertInView.inView)}
      ${viewHeader({
        heading: c ? `${c.patient.name} · ${c.condition.name}` : this.msg('desk.queue'),
        level: this.headingLevel,
        back: this.openId ? { label: this.msg('desk.back'), onClick: this.#backToQueue } : undefined,
      })}
      ${renderAlertAnnouncement(this.#alerts)} ${renderAlertsPanel(this.#alerts, this.l10n)}
      ${renderPractitionerNotice(this.#standing.refused, 'doctor', this.l10n)}
      ${this.openId ? this.#renderOpen() : this.#renderQueueState()}
    </section>`;
  }

  #renderQueueState(): TemplateResult {
    const empty = () => this.renderEmpty(this.msg('desk.queue.empty'), this.msg('desk.queue.emptyHint'));
    if (this.queue && this.config?.session.signedIn) return this.queue.length ? this.#renderQueue(this.queue) : empty();
    return this.renderApi(this.#queue, (items) => this.#renderQueue(items), empty);
  }

  /**
   * One row per consult, saying what tells it from the others: who and about what (with the
   * status), when it was paid and how long it has waited, or when it was accepted, and the
   * start of what the patient wrote.
   */
  #renderQueue(items: Consult[]): TemplateResult {
    const now = Date.now();
    return html`<ul part="queue" class="options" role="list">
      ${items.map((c) => {
        const who = this.msg('consult.genderAge', { gender: this.msg(`consult.gender.${c.patient.gender}`), age: c.patient.age });
        const when =
          c.status === 'paid' && c.paidAt
            ? html` · <span part="paid-at">${this.msg('desk.paidAt', { time: this.l10n.clock(c.paidAt) })}</span> ·
                <span part="waited">${this.msg('desk.waited', { duration: formatWaiting(minutesSince(c.paidAt, now), this.l10n.locale) })}</span>`
            : c.acceptedAt
              ? html` · <span part="accepted-at">${this.msg('desk.acceptedAt', { time: this.l10n.clock(c.acceptedAt) })}</span>`
              : nothing;
        return html`<li>
          <button type="button" part="queue-item option" class="option" data-consult=${c.id} @click=${() => this.#open(c)}>
            ${optionBody(
              html`${c.patient.name} · ${c.condition.name} ${renderConsultStatus(c, this.l10n)}`,
              html`${who}${when}`,
              html`<span part="complaint-excerpt" class="excerpt">${c.complaint}</span>`,
            )}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  #renderOpen(): TemplateResult {
    const c = this.latest;
    if (!c || c.id !== this.openId) return this.renderApi(this.#consult, () => this.renderLoading(), () => this.renderLoading());
    const level = this.headingLevel + 1;
    return html`<p class="consult-line">${renderConsultStatus(c, this.l10n)}</p>
      ${renderPatientLines(c, this.l10n)}
      <p class="muted">${conditionLine(c, this.l10n)}</p>
      <div class="subheading" role="heading" aria-level=${level}>${this.msg('desk.complaint')}</div>
      <p part="complaint" class="complaint">${c.complaint}</p>
      <p part="message" class="message-line" role="status" tabindex="-1">${this.message ?? ''}</p>
      ${this.actionError !== undefined && !(errorCode(this.actionError) === 'PRACTITIONER_NOT_PERMITTED' && this.#standing.refused)
        ? html`<div part="action-error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.actionError)}</p></div>`
        : nothing}
      ${nextConsultStatus(c.status, 'accept') && !this.#standing.refused
        ? html`<div class="actions">
            <button type="button" part="accept-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#accept}>
              ${this.msg(this.busy ? 'desk.accepting' : 'desk.accept')}
            </button>
          </div>`
        : nothing}
      ${c.status === 'accepted' ? html`<p class="muted">${this.msg('desk.startHint')}</p>` : nothing}
      <details part="history" class="panel" open>
        <summary class="subheading">${this.msg('desk.history')}</summary>
        ${this.renderApi(this.#history, (items) => this.#renderHistory(items), () => html`<p class="muted">${this.msg('desk.history.empty')}</p>`, 1)}
      </details>
      <!-- Video consult plugs in here (the call engine of @ihkit/video). -->
      <slot name="video" @slotchange=${() => this.#syncSlotted()}></slot>
      ${renderConversation(this.#conversation, this.l10n, { status: c.status, notYet: this.msg('desk.chatAfterAccept'), headingLevel: level })}
      ${nextConsultStatus(c.status, 'complete') ? this.#renderRecordForm(level) : nothing}
      <!-- E-prescription plugs in here (prescribe, sign, pharmacist review). -->
      <slot name="prescribing" @slotchange=${() => this.#syncSlotted()}></slot>
      ${nextConsultStatus(c.status, 'refer') ? this.#renderRefer() : nothing}`;
  }

  #renderHistory(items: Encounter[]): TemplateResult {
    return html`<ul class="history">
      ${items.map(
        (e) => html`<li>
          <span class="muted">${this.l10n.calendarDate(e.date, { year: 'numeric', month: 'short', day: 'numeric' })} · ${this.msg(`desk.history.kind.${e.kind}`)}</span>
          ${e.diagnoses.map((d) => html`<span class="diagnosis">${d.name} (${d.code})</span>`)}
        </li>`,
      )}
    </ul>`;
  }

  #renderRecordForm(level: number): TemplateResult {
    const field = (f: RecordField, rows: number) => {
      const invalid = this.recordErrors.includes(f);
      const label = this.msg(`desk.record.${f}`);
      return html`<div class="field">
        <label for="record-${f}">${label}</label>
        <textarea
          id="record-${f}"
          part="record-input"
          rows=${rows}
          aria-required="true"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${invalid ? `record-${f}-error` : nothing}
          .value=${this.record[f]}
          @input=${(e: Event) => {
            this.record = { ...this.record, [f]: (e.target as HTMLTextAreaElement).value };
            if (invalid && this.record[f].trim()) this.recordErrors = this.recordErrors.filter((x) => x !== f);
          }}
        ></textarea>
        ${invalid ? html`<p id="record-${f}-error" part="field-error" class="field-error">${this.msg('desk.record.required', { field: label })}</p>` : nothing}
      </div>`;
    };
    return html`<form part="record-form" class="panel" novalidate aria-labelledby="record-heading" @submit=${(e: Event) => (e.preventDefault(), void this.#complete())}>
      <div class="subheading" role="heading" aria-level=${level} id="record-heading">${this.msg('desk.record')}</div>
      ${field('complaint', 2)} ${field('diagnosis', 2)} ${field('advice', 3)}
      <div class="actions">
        <button type="submit" part="complete-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.msg(this.busy ? 'desk.record.submitting' : 'desk.record.submit')}
        </button>
      </div>
    </form>`;
  }

  #renderRefer(): TemplateResult {
    if (!this.referring) {
      return html`<div class="actions">
        <button
          type="button"
          part="refer-button"
          class="button danger"
          @click=${() => {
            this.referring = true;
            this.#focus.next('#refer-reason');
          }}
        >
          ${this.msg('desk.refer')}
        </button>
      </div>`;
    }
    return html`<form part="refer-form" class="panel" novalidate @submit=${(e: Event) => (e.preventDefault(), void this.#refer())}>
      ${reasonField({
        id: 'refer-reason',
        part: 'refer-input',
        label: this.msg('desk.refer.reason'),
        requiredText: this.msg('desk.refer.required'),
        value: this.referReason,
        invalid: this.referInvalid,
        rows: 2,
        onInput: (value) => {
          this.referReason = value;
          if (value.trim()) this.referInvalid = false;
        },
      })}
      <div class="actions">
        <button
          type="button"
          part="refer-cancel-button"
          class="button"
          @click=${() => {
            this.referring = false;
            this.#focus.next('[part~="refer-button"]');
          }}
        >
          ${this.msg('desk.refer.cancel')}
        </button>
        <button type="submit" part="refer-submit-button" class="button danger" aria-disabled=${this.busy ? 'true' : 'false'}>${this.msg('desk.refer.submit')}</button>
      </div>
    </form>`;
  }
}
