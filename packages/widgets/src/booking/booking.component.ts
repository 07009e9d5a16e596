import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  addDays,
  localDate,
  newIdempotencyKey,
  slotState,
  type Appointment,
  type Department,
  type Doctor,
  type ErrorCode,
  type Patient,
  type Slot,
} from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { errorCode, type StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { handleRovingKey } from '../internal/roving-focus.js';
import { FamilyChanges } from '../internal/patient-options.js';
import { ViewHistory } from '../internal/view-history.js';
import { iconAlert, iconBack, iconChevron } from '../internal/icons.js';
import { bookingStrings, bookingErrorStrings } from '../locales/areas.js';
import { DateStrip } from './date-strip.js';
import { renderConfirm, renderDepartments, renderDoctors, renderDone, renderPatients, renderSummary, type BookingFacts } from './choices.view.js';
import { daysOf, renderDate, renderSlots } from './time.view.js';
import { BOOKING_DAYS, BOOKING_STEPS, booked, SLOT_GONE, stepIndex, type BookingStep } from './steps.js';
import styles from './booking.styles.js';

/** What the user chose before signing in (ids only), kept in the tab across the sign-in redirect. */
interface ResumeBooking {
  departmentId?: string;
  doctorId?: string;
  date?: string;
  slotId?: string;
}
const RESUME_KEY = 'ihkit.booking.resume';

export { BOOKING_DAYS, BOOKING_STEPS, type BookingStep } from './steps.js';

/**
 * @summary Books a time slot: department → doctor → date and time → patient → confirm.
 * Not sure which department? The first step offers guided triage (`<ih-triage>`, loaded on
 * demand), which chooses the department (and the patient it was for) and goes on to the doctors;
 * the back button closes it. Where the hospital takes the registration fee online, booking a
 * slot with a fee holds the place and goes on to paying it before the hold lapses (a chunk
 * loaded then: `<ih-registration-pay>`).
 *
 * @event ih-booked - A booking was made. `detail: { appointmentId }` — the id only, never patient data.
 * @event ih-sign-in-request - Signed out, the user chose a time and asked to sign in: start the page's sign-in. `detail: { element: 'booking' }`. What they chose waits in the tab (ids only) and the booking goes on at the patient step once signed in.
 *
 * @csspart base - The card around the whole widget.
 * @csspart steps - The step indicator (an ordered list).
 * @csspart step - One step in the indicator; also `step-current`, `step-complete`.
 * @csspart header - The row with the back button and the step heading.
 * @csspart back-button - Goes to the previous step.
 * @csspart heading - The heading of the current step (focused on step change).
 * @csspart body - The content of the current step.
 * @csspart triage-button - Opens guided triage on the department step ("not sure which department?").
 * @csspart triage - The guided triage shown in the department step (an `<ih-triage>`).
 * @csspart option-list - A list of departments, doctors or patients.
 * @csspart option - One department, doctor or patient button.
 * @csspart doctor-avatar - The initial shown beside a doctor.
 * @csspart fee - A fee.
 * @csspart badge - A small label (title, relation, minor).
 * @csspart dates - The 14-day date strip (a radiogroup).
 * @csspart date - One day in the strip; also `date-selected`, `date-available`, `date-full`, `date-none`.
 * @csspart slots - The time slot grid (a radiogroup).
 * @csspart slot - One time slot; also `slot-selected`, `slot-available`, `slot-full`, `slot-past`.
 * @csspart other-doctor-button - Back to the doctors, when the chosen doctor has no open times.
 * @csspart notice - The message shown when a chosen slot could not be booked.
 * @csspart summary - The booking summary (a description list).
 * @csspart number - The hospital's number of the booked appointment, when its HIS gives one.
 * @csspart confirm-button - Books the appointment.
 * @csspart submit-error - The error shown when booking failed.
 * @csspart pay - The registration fee's pay panel (an `<ih-registration-pay>`), while the place is held.
 * @csspart done - The success panel.
 * @csspart again-button - Starts another booking.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Shown when the user is not signed in (the schedule itself is public: at the patient step).
 * @csspart sign-in-button - Asks the page to sign the user in (`ih-sign-in-request`).
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background of cards.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Errors.
 * @cssproperty --ih-color-success - Success.
 * @cssproperty --ih-color-warning - Minor patient label.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhBooking extends IhElement {
  static override styles = styles;
  static override properties = {
    department: {},
    doctor: {},
    headingLevel: { attribute: 'heading-level', type: Number },
    noHistory: { attribute: 'no-history', type: Boolean },
    wechatOpenId: { attribute: 'wechat-open-id' },
    step: { state: true },
    departmentId: { state: true },
    doctorId: { state: true },
    date: { state: true },
    slotId: { state: true },
    patientId: { state: true },
    notice: { state: true },
    submitting: { state: true },
    submitError: { state: true },
    appointment: { state: true },
    dateFocus: { state: true },
    slotFocus: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, bookingStrings, bookingErrorStrings];

  protected override get signInHint(): StringKey {
    return 'booking.signInHint';
  }

  /** Start with this department chosen (its id, e.g. `dep_cardiology`); the department step is skipped. */
  department?: string;

  /** Start with this doctor chosen (its id); the department and doctor steps are skipped. */
  doctor?: string;

  /** The ARIA level of the step heading, to fit the host page's outline. */
  headingLevel = 3;

  /**
   * Keeps the steps out of the browser history, for a host whose router owns it. Without it each
   * step is a history entry on the same URL (nothing of the booking in it), so the browser's or
   * WeChat's Back button goes one step back; after booking, Back leaves the element.
   */
  noHistory = false;

  /**
   * The payer's openid in the hospital's WeChat official account, from the host page's WeChat
   * sign-in: inside WeChat the registration fee can be paid in WeChat Pay's own sheet (jsapi).
   */
  wechatOpenId?: string;

  /** The current step. */
  step: BookingStep = 'department';
  private departmentId?: string;
  private doctorId?: string;
  private date?: string;
  private slotId?: string;
  private patientId?: string;
  /** Why the user was sent back to choose another time. */
  private notice?: ErrorCode;
  private submitting = false;
  private submitError?: unknown;
  private appointment?: Appointment;
  /** The tabbable day in the strip and slot in the grid (-1: the selected or first open one). */
  private dateFocus = -1;
  private slotFocus = -1;
  /** Guided triage is shown on the department step (loading until its chunk is in); not reactive: each change asks for an update. */
  private triaging = false;
  #triage?: HTMLElement;
  /** The pay step's panel, from the registration chunk. */
  #pay?: HTMLElement;

  private get headingEl(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="heading"]');
  }

  /** The key of the booking the user intends now; kept across retries of the same confirm. */
  #intent?: { key: string; slotId: string; patientId: string };
  /** The day the time step shows (the chosen one, or the default). */
  #shownDate?: string;
  #focusHeading = false;
  #book?: AbortController;

  readonly #history = new ViewHistory(this, {
    depth: () => (booked(this.step) ? 0 : stepIndex(this.step) - stepIndex(this.#firstStep)),
    back: () => this.#canGoBack && this.#back(),
  });

  readonly #dateStrip = new DateStrip(this, { days: BOOKING_DAYS, shown: () => this.#shownDate });

  // The schedule is public: loaded signed out too.
  readonly #departments = new ApiController(this, {
    args: () => (this.publicClient ? ([this.publicClient] as const) : undefined),
    task: ([client], signal) => client.listDepartments({ signal }).then((r) => r.items),
    isEmpty: (items: Department[]) => items.length === 0,
  });

  readonly #doctors = new ApiController(this, {
    args: () => {
      const dep = this.departmentId ?? this.department;
      if (!this.publicClient || (!dep && !this.doctor)) return undefined;
      return [this.publicClient, dep] as const;
    },
    task: ([client, departmentId], signal) => client.listDoctors(departmentId ? { departmentId } : {}, { signal }).then((r) => r.items),
    isEmpty: (items: Doctor[]) => items.length === 0,
  });

  readonly #slots = new ApiController(this, {
    args: () => {
      const doctorId = this.#doctorId;
      if (!this.publicClient || !doctorId || stepIndex(this.step) < stepIndex('time')) return undefined;
      return [this.publicClient, doctorId, localDate(new Date(), this.l10n.timeZone)] as const;
    },
    task: ([client, doctorId, from], signal) => client.listSlots({ doctorId, from, to: addDays(from, BOOKING_DAYS - 1) }, { signal }).then((r) => r.items),
    isEmpty: (items: Slot[]) => !items.some((s) => slotState(s) === 'available'),
  });

  readonly #patients = new ApiController(this, {
    args: () => (this.client && stepIndex(this.step) >= stepIndex('patient') ? ([this.client] as const) : undefined),
    task: ([client], signal) => client.listMyPatients({ signal }).then((r) => r.items),
    isEmpty: (items: Patient[]) => items.length === 0,
  });
  readonly #familyChanges = new FamilyChanges(this, () => this.#patients.refresh());

  get #departmentId(): string | undefined {
    return this.departmentId ?? this.department ?? this.#doctorObj?.departmentId;
  }
  get #doctorId(): string | undefined {
    return this.doctorId ?? this.doctor;
  }
  get #firstStep(): BookingStep {
    return this.doctor ? 'time' : this.department ? 'doctor' : 'department';
  }
  get #departmentObj(): Department | undefined {
    const id = this.#departmentId;
    return this.#departments.value?.find((d) => d.id === id);
  }
  get #doctorObj(): Doctor | undefined {
    const id = this.#doctorId;
    return id ? this.#doctors.value?.find((d) => d.id === id) : undefined;
  }
  get #slotObj(): Slot | undefined {
    return this.#slots.value?.find((s) => s.id === this.slotId);
  }
  get #patientObj(): Patient | undefined {
    return this.#patients.value?.find((p) => p.id === this.patientId);
  }
  /** What the summary shows. */
  get #facts(): BookingFacts {
    return { department: this.#departmentObj, doctor: this.#doctorObj, slot: this.#slotObj, patient: this.#patientObj, appointment: this.appointment };
  }


  /** Starts over at the first step (keeps the `department` / `doctor` presets). */
  reset(): void {
    this.#book?.abort();
    this.#intent = undefined;
    this.departmentId = this.doctorId = this.date = this.slotId = this.patientId = undefined;
    this.notice = this.submitError = this.appointment = undefined;
    this.submitting = false;
    this.triaging = false;
    this.#pay = undefined;
    this.step = this.#firstStep;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#book?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('department') || changed.has('doctor')) && this.hasUpdated) this.reset();
    else if (!this.hasUpdated) this.step = this.#firstStep;
    if (this.config?.session.signedIn && !this.#resumeChecked) {
      this.#resumeChecked = true;
      this.#resume();
    }
  }

  /**
   * Signed out at the patient step, the user asks to sign in: what they chose (ids only) waits in
   * the tab's sessionStorage across the identity provider's redirect, and the host is asked to
   * sign them in (`ih-sign-in-request`).
   */
  /** Whether the tab was looked at for a choice waiting from before a sign-in (once signed in, not on every update). */
  #resumeChecked = false;

  #askSignIn = (): void => {
    this.#resumeChecked = false;
    const chosen: ResumeBooking = { departmentId: this.#departmentId, doctorId: this.#doctorId, date: this.date ?? this.#shownDate, slotId: this.slotId };
    try {
      sessionStorage.setItem(RESUME_KEY, JSON.stringify(chosen));
    } catch {
      // Storage refused (a private window's quota): signing in still works; the choice is made again.
    }
    emit(this, 'ih-sign-in-request', { element: 'booking' });
  };

  /** Signed in with a choice waiting from before the sign-in: back at the patient step with it. */
  #resume(): void {
    let chosen: ResumeBooking | undefined;
    try {
      chosen = JSON.parse(sessionStorage.getItem(RESUME_KEY) ?? 'null') ?? undefined;
      sessionStorage.removeItem(RESUME_KEY);
    } catch {
      return;
    }
    if (!chosen?.slotId || !chosen.doctorId || (this.doctor && this.doctor !== chosen.doctorId)) return;
    this.departmentId = chosen.departmentId;
    this.doctorId = chosen.doctorId;
    this.date = chosen.date;
    this.slotId = chosen.slotId;
    this.step = 'patient';
  }

  protected override updated(): void {
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.headingEl?.focus();
    }
  }

  #goTo(step: BookingStep): void {
    this.step = step;
    this.#focusHeading = true;
  }

  #back(): void {
    if (this.triaging) {
      this.triaging = false;
      this.#focusHeading = true;
      return this.requestUpdate();
    }
    const i = stepIndex(this.step);
    const first = stepIndex(this.#firstStep);
    if (i <= first) return;
    this.notice = undefined;
    this.submitError = undefined;
    this.#goTo(BOOKING_STEPS[i - 1]!);
  }

  #chooseDepartment(id: string): void {
    if (id !== this.departmentId) this.doctorId = undefined;
    this.departmentId = id;
    this.#goTo('doctor');
  }

  /** Shows guided triage in the department step; its chunk is loaded the first time (a failed load closes it again). */
  async #openTriage(): Promise<void> {
    this.triaging = true;
    this.requestUpdate();
    this.#triage ??= (await import('../triage/in-booking.js').catch(() => undefined))?.triageInBooking(this.headingLevel + 1, (departmentId, patientId) => {
      this.triaging = false;
      this.patientId = patientId;
      this.#chooseDepartment(departmentId);
    });
    this.triaging &&= !!this.#triage;
    this.requestUpdate();
  }

  #chooseDoctor(id: string): void {
    if (id !== this.doctorId) {
      this.date = undefined;
      this.slotId = undefined;
    }
    this.doctorId = id;
    this.notice = undefined;
    this.#goTo('time');
  }

  #chooseDate(date: string, index: number): void {
    this.date = date;
    this.dateFocus = index;
    this.slotFocus = -1;
  }

  #chooseSlot(slot: Slot): void {
    if (slotState(slot) !== 'available') return;
    this.slotId = slot.id;
    this.notice = undefined;
    this.#goTo('patient');
  }

  #choosePatient(id: string): void {
    this.patientId = id;
    this.submitError = undefined;
    this.#goTo('confirm');
  }

  async #confirm(): Promise<void> {
    const slot = this.#slotObj;
    const patientId = this.patientId;
    const client = this.config?.client;
    if (this.submitting || !slot || !patientId || !client) return;
    // One key per intended booking; a retry of the same booking sends the same key.
    if (!this.#intent || this.#intent.slotId !== slot.id || this.#intent.patientId !== patientId) {
      this.#intent = { key: newIdempotencyKey(), slotId: slot.id, patientId };
    }
    this.submitting = true;
    this.submitError = undefined;
    const abort = (this.#book = new AbortController());
    try {
      const appointment = await client.bookAppointment({ slotId: slot.id, patientId }, { idempotencyKey: this.#intent.key, signal: abort.signal });
      this.#intent = undefined;
      this.appointment = appointment;
      emit(this, 'ih-booked', { appointmentId: appointment.id });
      if (appointment.registration?.status === 'held') void this.#openPay(appointment);
      else this.#goTo('done');
    } catch (e) {
      if (abort.signal.aborted) return;
      const code = errorCode(e);
      if (SLOT_GONE.includes(code)) {
        this.#intent = undefined;
        this.notice = code;
        this.slotId = undefined;
        this.#goTo('time');
        void this.#slots.run();
      } else {
        this.submitError = e;
      }
    } finally {
      if (this.#book === abort) {
        this.#book = undefined;
        this.submitting = false;
      }
    }
  }

  /** The pay step: its panel comes with the registration chunk (a failed load offers to try again). */
  async #openPay(appointment: Appointment): Promise<void> {
    this.#goTo('pay');
    this.submitError = undefined;
    try {
      this.#pay = (await import('../registration/in-booking.js')).payInBooking(appointment, () => this.#goTo('done'), () => this.#again(), this.wechatOpenId);
    } catch (e) {
      this.submitError = e;
    }
    this.requestUpdate();
  }

  #again(): void {
    this.reset();
    this.#focusHeading = true;
    void this.#slots.run();
  }

  // ——— rendering ———

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('booking.label')}>
      ${this.#renderSteps()}
      <div part="header" class="header">
        ${this.#canGoBack
          ? html`<button type="button" part="back-button" class="button link back" @click=${this.#back}>${iconBack}<span>${this.msg('common.back')}</span></button>`
          : nothing}
        <div class="heading-wrap">
          <div part="heading" class="heading" role="heading" aria-level=${this.headingLevel} tabindex="-1">${this.#title}</div>
          ${!booked(this.step) ? html`<p class="step-of">${this.#stepOf}</p>` : nothing}
        </div>
      </div>
      <div part="body" class="body">${this.#renderStep()}</div>
      <p class="announcer visually-hidden" role="status">${this.step === 'done' ? this.#doneMessage : ''}</p>
    </section>`;
  }

  /** "Zhang Wei is booked with Dr Wang": shown in the done panel and said once by the status region, which is always in the page. */
  get #doneMessage(): string {
    const doc = this.#doctorObj;
    return this.msg('booking.done.message', { patient: this.#patientObj?.name ?? '', doctor: doc ? this.l10n.pick(doc.name, doc.nameEn) : '' });
  }

  get #visibleSteps(): BookingStep[] {
    const first = stepIndex(this.#firstStep);
    return BOOKING_STEPS.filter((s, i) => i >= first && !booked(s));
  }

  get #stepOf(): string {
    const steps = this.#visibleSteps;
    return this.msg('booking.stepOf', { current: steps.indexOf(this.step) + 1, total: steps.length });
  }

  get #canGoBack(): boolean {
    return !booked(this.step) && (this.triaging || stepIndex(this.step) > stepIndex(this.#firstStep)) && !this.submitting;
  }

  get #title(): string {
    return this.msg(`booking.step.${this.step}`);
  }

  #renderSteps(): TemplateResult {
    const current = stepIndex(this.step);
    return html`<ol part="steps" class="steps" aria-label=${this.msg('booking.progress')}>
      ${this.#visibleSteps.map((s, n) => {
        const i = stepIndex(s);
        const state = i < current ? 'complete' : i === current ? 'current' : 'upcoming';
        return html`<li part="step step-${state}" class="step ${state}" aria-current=${state === 'current' ? 'step' : nothing}>
          <span class="step-marker" aria-hidden="true">${state === 'complete' ? '✓' : n + 1}</span>
          <span class="step-label">${this.msg(`booking.stepShort.${s as Exclude<BookingStep, 'done' | 'pay'>}`)}</span>
        </li>`;
      })}
    </ol>`;
  }

  #renderStep(): TemplateResult {
    if (!this.config) return this.renderNotConfigured();
    switch (this.step) {
      // The schedule is public: browsed signed out too (triage needs the patient's record); sign-in is asked for at the patient step.
      case 'department':
        if (this.triaging && this.client) return this.#triage ? html`${this.#triage}` : this.renderLoading();
        return this.renderApi(
          this.#departments,
          (items) => html`${this.config?.session.signedIn ? this.#renderTriageButton() : nothing}${renderDepartments(items, this.#departmentId, this.l10n, (id) => this.#chooseDepartment(id))}`,
          () => this.renderEmpty(this.msg('booking.departments.empty'), this.msg('booking.departments.emptyHint')),
          undefined,
          true,
        );
      case 'doctor':
        return this.renderApi(this.#doctors, (items) => renderDoctors(items, this.#doctorId, this.l10n, (id) => this.#chooseDoctor(id)), () => this.renderEmpty(this.msg('booking.doctors.empty'), this.msg('booking.doctors.emptyHint')), undefined, true);
      case 'time':
        return html`${this.#renderNotice()}${this.renderApi(this.#slots, (items) => this.#renderTime(items), () => this.#renderNoSlots(), 4, true)}`;
      case 'patient':
        if (!this.config?.session.signedIn) {
          return this.renderSignIn('booking.signIn.resume', html`<button type="button" part="sign-in-button" class="button primary" @click=${this.#askSignIn}>${this.msg('booking.signIn.button')}</button>`);
        }
        return this.renderApi(this.#patients, (items) => renderPatients(items, this.patientId, this.l10n, (id) => this.#choosePatient(id)), () => this.renderNoPatients());
      case 'confirm':
        return renderConfirm(this.#facts, { submitting: this.submitting, error: this.submitError }, this.l10n, () => void this.#confirm());
      case 'pay':
        return html`${this.#pay ?? (this.submitError ? this.renderError(this.submitError, () => void this.#openPay(this.appointment!)) : this.renderLoading())}${renderSummary(this.#facts, this.l10n)}`;
      case 'done':
        return renderDone(this.#facts, this.#doneMessage, this.l10n, () => this.#again());
    }
  }

  #renderTriageButton(): TemplateResult {
    return html`<button type="button" part="triage-button" class="option triage-open" @click=${this.#openTriage}>
      <span class="option-main option-title">${this.msg('booking.triage.open')}</span>${iconChevron}</button>`;
  }

  #renderNotice(): TemplateResult | typeof nothing {
    if (!this.notice) return nothing;
    return html`<div part="notice" class="alert notice" role="alert">
      ${iconAlert}
      <p>${this.msg(`error.${this.notice}`)} ${this.msg('booking.retaken')}</p>
    </div>`;
  }

  #renderNoSlots(): TemplateResult {
    const action =
      stepIndex(this.#firstStep) < stepIndex('time')
        ? html`<button type="button" class="button" part="other-doctor-button" @click=${this.#back}>${this.msg('booking.slots.otherDoctor')}</button>`
        : undefined;
    return this.renderEmpty(this.msg('booking.slots.empty'), this.msg('booking.slots.emptyHint'), action);
  }

  #renderTime(slots: Slot[]): TemplateResult {
    const days = daysOf(slots, this.l10n.timeZone, BOOKING_DAYS);
    let selected = days.findIndex((d) => d.date === this.date);
    if (selected < 0) {
      // Default to the day of the chosen slot, else the first day with an open slot.
      const slotDay = this.#slotObj ? localDate(new Date(this.#slotObj.start), this.l10n.timeZone) : undefined;
      selected = Math.max(0, slotDay ? days.findIndex((d) => d.date === slotDay) : days.findIndex((d) => d.availability === 'available'));
    }
    const day = days[selected]!;
    this.#shownDate = day.date;
    const dateFocus = this.dateFocus >= 0 && this.date ? this.dateFocus : selected;
    const doctor = this.#doctorObj;
    return html`
      ${doctor
        ? html`<p class="context-line">${this.l10n.pick(doctor.name, doctor.nameEn)} · ${this.msg(`title.${doctor.title}`)}${this.#departmentObj ? html` · ${this.l10n.pick(this.#departmentObj.name, this.#departmentObj.nameEn)}` : nothing}</p>`
        : nothing}
      <div part="dates" class="dates" role="radiogroup" aria-label=${this.msg('booking.dates.label')} aria-describedby="kbd-hint" @keydown=${this.#onDateKey} @scroll=${this.#dateStrip.onScroll}>
        ${days.map((d, i) => renderDate(d, i, i === selected, i === dateFocus, this.l10n, (date, index) => this.#chooseDate(date, index)))}
      </div>
      ${renderSlots(day, { slotId: this.slotId, focus: this.slotFocus }, this.l10n, { key: this.#onSlotKey, choose: (slot) => this.#chooseSlot(slot) })}
      <p id="kbd-hint" class="visually-hidden">${this.msg('booking.slots.keyboardHint')}</p>
    `;
  }

  #onDateKey = (e: KeyboardEvent): void => {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="date"]')];
    const current = Math.max(0, items.findIndex((el) => el.tabIndex === 0));
    const i = handleRovingKey(e, items, current);
    if (i !== undefined) {
      this.dateFocus = i;
      this.date ??= this.#shownDate; // pin the day shown, so focus and selection stay apart
    }
  };

  #onSlotKey = (e: KeyboardEvent): void => {
    // Enter and Space click the focused slot (a button); full and past ones ignore the click.
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="slot"]')];
    const current = Math.max(0, items.findIndex((el) => el.tabIndex === 0));
    const i = handleRovingKey(e, items, current);
    if (i !== undefined) this.slotFocus = i;
  };
}
