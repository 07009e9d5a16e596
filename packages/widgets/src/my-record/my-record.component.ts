import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { careOf, clinicOf, prescriptionsOf, type Department, type Doctor, type Patient, type PatientReferral } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import type { StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { iconAlert } from '../internal/icons.js';
import { appointmentsStrings, consultStrings, prescriptionStrings } from '../locales/areas.js';
import { careStrings } from '../locales/care/area.js';
import { recordStrings } from '../locales/record/area.js';
import { RECORD_KINDS, recordDiagnoses, recordEntries, type RecordEntry, type RecordKind, type RecordSources } from './record-entries.js';
import styles from './my-record.styles.js';

/** What one line of the timeline says. */
interface Description {
  title: string;
  detail?: string;
  /** What to do (a referral's time and place), in full words. */
  note?: TemplateResult;
  status?: TemplateResult;
}

interface RecordData {
  entries: RecordEntry[];
  /** How many of the lists could not be read (the rest is shown). */
  failed: number;
  departments: Map<string, Department>;
  doctors: Map<string, Doctor>;
}


/**
 * @summary A patient's own record in one place (我的健康档案): the diagnoses they were given, and
 * a timeline of their visits, online consults, prescriptions, follow-up plans and referrals to
 * other hospitals of the network (双向转诊: where and when to go, and the number to show there),
 * newest first, filtered by kind; for the signed-in user and each family member
 * they book for. A list the hospital cannot give just now is left out with a note (the rest
 * shows). Opening a line tells the page which record it is (`ih-record-open`), for it to show
 * that record's own element; a referral has no element of its own and says all on its line. Lab
 * and imaging reports are `<ih-reports>`'s.
 *
 * @event ih-record-open - A line was opened. `detail: { kind, recordId, patientId }` — ids and the list's name only.
 *
 * @csspart base - The card.
 * @csspart patient - The choice of whose record (when the account has more than one patient).
 * @csspart partial - The note that some lists could not be read, with its retry button.
 * @csspart diagnoses - The diagnoses.
 * @csspart diagnosis - One diagnosis.
 * @csspart filter - The choice of which kind of line to show.
 * @csspart year - A year's heading in the timeline.
 * @csspart timeline - The timeline.
 * @csspart entry - One line; also `entry-visit`, `entry-consult`, `entry-prescription`, `entry-care`, `entry-referral`.
 * @csspart referral-visit - On an accepted referral: when and where to go, and the number to show there.
 * @csspart open-button - Opens a line's record.
 * @csspart loading - The loading skeleton.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Shown when the user is not signed in.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhMyRecord extends IhElement {
  static override styles = styles;
  static override properties = {
    patientId: { attribute: 'patient-id' },
    headingLevel: { attribute: 'heading-level', type: Number },
    chosen: { state: true },
    kind: { state: true },
  };
  static override stringAreas = [...IhElement.stringAreas, appointmentsStrings, consultStrings, prescriptionStrings, careStrings, recordStrings];

  protected override get signInHint(): StringKey {
    return 'record.signInHint';
  }

  /** Whose record to show first (one of the account's patients); else the account holder's. */
  patientId?: string;
  /** The ARIA level of the section headings, to fit the host page's outline. */
  headingLevel = 3;
  private chosen?: string;
  private kind: RecordKind | 'all' = 'all';

  readonly #patients = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => client.listMyPatients({ signal }).then((r) => r.items),
    isEmpty: (items: Patient[]) => items.length === 0,
  });

  get #patient(): string | undefined {
    const items = this.#patients.value ?? [];
    return [this.chosen, this.patientId].find((id) => id && items.some((p) => p.id === id)) ?? items.find((p) => p.relation === 'self')?.id ?? items[0]?.id;
  }

  readonly #record = new ApiController(this, {
    args: () => {
      const id = this.#patient;
      return this.client && id ? ([this.client, id] as const) : undefined;
    },
    task: async ([client, patientId], signal): Promise<RecordData> => {
      const o = { signal };
      // A list that could not be read is left out (and counted), not the whole record; its error is kept.
      const errors: unknown[] = [];
      const settle = <T>(p: Promise<T>): Promise<T | undefined> => p.catch((e: unknown) => void errors.push(e));
      const [appointments, conditions, consults, prescriptions, plans, referrals, departments, doctors] = await Promise.all([
        settle(client.listMyAppointments({}, o).then((r) => r.items)),
        settle(clinicOf(client).listConditions(patientId, o).then((r) => r.items)),
        settle(clinicOf(client).listConsults({}, o).then((r) => r.items)),
        settle(prescriptionsOf(client).listPrescriptions({}, o).then((r) => r.items)),
        settle(careOf(client).listPlans(o)),
        settle(client.listMyReferrals(o).then((r) => r.items)),
        // The directory only names departments and doctors: without it the lines say 'unknown'.
        client.listDepartments(o).then((r) => r.items, () => undefined),
        client.listDoctors({}, o).then((r) => r.items, () => undefined),
      ]);
      signal.throwIfAborted();
      const sources: RecordSources = { appointments, conditions, consults, prescriptions, plans, referrals };
      const failed = Object.values(sources).filter((v) => v === undefined).length;
      // Nothing could be read at all: that is an error to retry, not an empty record.
      if (failed === Object.keys(sources).length) throw errors[0];
      return {
        entries: recordEntries(patientId, sources),
        failed,
        departments: new Map((departments ?? []).map((d) => [d.id, d])),
        doctors: new Map((doctors ?? []).map((d) => [d.id, d])),
      };
    },
    isEmpty: (d) => d.entries.length === 0 && d.failed === 0,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('patientId')) this.chosen = undefined;
  }

  #open(e: Exclude<RecordEntry, { source: 'referral' }>): void {
    emit(this, 'ih-record-open', { kind: e.source, recordId: e.id, patientId: this.#patient! });
  }

  protected override render(): TemplateResult {
    return html`<section part="base" class="card" lang=${this.l10n.locale} aria-label=${this.msg('record.label')}>
      ${this.renderApi(
        this.#patients,
        (patients) => html`${this.#renderPatients(patients)}${this.renderApi(this.#record, (d) => this.#renderRecord(d), () => this.renderEmpty(this.msg('record.empty'), this.msg('record.emptyHint')))}`,
        () => this.renderNoPatients(),
      )}
    </section>`;
  }

  #renderPatients(patients: Patient[]): TemplateResult | typeof nothing {
    if (patients.length < 2) return nothing;
    return html`<label part="patient" class="field patient">
      <span class="label">${this.msg('record.patient')}</span>
      <select class="input" @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value)}>
        ${patients.map((p) => html`<option value=${p.id} ?selected=${p.id === this.#patient}>${p.name}</option>`)}
      </select>
    </label>`;
  }

  #renderRecord(d: RecordData): TemplateResult {
    const shown = this.kind === 'all' ? d.entries : d.entries.filter((e) => e.kind === this.kind);
    const diagnoses = recordDiagnoses(d.entries);
    return html`${d.failed
        ? html`<div part="partial" class="alert" role="status">
            ${iconAlert}
            <p>${this.msg('record.partial')}</p>
            <button type="button" class="button" @click=${() => void this.#record.run()}>${this.msg('record.retry')}</button>
          </div>`
        : nothing}
      ${diagnoses.length
        ? html`<div class="group">
            <div class="heading" role="heading" aria-level=${this.headingLevel}>${this.msg('record.diagnoses')}</div>
            <ul part="diagnoses" class="diagnoses" role="list">
              ${diagnoses.map(
                (g) => html`<li part="diagnosis" class="diagnosis">
                  <span class="diagnosis-name">${g.name}</span>${g.code ? html` <span class="muted code">${g.code}</span>` : nothing}
                  <span class="muted">${this.msg('record.diagnoses.last', { date: this.l10n.date(g.lastAt, true) })}</span>
                </li>`,
              )}
            </ul>
          </div>`
        : nothing}
      <div class="group">
        <div class="heading" role="heading" aria-level=${this.headingLevel} id="timeline-heading">${this.msg('record.timeline')}</div>
        ${this.#renderFilter()}
        ${shown.length ? this.#renderTimeline(shown, d) : html`<p class="muted" role="status">${this.msg('record.filterEmpty')}</p>`}
      </div>`;
  }

  #renderFilter(): TemplateResult {
    return html`<fieldset part="filter" class="filter">
      <legend class="visually-hidden">${this.msg('record.filter')}</legend>
      ${(['all', ...RECORD_KINDS] as const).map(
        (k) => html`<label class="chip">
          <input type="radio" name="kind" value=${k} .checked=${this.kind === k} @change=${() => (this.kind = k)} />
          <span>${this.msg(k === 'all' ? 'record.filter.all' : `record.kind.${k}`)}</span>
        </label>`,
      )}
    </fieldset>`;
  }

  #renderTimeline(entries: RecordEntry[], d: RecordData): TemplateResult {
    const years: { year: string; items: RecordEntry[] }[] = [];
    for (const e of entries) {
      const year = e.at.slice(0, 4);
      if (years.at(-1)?.year !== year) years.push({ year, items: [] });
      years.at(-1)!.items.push(e);
    }
    return html`<div part="timeline" class="timeline" aria-labelledby="timeline-heading">
      ${years.map(
        (y) => html`<div part="year" class="year">${this.msg('record.year', { year: y.year })}</div>
          <ul class="entries" role="list">
            ${y.items.map((e) => this.#renderEntry(e, d))}
          </ul>`,
      )}
    </div>`;
  }

  #renderEntry(e: RecordEntry, d: RecordData): TemplateResult {
    const { title, detail, note, status } = this.#describe(e, d);
    return html`<li part="entry entry-${e.kind}" class="entry" data-kind=${e.kind}>
      <span class="when">${this.l10n.date(e.at, true)}</span>
      <span class="what">
        <span class="kind">${this.msg(`record.kind.${e.kind}`)}</span>
        <span class="title">${title}</span>
        ${detail ? html`<span class="muted detail">${detail}</span>` : nothing}
        ${note ?? nothing}
      </span>
      ${status ?? nothing}
      ${e.source === 'referral'
        ? nothing
        : html`<button type="button" part="open-button" class="button link" aria-label=${this.msg('record.open.label', { what: title })} @click=${() => this.#open(e)}>${this.msg('record.open')}</button>`}
    </li>`;
  }

  #name(o: { name: string; nameEn?: string } | undefined): string {
    return o ? this.l10n.pick(o.name, o.nameEn) : this.msg('common.unknown');
  }

  #badge(key: StringKey, tone: 'ok' | 'plain' = 'plain'): TemplateResult {
    return html`<span class="status ${tone}">${this.msg(key)}</span>`;
  }

  /** The words of one line: its title, a detail, a note to act on, and a status badge. */
  #describe(e: RecordEntry, d: RecordData): Description {
    switch (e.source) {
      case 'appointment':
        return {
          title: this.msg('record.visit.appointment', { department: this.#name(d.departments.get(e.item.departmentId)), doctor: this.#name(d.doctors.get(e.item.doctorId)) }),
          status: this.#badge(`status.${e.item.status}`, e.item.status === 'booked' ? 'ok' : 'plain'),
        };
      case 'encounter':
        return { title: this.msg('record.visit.encounter', { diagnosis: e.item.name }), detail: this.#name(d.departments.get(e.item.departmentId)) };
      case 'consult':
        return {
          title: this.msg('record.consult.title', { doctor: this.#name(d.doctors.get(e.item.doctorId)) }),
          ...(e.item.record ? { detail: this.msg('record.consult.diagnosis', { diagnosis: e.item.record.diagnosis }) } : {}),
          status: this.#badge(`consult.status.${e.item.status}`),
        };
      case 'prescription':
        return {
          title: this.msg('record.prescription.title', { number: e.item.number }),
          detail: this.msg('record.prescription.detail', { diagnosis: e.item.diagnosis.name, count: e.item.items.length }),
          status: this.#badge(`rx.status.${e.item.status}`),
        };
      case 'care':
        return {
          title: this.msg(`care.template.${e.item.templateId}`),
          detail: this.msg('record.care.since', { date: this.l10n.date(e.item.startedAt, true) }),
          status: this.#badge(e.item.status === 'active' ? 'record.care.active' : 'record.care.ended', e.item.status === 'active' ? 'ok' : 'plain'),
        };
      case 'referral':
        return this.#describeReferral(e.item);
    }
  }

  /** A referral as its patient reads it: where to, from where, and once a place is reserved, when to go and the number to show. */
  #describeReferral(r: PatientReferral): Description {
    const where = { hospital: r.hospitalName, department: r.departmentName };
    const title = this.msg(r.direction === 'up' ? 'record.referral.up' : 'record.referral.down', where);
    const live = r.state === 'accepted';
    const details = [
      r.fromHospitalName ? this.msg('record.referral.from', { hospital: r.fromHospitalName }) : '',
      r.followUp && live ? this.msg('record.referral.followUp', { plan: this.msg(`care.template.${r.followUp}`) }) : '',
    ].filter(Boolean);
    const note = live && r.start
      ? html`<span part="referral-visit" class="referral-visit">${this.msg(r.number ? 'record.referral.visit' : 'record.referral.visitNoNumber', { ...where, time: r.end ? this.l10n.when(r.start, r.end) : `${this.l10n.date(r.start)} ${this.l10n.time(r.start)}`, number: r.number ?? '' })}</span>`
      : undefined;
    return {
      title,
      ...(details.length ? { detail: details.join(' · ') } : {}),
      ...(note ? { note } : {}),
      status: this.#badge(`record.referral.state.${r.state}`, live || r.state === 'arrived' ? 'ok' : 'plain'),
    };
  }
}
