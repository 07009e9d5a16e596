import { html, nothing, type TemplateResult } from 'lit';
import type { Appointment, Department, Doctor, IhClient, Patient } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { errorCode, type StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import { ViewHistory } from '../internal/view-history.js';
import { appointmentsStrings, appointmentsErrorStrings } from '../locales/areas.js';
import styles from './appointments.styles.js';

interface Directory {
  departments: Map<string, Department>;
  doctors: Map<string, Doctor>;
}
interface AppointmentsData {
  upcoming: Appointment[];
  past: Appointment[];
  directory: Directory;
  patients: Map<string, Patient>;
}

/** Departments and doctors change rarely: one lookup per client (that is, per session). */
const directories = new WeakMap<IhClient, Promise<Directory>>();
function directoryOf(client: IhClient, signal: AbortSignal): Promise<Directory> {
  let p = directories.get(client);
  if (!p) {
    p = Promise.all([client.listDepartments(), client.listDoctors()]).then(([deps, docs]) => ({
      departments: new Map(deps.items.map((d) => [d.id, d])),
      doctors: new Map(docs.items.map((d) => [d.id, d])),
    }));
    directories.set(client, p);
    p.catch(() => directories.delete(client));
  }
  return signal.aborted ? Promise.reject(signal.reason) : p;
}

/** The pay and reschedule panels with their strings (a chunk of their own): loaded once a fee or a move is in play. */
const registration = () => import('../registration/in-appointments.js');
type RegistrationChunk = Awaited<ReturnType<typeof registration>>;

/** Upcoming (booked, not yet over) soonest first; the rest latest first. */
export function sortAppointments(items: Appointment[], now = Date.now()): { upcoming: Appointment[]; past: Appointment[] } {
  const upcoming = items.filter((a) => a.status === 'booked' && Date.parse(a.end) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = items.filter((a) => !upcoming.includes(a)).sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  return { upcoming, past };
}

/**
 * @summary The signed-in user's appointments (their own and their family's), upcoming first,
 * with cancel and reschedule (改约). Refreshes when an `ih-booked`, `ih-registration-paid` or
 * `ih-hold-lapsed` event happens anywhere on the page.
 * Where the registration fee is paid online, a held place shows its pay panel and countdown
 * (`<ih-registration-pay>`), the cancel dialog says beforehand what will be refunded, and a
 * cancelled appointment its refund and whether it was made.
 *
 * @event ih-cancelled - An appointment was cancelled. `detail: { appointmentId }` — the id only.
 * @event ih-rescheduled - An appointment moved to another time. `detail: { appointmentId }`.
 * @event ih-registration-paid - A held place's fee arrived. `detail: { appointmentId }`.
 * @event ih-hold-lapsed - A held place lapsed unpaid. `detail: { appointmentId }`.
 *
 * @csspart base - The card around the list.
 * @csspart group - A group of appointments (upcoming, past).
 * @csspart group-heading - The heading of a group.
 * @csspart list - A list of appointments.
 * @csspart item - One appointment; also `item-booked`, `item-cancelled`, `item-completed`, `item-no_show`.
 * @csspart date - The date block of an appointment.
 * @csspart details - Doctor, department, time and patient of an appointment.
 * @csspart status - The status badge; also `status-booked`, `status-cancelled`, `status-completed`, `status-no_show`.
 * @csspart number - The hospital's own number of the appointment (its registration number), when its HIS gives one.
 * @csspart fee - The fee.
 * @csspart pay - The pay panel of a held place (an `<ih-registration-pay>`).
 * @csspart registration - A held place's, a lapse's or a refund's line.
 * @csspart reschedule-button - Opens the reschedule panel.
 * @csspart reschedule - The reschedule panel (an `<ih-reschedule>`).
 * @csspart cancel-button - Opens the cancel dialog.
 * @csspart dialog - The cancel confirmation dialog.
 * @csspart dialog-title - The cancel dialog's title.
 * @csspart dialog-error - An error shown in the dialog (e.g. too late to cancel).
 * @csspart dialog-refund - What cancelling gives back of the registration fee.
 * @csspart dialog-keep-button - Closes the dialog without cancelling.
 * @csspart dialog-confirm-button - Cancels the appointment.
 * @csspart message - The "cancelled" confirmation.
 * @csspart loading - The loading skeleton.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Shown when the user is not signed in.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Cancel button and errors.
 * @cssproperty --ih-color-success - The "upcoming" badge.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhAppointments extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    noHistory: { attribute: 'no-history', type: Boolean },
    wechatOpenId: { attribute: 'wechat-open-id' },
    cancelling: { state: true },
    cancelBusy: { state: true },
    cancelError: { state: true },
    message: { state: true },
    rescheduling: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, appointmentsStrings, appointmentsErrorStrings];

  protected override get signInHint(): StringKey {
    return 'appointments.signInHint';
  }

  /** The ARIA level of the group headings ("Upcoming", "Past"), to fit the host page's outline. */
  headingLevel = 3;

  /**
   * Keeps the cancel dialog out of the browser history, for a host whose router owns it. Without
   * it the open dialog is a history entry on the same URL, so the browser's or WeChat's Back
   * button closes it (the appointment stays booked).
   */
  noHistory = false;

  /**
   * The payer's openid in the hospital's WeChat official account, from the host page's WeChat
   * sign-in: inside WeChat the registration fee can be paid in WeChat Pay's own sheet (jsapi).
   */
  wechatOpenId?: string;

  /** The appointment whose cancel dialog is open. */
  private cancelling?: Appointment;
  private cancelBusy = false;
  private cancelError?: unknown;
  private message?: string;
  /** The appointment whose reschedule panel is open. */
  private rescheduling?: string;

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog');
  }
  private get messageEl(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="message"]');
  }

  #trigger?: HTMLElement;
  #chunk?: RegistrationChunk;
  /** The pay panels of held places, kept across renders (a payment under way stays open). */
  readonly #pays = new Map<string, ReturnType<RegistrationChunk['payPanel']>>();
  #reschedule?: HTMLElement;
  #cancelAbort?: AbortController;

  readonly #history = new ViewHistory(this, {
    depth: () => (this.cancelling ? 1 : 0),
    back: () => this.#closeDialog(),
  });

  readonly #api = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: async ([client], signal): Promise<AppointmentsData> => {
      const [appointments, directory, patients] = await Promise.all([
        client.listMyAppointments({}, { signal }),
        directoryOf(client, signal).catch((): Directory => ({ departments: new Map(), doctors: new Map() })),
        client.listMyPatients({ signal }).catch(() => ({ items: [] as Patient[] })),
      ]);
      if (appointments.items.some((a) => a.registration)) this.#chunk = await registration();
      return { ...sortAppointments(appointments.items), directory, patients: new Map(patients.items.map((p) => [p.id, p])) };
    },
    isEmpty: (d) => d.upcoming.length + d.past.length === 0,
  });

  /** Loads the list again. */
  refresh(): Promise<void> {
    return this.#api.run();
  }

  #onBooked = () => void this.#api.run();
  /** A held place was paid or lapsed: the list is read again behind what it shows. */
  #changed = () => void this.#api.refresh();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('ih-booked', this.#onBooked);
    // A fee paid or a hold lapsed, here or in a booking on the page.
    document.addEventListener('ih-registration-paid', this.#changed);
    document.addEventListener('ih-hold-lapsed', this.#changed);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('ih-booked', this.#onBooked);
    document.removeEventListener('ih-registration-paid', this.#changed);
    document.removeEventListener('ih-hold-lapsed', this.#changed);
    this.#cancelAbort?.abort();
  }

  protected override updated(): void {
    const d = this.dialog;
    if (d && this.cancelling && !d.open) {
      d.showModal();
      d.querySelector<HTMLElement>('[part~="dialog-keep-button"]')?.focus();
    }
  }

  #openCancel(a: Appointment, trigger: HTMLElement): void {
    this.#trigger = trigger;
    this.cancelError = undefined;
    this.message = undefined;
    this.cancelling = a;
  }

  /** Closes the dialog; focus goes back to the button that opened it (or the message). */
  #closeDialog(): void {
    if (this.cancelBusy) this.#cancelAbort?.abort();
    this.cancelBusy = false;
    if (this.dialog?.open) this.dialog.close();
    this.cancelling = undefined;
    const trigger = this.#trigger;
    this.#trigger = undefined;
    void this.updateComplete.then(() => {
      if (trigger?.isConnected) trigger.focus();
      else this.messageEl?.focus();
    });
  }

  #onDialogCancel = (e: Event) => {
    // Escape: close through our own path so focus returns to the trigger.
    e.preventDefault();
    this.#closeDialog();
  };

  #onDialogKey = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || !this.dialog) return;
    const focusable = [...this.dialog.querySelectorAll<HTMLElement>('button:not([disabled])')];
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    const active = this.shadowRoot?.activeElement;
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };

  async #confirmCancel(): Promise<void> {
    const a = this.cancelling;
    const client = this.config?.client;
    if (!a || !client || this.cancelBusy) return;
    this.cancelBusy = true;
    this.cancelError = undefined;
    const abort = (this.#cancelAbort = new AbortController());
    try {
      const refunded = (await client.cancelAppointment(a.id, {}, { signal: abort.signal })).registration?.refunded;
      this.cancelBusy = false;
      this.#trigger = undefined;
      this.message = refunded ? this.msg('registration.cancelled', { amount: this.l10n.money(refunded) }) : this.msg('appointments.cancelled');
      this.#closeDialog();
      emit(this, 'ih-cancelled', { appointmentId: a.id });
      void this.#api.run();
    } catch (e) {
      if (abort.signal.aborted) return;
      this.cancelBusy = false;
      this.cancelError = e;
      // The confirm button may be gone (too late to cancel): keep focus inside the dialog.
      await this.updateComplete;
      const active = this.shadowRoot?.activeElement;
      if (!active || !this.dialog?.contains(active)) this.dialog?.querySelector<HTMLElement>('[part~="dialog-keep-button"]')?.focus();
    }
  }

  async #openReschedule(a: Appointment): Promise<void> {
    this.message = undefined;
    this.#chunk = await registration();
    this.#reschedule = this.#chunk.reschedulePanel(a, () => this.#closeReschedule(), (m) => this.#closeReschedule(m), this.wechatOpenId);
    this.rescheduling = a.id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="reschedule"]')?.focus();
  }

  #closeReschedule(moved?: Appointment): void {
    const id = this.rescheduling;
    this.rescheduling = this.#reschedule = undefined;
    if (moved) {
      this.message = this.msg('reschedule.done', { time: this.l10n.when(moved.start, moved.end) });
      void this.#api.refresh().then(() => this.messageEl?.focus());
    } else void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-id="${id}"] [part~="reschedule-button"]`)?.focus());
  }

  #payPanel(a: Appointment): HTMLElement | typeof nothing {
    if (!this.#chunk) return nothing;
    let el = this.#pays.get(a.id);
    if (!el) this.#pays.set(a.id, (el = this.#chunk.payPanel(a, this.wechatOpenId)));
    el.appointment = a;
    return el;
  }

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('appointments.label')}>
      <p part="message" class="message" role="status" tabindex="-1" ?hidden=${!this.message}>${this.message ?? ''}</p>
      ${this.renderApi(
        this.#api,
        (d) => this.#renderGroups(d),
        () => this.renderEmpty(this.msg('appointments.empty'), this.msg('appointments.emptyHint')),
      )}
      ${this.#renderDialog()}
    </section>`;
  }

  #renderGroups(d: AppointmentsData): TemplateResult {
    return html`${this.#renderGroup('upcoming', d.upcoming, d)}${this.#renderGroup('past', d.past, d)}`;
  }

  #renderGroup(kind: 'upcoming' | 'past', items: Appointment[], d: AppointmentsData): TemplateResult | typeof nothing {
    if (items.length === 0) return nothing;
    const id = `group-${kind}`;
    return html`<div part="group" class="group ${kind}">
      <div part="group-heading" class="group-heading" role="heading" aria-level=${this.headingLevel} id=${id}>${this.msg(`appointments.${kind}`)}</div>
      <ul part="list" class="list" role="list" aria-labelledby=${id}>
        ${items.map((a) => this.#renderItem(a, d, kind === 'upcoming'))}
      </ul>
    </div>`;
  }

  #name(o: { name: string; nameEn?: string } | undefined): string {
    if (!o) return this.msg('common.unknown');
    return this.l10n.pick(o.name, o.nameEn);
  }

  #renderItem(a: Appointment, d: AppointmentsData, cancellable: boolean): TemplateResult {
    const doctor = d.directory.doctors.get(a.doctorId);
    const department = d.directory.departments.get(a.departmentId);
    const patient = d.patients.get(a.patientId);
    const time = this.l10n.timeRange(a.start, a.end);
    const doctorName = this.#name(doctor);
    const held = cancellable && a.registration?.status === 'held';
    const line = this.#chunk?.registrationLine(this.l10n, a);
    return html`<li part="item item-${a.status}" class="item ${a.status}" data-id=${a.id}>
      <div part="date" class="date" aria-hidden="true">
        <span class="date-month">${this.l10n.format(a.start, { month: 'short' })}</span>
        <span class="date-day">${this.l10n.format(a.start, { day: 'numeric' })}</span>
      </div>
      <div part="details" class="details" id=${`${a.id}-details`}>
        <p class="line1">
          <span class="doctor">${doctorName}</span>
          ${doctor ? html`<span class="title">${this.msg(`title.${doctor.title}`)}</span>` : nothing}
          <span part="status status-${a.status}" class="status ${a.status}">${held ? this.msg('registration.badge') : this.msg(`status.${a.status}`)}</span>
        </p>
        <p class="line2">${this.l10n.date(a.start, true)} ${time} · ${this.#name(department)}</p>
        ${patient || a.number
          ? html`<p class="line3">
              ${patient ? this.msg('appointments.patient', { name: patient.name }) : nothing}${patient && a.number ? ' · ' : nothing}${a.number
                ? html`<span part="number">${this.msg('appointments.number', { number: a.number })}</span>`
                : nothing}
            </p>`
          : nothing}
        ${line ? html`<p part="registration" class="line3">${line}</p>` : nothing}
      </div>
      <div class="aside">
        <span part="fee" class="fee">${this.l10n.money(a.fee)}</span>
        ${cancellable
          ? html`<button
              type="button"
              part="reschedule-button"
              class="button reschedule"
              aria-describedby=${`${a.id}-details`}
              aria-expanded=${this.rescheduling === a.id ? 'true' : 'false'}
              @click=${() => void this.#openReschedule(a)}
            >
              ${this.msg('appointments.reschedule')}
            </button>`
          : nothing}
        ${cancellable
          ? html`<button
              type="button"
              part="cancel-button"
              class="button cancel"
              aria-describedby=${`${a.id}-details`}
              aria-haspopup="dialog"
              @click=${(e: Event) => this.#openCancel(a, e.currentTarget as HTMLElement)}
            >
              ${this.msg('appointments.cancel')}
            </button>`
          : nothing}
      </div>
      ${held ? this.#payPanel(a) : nothing} ${this.rescheduling === a.id ? this.#reschedule : nothing}
    </li>`;
  }

  #renderDialog(): TemplateResult | typeof nothing {
    const a = this.cancelling;
    if (!a) return nothing;
    const d = this.#api.value;
    const doctor = d?.directory.doctors.get(a.doctorId);
    const tooLate = this.cancelError !== undefined && errorCode(this.cancelError) === 'CANCEL_TOO_LATE';
    return html`<dialog
      part="dialog"
      class="dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      @cancel=${this.#onDialogCancel}
      @keydown=${this.#onDialogKey}
    >
      <h2 part="dialog-title" id="dialog-title" class="dialog-title">${this.msg('appointments.dialog.title')}</h2>
      <div id="dialog-body">
        <p class="dialog-what">${this.#name(doctor)} · ${this.l10n.when(a.start, a.end)}</p>
        <p class="dialog-text">${this.msg('appointments.dialog.body')}</p>
        ${this.#chunk?.refundPreview(this.l10n, a) ? html`<p part="dialog-refund" class="dialog-text">${this.#chunk.refundPreview(this.l10n, a)}</p>` : nothing}
      </div>
      ${this.cancelError !== undefined
        ? html`<div part="dialog-error" class="alert" role="alert">${iconAlert}<p>${this.l10n.error(this.cancelError)}</p></div>`
        : nothing}
      <div class="dialog-actions">
        <button type="button" part="dialog-keep-button" class="button" @click=${() => this.#closeDialog()}>
          ${tooLate ? this.msg('common.close') : this.msg('appointments.dialog.keep')}
        </button>
        ${tooLate
          ? nothing
          : html`<button
              type="button"
              part="dialog-confirm-button"
              class="button danger"
              aria-disabled=${this.cancelBusy ? 'true' : 'false'}
              @click=${() => void this.#confirmCancel()}
            >
              ${this.cancelBusy ? this.msg('appointments.dialog.cancelling') : this.msg('appointments.dialog.confirm')}
            </button>`}
      </div>
    </dialog>`;
  }
}
