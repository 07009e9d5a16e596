import { html, nothing, type TemplateResult } from 'lit';
import {
  localDate,
  triage,
  triageAge,
  triageBodyAreas,
  triageQuestions,
  triageSymptoms,
  triageText,
  TRIAGE_DURATIONS,
  type Department,
  type Patient,
  type TriageDuration,
  type TriagePatient,
  type TriageResult,
  type TriageRules,
  type TriageText,
} from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import type { StringKey } from '../internal/localize.js';
import { emit } from '../internal/events.js';
import { mayActFor } from '../internal/patient-options.js';
import { iconAlert, iconBack, iconChevron } from '../internal/icons.js';
import { triageStrings } from '../locales/triage/area.js';
import styles from './triage.styles.js';

/** The steps of triage, in order; `result` shows departments, the emergency advice or "none". */
export const TRIAGE_STEPS = ['patient', 'area', 'symptoms', 'duration', 'questions', 'result'] as const;
export type TriageStep = (typeof TRIAGE_STEPS)[number];

interface Loaded {
  rules: TriageRules;
  patients: Patient[];
  departments: Department[];
}

/**
 * @summary Guided triage (智能导诊): who it is for, where it hurts, what they feel, how long and
 * a few yes/no questions, to the hospital's departments that fit, with the reasons — or, on a
 * red-flag answer, straight to the emergency advice and a call to 120. The hospital's rules come
 * from the gateway (`getTriageRules`); the answers are evaluated here, on the patient's device,
 * and are never sent anywhere or put in an event. Age and sex are taken from the patient's record.
 *
 * @event ih-triaged - Triage reached its result. `detail: { outcome, departmentId? }`: `departments`
 * (with the best department's id), `emergency` or `none` — never the answers.
 * @event ih-triage-book - The patient chose to book a suggested department. `detail: { departmentId, patientId }`.
 * The host shows `<ih-booking department=…>`; inside `<ih-booking>` the booking continues by itself.
 *
 * @csspart base - The card around the whole widget.
 * @csspart header - The row with the back button and the step heading.
 * @csspart back-button - Goes to the previous step.
 * @csspart heading - The heading of the current step (focused on step change).
 * @csspart body - The content of the current step.
 * @csspart privacy - The note that the answers stay on the device.
 * @csspart option-list - A list of patients or body areas.
 * @csspart option - One patient or body area button.
 * @csspart symptoms - The symptom checkboxes (a fieldset).
 * @csspart symptom - One symptom (a label with its checkbox).
 * @csspart durations - The duration radio buttons (a fieldset).
 * @csspart question - One follow-up question (a fieldset of yes and no).
 * @csspart next-button - Goes on to the next step.
 * @csspart form-error - Says what is missing before going on.
 * @csspart suggestions - The suggested departments (a list).
 * @csspart suggestion - One suggested department with its reasons.
 * @csspart reasons - The reasons for a department.
 * @csspart book-button - Books a suggested department.
 * @csspart disclaimer - "Guidance, not a diagnosis".
 * @csspart emergency - The red-flag screen.
 * @csspart call-button - The tel: link to the emergency number.
 * @csspart again-button - Starts again.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Shown when the user is not signed in.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-on-primary - Text on the brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background of cards.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - The emergency screen and errors.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-family - Font stack.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhTriage extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    step: { state: true },
    patientId: { state: true },
    areaId: { state: true },
    symptoms: { state: true },
    duration: { state: true },
    answers: { state: true },
    result: { state: true },
    formError: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, triageStrings];

  protected override get signInHint(): StringKey {
    return 'triage.signInHint';
  }

  /** The ARIA level of the step heading, to fit the host page's outline. */
  headingLevel = 3;

  /** The current step. */
  step: TriageStep = 'patient';
  private patientId?: string;
  private areaId?: string;
  private symptoms: string[] = [];
  private duration?: TriageDuration;
  /** Follow-up answers by question key: true yes, false no. */
  private answers: Record<string, boolean> = {};
  private result?: TriageResult;
  private formError?: StringKey;
  #focusHeading = false;

  readonly #data = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: async ([client], signal): Promise<Loaded> => {
      const [rules, patients, departments] = await Promise.all([
        client.getTriageRules({ signal }),
        // Only those the user may act for: a pending family link shows nothing of its patient.
        client.listMyPatients({ signal }).then((r) => r.items.filter(mayActFor)),
        client.listDepartments({ signal }).then((r) => r.items),
      ]);
      return { rules, patients, departments };
    },
    isEmpty: (d: Loaded) => d.rules.bodyAreas.length === 0,
  });

  get #patient(): Patient | undefined {
    return this.#data.value?.patients.find((p) => p.id === this.patientId);
  }

  /** Age (from the birth date, on the hospital's calendar) and sex of the chosen patient. */
  get #who(): TriagePatient | undefined {
    const p = this.#patient;
    return p && { ageYears: triageAge(p.birthDate, localDate(new Date(), this.l10n.timeZone)), sex: p.gender };
  }

  /** Starts again from the first step. */
  reset(): void {
    this.patientId = this.areaId = this.duration = this.result = this.formError = undefined;
    this.symptoms = [];
    this.answers = {};
    this.#goTo('patient');
  }

  protected override updated(): void {
    if (this.#focusHeading) {
      this.#focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    }
  }

  #goTo(step: TriageStep): void {
    this.step = step;
    this.formError = undefined;
    this.#focusHeading = true;
  }

  #back(): void {
    if (this.step === 'result') {
      // From a result, back to the last step that was shown.
      this.#goTo(this.#questions.length ? 'questions' : this.duration ? 'duration' : 'symptoms');
      return;
    }
    const i = TRIAGE_STEPS.indexOf(this.step);
    if (i > 0) this.#goTo(TRIAGE_STEPS[i - 1]!);
  }

  get #questions() {
    const who = this.#who;
    const rules = this.#data.value?.rules;
    return who && rules ? triageQuestions(rules, this.symptoms, who) : [];
  }

  #choosePatient(id: string): void {
    if (id !== this.patientId) {
      this.symptoms = [];
      this.answers = {};
      this.areaId = undefined;
    }
    this.patientId = id;
    this.#goTo('area');
  }

  #chooseArea(id: string): void {
    this.areaId = id;
    this.#goTo('symptoms');
  }

  #toggleSymptom(id: string, on: boolean): void {
    this.symptoms = on ? [...new Set([...this.symptoms, id])] : this.symptoms.filter((s) => s !== id);
    this.formError = undefined;
  }

  /** Evaluates what is answered so far: a red flag ends triage at once; otherwise on to `next`. */
  #advance(next: TriageStep): void {
    const result = this.#evaluate();
    if (result?.kind === 'emergency' || next === 'result') this.#finish(result);
    else this.#goTo(next);
  }

  #evaluate(): TriageResult | undefined {
    const rules = this.#data.value?.rules;
    const who = this.#who;
    if (!rules || !who) return undefined;
    const yes = Object.entries(this.answers).filter(([, v]) => v).map(([k]) => k);
    const result = triage(rules, { symptoms: this.symptoms, duration: this.duration, yes }, who);
    if (result.kind !== 'departments') return result;
    // Only what the HIS lists can be booked here.
    const listed = new Set(this.#data.value!.departments.map((d) => d.id));
    const departments = result.departments.filter((d) => listed.has(d.departmentId));
    return departments.length ? { kind: 'departments', departments } : { kind: 'none' };
  }

  #finish(result: TriageResult | undefined): void {
    if (!result) return;
    this.result = result;
    this.#goTo('result');
    emit(this, 'ih-triaged', result.kind === 'departments' ? { outcome: 'departments', departmentId: result.departments[0]!.departmentId } : { outcome: result.kind });
  }

  #nextFromSymptoms(): void {
    if (!this.symptoms.length) {
      this.formError = 'triage.symptoms.required';
      return;
    }
    this.#advance('duration');
  }

  #nextFromDuration(): void {
    if (!this.duration) {
      this.formError = 'triage.duration.required';
      return;
    }
    this.#advance(this.#questions.length ? 'questions' : 'result');
  }

  #nextFromQuestions(): void {
    if (this.#questions.some((q) => this.answers[q.id] === undefined)) {
      this.formError = 'triage.questions.required';
      return;
    }
    this.#advance('result');
  }

  #book(departmentId: string): void {
    if (this.patientId) emit(this, 'ih-triage-book', { departmentId, patientId: this.patientId });
  }

  #text(t: TriageText): string {
    return triageText(t, this.l10n.locale);
  }

  // ——— rendering ———

  protected override render(): TemplateResult {
    const emergency = this.step === 'result' && this.result?.kind === 'emergency';
    return html`<section part="base" class=${emergency ? 'alarm' : ''} lang=${this.l10n.locale} aria-label=${this.msg('triage.label')}>
      <div part="header" class="header">
        ${this.step !== 'patient' && this.#data.status === 'ready'
          ? html`<button type="button" part="back-button" class="button link back" @click=${this.#back}>${iconBack}<span>${this.msg('common.back')}</span></button>`
          : nothing}
        <div class="heading-wrap">
          <div part="heading" class="heading" role="heading" aria-level=${this.headingLevel} tabindex="-1">${this.#title}</div>
          ${this.step !== 'result' ? html`<p class="step-of">${this.msg('triage.stepOf', { current: TRIAGE_STEPS.indexOf(this.step) + 1, total: TRIAGE_STEPS.length - 1 })}</p>` : nothing}
        </div>
      </div>
      <div part="body" class="body">
        ${this.config ? this.renderApi(this.#data, () => this.#renderStep(), () => this.renderEmpty(this.msg('triage.empty'), this.msg('triage.emptyHint'))) : this.renderNotConfigured()}
      </div>
    </section>`;
  }

  get #title(): string {
    if (this.step !== 'result') return this.msg(`triage.step.${this.step}`);
    return this.msg(this.result?.kind === 'emergency' ? 'triage.step.emergency' : this.result?.kind === 'none' ? 'triage.step.none' : 'triage.step.result');
  }

  #renderStep(): TemplateResult {
    const data = this.#data.value!;
    const who = this.#who;
    if (this.step !== 'patient' && !who) return this.#renderPatients(data.patients);
    switch (this.step) {
      case 'patient':
        return this.#renderPatients(data.patients);
      case 'area':
        return this.#renderAreas(data.rules, who!);
      case 'symptoms':
        return this.#renderSymptoms(data.rules, who!);
      case 'duration':
        return this.#renderDurations();
      case 'questions':
        return this.#renderQuestions();
      case 'result':
        return this.#renderResult(data);
    }
  }

  #renderPatients(patients: Patient[]): TemplateResult {
    if (!patients.length) return this.renderNoPatients();
    return html`<p part="privacy" class="hint privacy">${this.msg('triage.privacy')}</p>
      <ul part="option-list" class="options" role="list">
        ${patients.map(
          (p) => html`<li>
            <button type="button" part="option" class="option" aria-current=${p.id === this.patientId ? 'true' : nothing} @click=${() => this.#choosePatient(p.id)}>
              <span class="option-main">
                <span class="option-title">${p.name} <span class="badge">${this.msg(`relation.${p.relation}`)}</span>${p.minor ? html` <span class="badge minor">${this.msg('triage.patients.minor')}</span>` : nothing}</span>
              </span>
              <span class="chevron">${iconChevron}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }

  #renderAreas(rules: TriageRules, who: TriagePatient): TemplateResult {
    const areas = triageBodyAreas(rules, who);
    if (!areas.length) return this.renderEmpty(this.msg('triage.empty'), this.msg('triage.emptyHint'));
    return html`<ul part="option-list" class="options areas" role="list">
      ${areas.map((a) => {
        const chosen = triageSymptoms(rules, a.id, who).filter((s) => this.symptoms.includes(s.id)).length;
        return html`<li>
          <button type="button" part="option" class="option" aria-current=${a.id === this.areaId ? 'true' : nothing} @click=${() => this.#chooseArea(a.id)}>
            <span class="option-main">
              <span class="option-title">${this.#text(a.label)}</span>
              ${chosen ? html`<span class="option-sub">${this.msg('triage.symptoms.chosen', { count: chosen })}</span>` : nothing}
            </span>
            <span class="chevron">${iconChevron}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }

  #renderFormError(): TemplateResult | typeof nothing {
    return this.formError ? html`<p part="form-error" class="alert" role="alert">${iconAlert}<span>${this.msg(this.formError)}</span></p>` : nothing;
  }

  #renderNext(onClick: () => void, label: StringKey = 'triage.next'): TemplateResult {
    return html`${this.#renderFormError()}
      <div class="actions"><button type="button" part="next-button" class="button primary" @click=${onClick}>${this.msg(label)}</button></div>`;
  }

  #renderSymptoms(rules: TriageRules, who: TriagePatient): TemplateResult {
    const area = rules.bodyAreas.find((a) => a.id === this.areaId);
    const symptoms = area ? triageSymptoms(rules, area.id, who) : [];
    return html`<fieldset part="symptoms" class="choices">
        <legend class="legend">${area ? this.#text(area.label) : ''}</legend>
        <p class="hint">${this.msg('triage.symptoms.hint')}</p>
        ${symptoms.map(
          (s) => html`<label part="symptom" class="choice">
            <input type="checkbox" .checked=${this.symptoms.includes(s.id)} @change=${(e: Event) => this.#toggleSymptom(s.id, (e.target as HTMLInputElement).checked)} />
            <span>${this.#text(s.label)}</span>
          </label>`,
        )}
      </fieldset>
      ${this.#renderNext(() => this.#nextFromSymptoms())}`;
  }

  #renderDurations(): TemplateResult {
    return html`<fieldset part="durations" class="choices">
        <legend class="visually-hidden">${this.msg('triage.step.duration')}</legend>
        ${TRIAGE_DURATIONS.map(
          (d) => html`<label class="choice">
            <input type="radio" name="duration" .checked=${this.duration === d} @change=${() => { this.duration = d; this.formError = undefined; }} />
            <span>${this.msg(`triage.duration.${d}`)}</span>
          </label>`,
        )}
      </fieldset>
      ${this.#renderNext(() => this.#nextFromDuration(), this.#questions.length ? 'triage.next' : 'triage.result.see')}`;
  }

  #renderQuestions(): TemplateResult {
    return html`${this.#questions.map(
        (q) => html`<fieldset part="question" class="question">
          <legend class="legend">${this.#text(q.label)}</legend>
          <div class="yes-no">
            ${([true, false] as const).map(
              (v) => html`<label class="choice">
                <input type="radio" name=${q.id} .checked=${this.answers[q.id] === v} @change=${() => { this.answers = { ...this.answers, [q.id]: v }; this.formError = undefined; }} />
                <span>${this.msg(v ? 'triage.questions.yes' : 'triage.questions.no')}</span>
              </label>`,
            )}
          </div>
        </fieldset>`,
      )}
      ${this.#renderNext(() => this.#nextFromQuestions(), 'triage.result.see')}`;
  }

  #renderResult(data: Loaded): TemplateResult {
    const result = this.result;
    const again = html`<div class="actions"><button type="button" part="again-button" class="button" @click=${() => this.reset()}>${this.msg('triage.again')}</button></div>`;
    if (!result || result.kind === 'none') {
      return html`${this.renderEmpty(this.msg('triage.none.title'), this.msg('triage.none.hint'))}${again}`;
    }
    if (result.kind === 'emergency') {
      return html`<div part="emergency" class="emergency" role="alert">
          <p class="emergency-title">${iconAlert}<span>${this.msg('triage.emergency.title')}</span></p>
          ${result.redFlags.map((f) => html`<p class="advice">${this.#text(f.advice)}</p>`)}
          <a part="call-button" class="button call" href=${`tel:${result.phone}`}>${this.msg('triage.emergency.call', { number: result.phone })}</a>
          <p>${this.msg('triage.emergency.go')}</p>
        </div>
        ${again}`;
    }
    const names = new Map(data.departments.map((d) => [d.id, this.l10n.pick(d.name, d.nameEn)]));
    return html`<p class="intro">${this.msg('triage.result.intro')}</p>
      <ol part="suggestions" class="suggestions" role="list">
        ${result.departments.slice(0, 3).map((d, i) => {
          const name = names.get(d.departmentId) ?? '';
          return html`<li part="suggestion" class="suggestion">
            <p class="suggestion-title">${name}${i === 0 ? html` <span class="badge best">${this.msg('triage.result.best')}</span>` : nothing}</p>
            <p class="visually-hidden">${this.msg('triage.result.reasons')}</p>
            <ul part="reasons" class="reasons">
              ${d.reasons.map((r) => html`<li>${this.#text(r)}</li>`)}
            </ul>
            <button type="button" part="book-button" class="button ${i === 0 ? 'primary' : ''}" @click=${() => this.#book(d.departmentId)}>${this.msg('triage.result.book', { department: name })}</button>
          </li>`;
        })}
      </ol>
      <p part="disclaimer" class="hint">${this.msg('triage.result.disclaimer')}</p>
      ${again}`;
  }
}
