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
import { errorCode, isUnauthenticated, type StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { handleRovingKey } from '../internal/roving-focus.js';
import { FamilyChanges, mayActFor } from '../internal/patient-options.js';
import { ViewHistory } from '../internal/view-history.js';
import { iconAlert, iconBack, iconCheck, iconChevron } from '../internal/icons.js';
import { bookingStrings, bookingErrorStrings } from '../locales/areas.js';
import { DateStrip } from './date-strip.js';
import styles from './booking.styles.js';

/** What the user chose before signing in (ids only), kept in the tab across the sign-in redirect. */
interface ResumeBooking {
  departmentId?: string;
  doctorId?: string;
  date?: string;
  slotId?: string;
}
const RESUME_KEY = 'ihkit.booking.resume';

/** The steps of a booking, in order; `pay` only for a slot whose fee is paid online while its place is held. */
export const BOOKING_STEPS = ['department', 'doctor', 'time', 'patient', 'confirm', 'pay', 'done'] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];

/** How many days ahead the date strip shows. */
export const BOOKING_DAYS = 14;

/** Errors on confirm that mean "this slot cannot be had": back to the times, refreshed. */
const SLOT_GONE: ReadonlyArray<ErrorCode> = ['SLOT_TAKEN', 'SLOT_IN_PAST', 'ALREADY_BOOKED', 'SLOT_NOT_FOUND'];

type DayAvailability = 'available' | 'full' | 'none';
interface Day {
  date: string;
  slots: Slot[];
  availability: DayAvailability;
}

const stepIndex = (s: BookingStep) => BOOKING_STEPS.indexOf(s);
/** From the pay step on, the booking is made: no way back, no step indicator. */
const booked = (s: BookingStep) => stepIndex(s) > 4;

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
    return this.msg('booking.done.message', { patient: this.#patientObj?.name ?? '', doctor: doc ? this.#name(doc) : '' });
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
          (items) => html`${this.config?.session.signedIn ? this.#renderTriageButton() : nothing}${this.#renderDepartments(items)}`,
          () => this.renderEmpty(this.msg('booking.departments.empty'), this.msg('booking.departments.emptyHint')),
          undefined,
          true,
        );
      case 'doctor':
        return this.renderApi(this.#doctors, (items) => this.#renderDoctors(items), () => this.renderEmpty(this.msg('booking.doctors.empty'), this.msg('booking.doctors.emptyHint')), undefined, true);
      case 'time':
        return html`${this.#renderNotice()}${this.renderApi(this.#slots, (items) => this.#renderTime(items), () => this.#renderNoSlots(), 4, true)}`;
      case 'patient':
        if (!this.config?.session.signedIn) {
          return this.renderSignIn('booking.signIn.resume', html`<button type="button" part="sign-in-button" class="button primary" @click=${this.#askSignIn}>${this.msg('booking.signIn.button')}</button>`);
        }
        return this.renderApi(this.#patients, (items) => this.#renderPatients(items), () => this.renderNoPatients());
      case 'confirm':
        return this.#renderConfirm();
      case 'pay':
        return html`${this.#pay ?? (this.submitError ? this.renderError(this.submitError, () => void this.#openPay(this.appointment!)) : this.renderLoading())}${this.#renderSummary()}`;
      case 'done':
        return this.#renderDone();
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

  #name(o: { name: string; nameEn?: string }): string {
    return this.l10n.pick(o.name, o.nameEn);
  }

  #renderDepartments(items: Department[]): TemplateResult {
    return html`<ul part="option-list" class="options departments" role="list">
      ${items.map(
        (d) => html`<li>
          <button type="button" part="option" class="option" aria-current=${d.id === this.#departmentId ? 'true' : nothing} @click=${() => this.#chooseDepartment(d.id)}>
            <span class="option-main">
              <span class="option-title">${this.#name(d)}</span>
              ${this.#description(d) ? html`<span class="option-sub">${this.#description(d)}</span>` : nothing}
            </span>
            <span class="chevron">${iconChevron}</span>
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #description(d: Department): string | undefined {
    return this.l10n.pick(d.description, d.descriptionEn);
  }

  #specialty(d: Doctor): string | undefined {
    return this.l10n.pick(d.specialty, d.specialtyEn);
  }

  #renderDoctors(items: Doctor[]): TemplateResult {
    return html`<ul part="option-list" class="options doctors" role="list">
      ${items.map((d) => {
        const name = this.#name(d);
        const title = this.msg(`title.${d.title}`);
        const specialty = this.#specialty(d);
        return html`<li>
          <button type="button" part="option" class="option doctor" aria-current=${d.id === this.#doctorId ? 'true' : nothing} @click=${() => this.#chooseDoctor(d.id)}>
            <span part="doctor-avatar" class="avatar" aria-hidden="true">${[...name][0] ?? ''}</span>
            <span class="option-main">
              <span class="option-title">${name} <span part="badge" class="badge">${title}</span></span>
              ${specialty ? html`<span class="option-sub">${specialty}</span>` : nothing}
            </span>
            <span part="fee" class="fee">${this.l10n.money(d.fee)}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }

  #days(slots: Slot[]): Day[] {
    const tz = this.l10n.timeZone;
    const from = localDate(new Date(), tz);
    const byDate = new Map<string, Slot[]>();
    for (const s of slots) {
      const d = localDate(new Date(s.start), tz);
      (byDate.get(d) ?? byDate.set(d, []).get(d)!).push(s);
    }
    const now = new Date();
    return Array.from({ length: BOOKING_DAYS }, (_, i) => {
      const date = addDays(from, i);
      const daySlots = (byDate.get(date) ?? []).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
      const availability: DayAvailability = daySlots.some((s) => slotState(s, now) === 'available') ? 'available' : daySlots.length ? 'full' : 'none';
      return { date, slots: daySlots, availability };
    });
  }

  #renderNoSlots(): TemplateResult {
    const action =
      stepIndex(this.#firstStep) < stepIndex('time')
        ? html`<button type="button" class="button" part="other-doctor-button" @click=${this.#back}>${this.msg('booking.slots.otherDoctor')}</button>`
        : undefined;
    return this.renderEmpty(this.msg('booking.slots.empty'), this.msg('booking.slots.emptyHint'), action);
  }

  #renderTime(slots: Slot[]): TemplateResult {
    const days = this.#days(slots);
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
        ? html`<p class="context-line">${this.#name(doctor)} · ${this.msg(`title.${doctor.title}`)}${this.#departmentObj ? html` · ${this.#name(this.#departmentObj)}` : nothing}</p>`
        : nothing}
      <div part="dates" class="dates" role="radiogroup" aria-label=${this.msg('booking.dates.label')} aria-describedby="kbd-hint" @keydown=${this.#onDateKey} @scroll=${this.#dateStrip.onScroll}>
        ${days.map((d, i) => this.#renderDate(d, i, i === selected, i === dateFocus))}
      </div>
      ${this.#renderSlots(day)}
      <p id="kbd-hint" class="visually-hidden">${this.msg('booking.slots.keyboardHint')}</p>
    `;
  }

  #dayLabel(date: string, index: number): string {
    if (index === 0) return this.msg('booking.dates.today');
    if (index === 1) return this.msg('booking.dates.tomorrow');
    return this.l10n.calendarDate(date, { weekday: 'short' });
  }

  #renderDate(d: Day, i: number, selected: boolean, tabbable: boolean): TemplateResult {
    const full = i < 2 ? `${this.#dayLabel(d.date, i)} ${this.l10n.calendarDate(d.date)}` : this.l10n.calendarDate(d.date);
    const label = this.msg(`booking.dates.${d.availability}Long`, { date: full });
    return html`<button
      type="button"
      role="radio"
      part="date date-${d.availability}${selected ? ' date-selected' : ''}"
      class="date ${d.availability}"
      aria-checked=${selected ? 'true' : 'false'}
      aria-label=${label}
      tabindex=${tabbable ? 0 : -1}
      @click=${() => this.#chooseDate(d.date, i)}
    >
      <span class="date-weekday">${this.#dayLabel(d.date, i)}</span>
      <span class="date-day">${this.l10n.calendarDate(d.date, { month: 'numeric', day: 'numeric' })}</span>
      <span class="date-mark">${this.msg(`booking.dates.${d.availability}`)}</span>
    </button>`;
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

  #renderSlots(day: Day): TemplateResult {
    if (day.slots.length === 0) return html`<p class="no-slots" role="status">${this.msg('booking.slots.noneThatDay')}</p>`;
    const now = new Date();
    const focus = this.slotFocus >= 0 && this.slotFocus < day.slots.length ? this.slotFocus : this.#defaultSlotFocus(day.slots, now);
    const dateLabel = this.l10n.calendarDate(day.date);
    return html`<div
      part="slots"
      class="slots"
      role="radiogroup"
      aria-label=${this.msg('booking.slots.label', { date: dateLabel })}
      aria-describedby="kbd-hint"
      @keydown=${this.#onSlotKey}
    >
      ${day.slots.map((s, i) => {
        const st = slotState(s, now);
        const time = this.l10n.timeRange(s.start, s.end);
        const selected = s.id === this.slotId;
        const label =
          st === 'available'
            ? this.msg('booking.slots.availableLong', { time, count: s.available })
            : this.msg(st === 'full' ? 'booking.slots.fullLong' : 'booking.slots.pastLong', { time });
        return html`<button
          type="button"
          role="radio"
          part="slot slot-${st}${selected ? ' slot-selected' : ''}"
          class="slot ${st}"
          aria-checked=${selected ? 'true' : 'false'}
          aria-disabled=${st === 'available' ? 'false' : 'true'}
          aria-label=${label}
          tabindex=${i === focus ? 0 : -1}
          @click=${() => this.#chooseSlot(s)}
        >
          <span class="slot-time">${time}</span>
          <span class="slot-left">${st === 'available' ? this.msg('booking.slots.remaining', { count: s.available }) : this.msg(st === 'full' ? 'booking.slots.full' : 'booking.slots.past')}</span>
        </button>`;
      })}
    </div>`;
  }

  #defaultSlotFocus(slots: Slot[], now: Date): number {
    const chosen = slots.findIndex((s) => s.id === this.slotId);
    if (chosen >= 0) return chosen;
    return Math.max(0, slots.findIndex((s) => slotState(s, now) === 'available'));
  }

  #onSlotKey = (e: KeyboardEvent): void => {
    // Enter and Space click the focused slot (a button); full and past ones ignore the click.
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="slot"]')];
    const current = Math.max(0, items.findIndex((el) => el.tabIndex === 0));
    const i = handleRovingKey(e, items, current);
    if (i !== undefined) this.slotFocus = i;
  };

  #renderPatients(items: Patient[]): TemplateResult {
    return html`<ul part="option-list" class="options patients" role="list">
      ${items.map(
        (p) => html`<li>
          <button
            type="button"
            part="option"
            class="option patient ${mayActFor(p) ? '' : 'pending'}"
            aria-current=${p.id === this.patientId ? 'true' : nothing}
            aria-disabled=${mayActFor(p) ? nothing : 'true'}
            @click=${() => mayActFor(p) && this.#choosePatient(p.id)}
          >
            <span part="doctor-avatar" class="avatar patient-avatar" aria-hidden="true">${[...p.name][0] ?? ''}</span>
            <span class="option-main">
              <span class="option-title">
                ${p.name}
                <span part="badge" class="badge">${this.msg(`relation.${p.relation}`)}</span>
                ${p.minor ? html`<span part="badge" class="badge minor">${this.msg('booking.patients.minor')}</span>` : nothing}
                ${mayActFor(p) ? nothing : html`<span part="badge" class="badge pending">${this.msg('common.patients.pending')}</span>`}
              </span>
              <span class="option-sub">${mayActFor(p) ? this.msg('booking.patients.idNumber', { id: p.idNumberMasked }) : this.msg('common.patients.pendingHint')}</span>
            </span>
            <span class="chevron">${iconChevron}</span>
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #renderSummary(): TemplateResult {
    const dep = this.#departmentObj;
    const doc = this.#doctorObj;
    const slot: Pick<Slot, 'start' | 'end' | 'fee'> | undefined = this.#slotObj ?? this.appointment;
    const patient = this.#patientObj;
    const fee = this.appointment?.fee ?? slot?.fee ?? doc?.fee;
    const unknown = this.msg('common.unknown');
    return html`<dl part="summary" class="summary">
      <div><dt>${this.msg('booking.summary.department')}</dt><dd>${dep ? this.#name(dep) : unknown}</dd></div>
      <div><dt>${this.msg('booking.summary.doctor')}</dt><dd>${doc ? html`${this.#name(doc)} <span class="muted">${this.msg(`title.${doc.title}`)}</span>` : unknown}</dd></div>
      <div><dt>${this.msg('booking.summary.time')}</dt><dd>${slot ? this.l10n.when(slot.start, slot.end) : unknown}</dd></div>
      <div>
        <dt>${this.msg('booking.summary.patient')}</dt>
        <dd>
          ${patient
            ? html`${patient.name} <span class="muted">${this.msg(`relation.${patient.relation}`)}</span>${patient.minor
                  ? html` <span part="badge" class="badge minor">${this.msg('booking.patients.minor')}</span>`
                  : nothing}`
            : unknown}
        </dd>
      </div>
      ${this.appointment?.number
        ? html`<div><dt>${this.msg('booking.summary.number')}</dt><dd part="number">${this.appointment.number}</dd></div>`
        : nothing}
      <div class="total"><dt>${this.msg('booking.summary.fee')}</dt><dd part="fee" class="fee">${fee ? this.l10n.money(fee) : unknown}</dd></div>
    </dl>`;
  }

  #renderConfirm(): TemplateResult {
    const error = this.submitError;
    return html`${this.#renderSummary()}
      <p class="hint">${this.msg('booking.confirm.notice')}</p>
      ${error
        ? html`<div part="submit-error" class="alert" role="alert">${iconAlert}<p>${isUnauthenticated(error) ? this.msg('error.UNAUTHENTICATED') : this.l10n.error(error)}</p></div>`
        : nothing}
      <div class="actions">
        <button
          type="button"
          part="confirm-button"
          class="button primary confirm"
          aria-disabled=${this.submitting ? 'true' : 'false'}
          aria-busy=${this.submitting ? 'true' : 'false'}
          @click=${() => void this.#confirm()}
        >
          ${this.submitting ? html`<span class="spinner" aria-hidden="true"></span>${this.msg('booking.confirm.submitting')}` : this.msg('booking.confirm.submit')}
        </button>
      </div>`;
  }

  #renderDone(): TemplateResult {
    return html`<div part="done" class="done">
        <span class="done-icon">${iconCheck}</span>
        <p class="done-message">${this.#doneMessage}</p>
      </div>
      ${this.#renderSummary()}
      <div class="actions">
        <button type="button" part="again-button" class="button" @click=${this.#again}>${this.msg('booking.done.again')}</button>
      </div>`;
  }
}
