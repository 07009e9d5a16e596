import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { careOf, measureKey, type CareMeasure, type CarePlan, type CareQuestionnaireId, type CareQuestionnaireResponse, type CareQuestionnaireResponseInput, type CareReading, type CareReadingInput, type Patient } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { FocusAfterUpdate } from '../internal/focus.js';
import { ApiController } from '../internal/api-controller.js';
import { viewHeader } from '../internal/view-header.js';
import { optionBody } from '../internal/option.js';
import { loadStrings, stringsReady, type StringKey } from '../internal/localize.js';
import { careStrings } from '../locales/care/area.js';
import { frequency, itemName, readingLevel, readingValue } from './reading-text.js';
import type { WebBluetooth } from './meter.js';
import type { QuestionnaireFill } from './questionnaire-form.js';
import styles from './followup.styles.js';

/** The values a reading of a measure is typed in as, by field. */
type Field = 'systolic' | 'diastolic' | 'pulse' | 'glucose' | 'weight';
const FIELDS: Record<CareMeasure['kind'], Array<{ field: Field; optional?: boolean; integer?: boolean }>> = {
  'blood-pressure': [{ field: 'systolic', integer: true }, { field: 'diastolic', integer: true }, { field: 'pulse', optional: true, integer: true }],
  pulse: [{ field: 'pulse', integer: true }],
  glucose: [{ field: 'glucose' }],
  weight: [{ field: 'weight' }],
};
/** The plausible range of each value (the gateway refuses others). */
const RANGE: Record<Field, [number, number]> = { systolic: [40, 300], diastolic: [20, 200], pulse: [20, 250], glucose: [0.5, 40], weight: [2, 400] };

/**
 * @summary The patient's chronic-disease follow-up (慢病随访): the plans their care team put
 * them (or a family member) on, today's tasks — which readings are due, done or missed — and the
 * next clinic visit; recording a home reading by hand (blood pressure and pulse, glucose fasting
 * or after a meal, weight), told at once whether it is within the plan's targets or was passed to
 * the care team; and the readings so far as a table. Where the browser has Web Bluetooth, a
 * reading can come from a meter of the standard Blood Pressure, Glucose or Weight Scale profile
 * (the patient checks it, then saves); typing it in works everywhere. A questionnaire the plan
 * asks for (PHQ-9, GAD-7) shows among the tasks when due and is filled in one question at a time
 * (a chunk loaded when opened; a draft is kept in the tab's sessionStorage until it is sent).
 *
 * The element emits no events; readings go only to the gateway.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the heading.
 * @csspart heading - The heading.
 * @csspart back-button - Back to the list of plans.
 * @csspart option-list - The plans to choose from.
 * @csspart option - One plan.
 * @csspart tasks - Today's tasks.
 * @csspart task - One task; also `task-done`, `task-due`, `task-missed`.
 * @csspart questionnaire-button - Opens a due questionnaire.
 * @csspart questionnaire - A questionnaire being filled in, one question at a time.
 * @csspart questionnaire-progress - How far through it the patient is.
 * @csspart question - The question's text.
 * @csspart choice - An answer's radio button.
 * @csspart next-button - The next question, or sends the answers at the last.
 * @csspart previous-button - The question before.
 * @csspart later-button - Closes it, keeping the draft.
 * @csspart questionnaire-sent - The answers were sent; also `questionnaire-safety` when the care team was told of a safety answer.
 * @csspart revisit - The next clinic visit.
 * @csspart form - The reading form.
 * @csspart kind-select - What is measured.
 * @csspart input - A value field.
 * @csspart field-error - What is wrong with a field.
 * @csspart save-button - Saves the reading.
 * @csspart meter-button - Reads the measure from a Bluetooth meter (only where the browser has Web Bluetooth).
 * @csspart meter-status - Whether the meter's values are in the form, or reading it failed.
 * @csspart result - What the saved reading means; also `result-ok`, `result-target`, `result-alert`.
 * @csspart articles - The articles the care team assigned (an `<ih-articles>`).
 * @csspart history - The readings table.
 * @csspart reading - One row; also `reading-ok`, `reading-target`, `reading-alert`.
 * @csspart loading - The loading skeleton.
 * @csspart empty - An empty state.
 * @csspart error - An error state.
 * @csspart retry-button - Retries a failed load.
 * @csspart sign-in - Signed out.
 *
 * @cssproperty --ih-color-primary - Brand colour.
 * @cssproperty --ih-color-bg - Background.
 * @cssproperty --ih-color-surface - Subtle background.
 * @cssproperty --ih-color-text - Body text.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-danger - Readings passed to the care team, errors.
 * @cssproperty --ih-color-warning - Readings outside the target, missed tasks.
 * @cssproperty --ih-color-success - Done tasks.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhFollowup extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    chosen: { state: true },
    measure: { state: true },
    values: { state: true },
    invalid: { state: true },
    saved: { state: true },
    meter: { state: true },
    filling: { state: true },
    answered: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, careStrings];

  protected override get signInHint(): StringKey {
    return 'followup.signInHint';
  }

  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;

  private chosen?: string;
  /** The measure being recorded (its measureKey). */
  private measure?: string;
  private values: Partial<Record<Field, string>> = {};
  private invalid: Field[] = [];
  private saved?: CareReading;
  /** Reading a Bluetooth meter: under way, done (its values are in the form), or failed. */
  private meter?: 'reading' | 'read' | 'failed';
  /** When the meter measured what the form holds (the values came from it). */
  #fromMeter?: { takenAt?: Date };
  readonly #focus = new FocusAfterUpdate(this);
  /** The plan's reading list (<ih-articles>), once its chunk loaded. */
  #articles?: { plan: string; el?: HTMLElement };
  /** The questionnaire being filled in, and the answers just sent. */
  private filling?: QuestionnaireFill;
  private answered?: CareQuestionnaireResponse;
  #form?: typeof import('./questionnaire-form.js');

  /** The browser's Web Bluetooth, where it has one (Chrome and Edge on desktop and Android; not Safari, Firefox or WeChat's browser). */
  get #bluetooth(): WebBluetooth | undefined {
    return (navigator as Navigator & { bluetooth?: WebBluetooth }).bluetooth;
  }

  readonly #plans = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: async ([client], signal) => {
      const [plans, patients] = await Promise.all([careOf(client).listPlans({ signal }), client.listMyPatients({ signal }).then((r) => r.items, () => [] as Patient[])]);
      if (plans.length === 1) this.chosen = plans[0]!.id;
      return { plans, patients };
    },
    isEmpty: (v: { plans: CarePlan[] }) => v.plans.length === 0,
  });

  readonly #readings = new ApiController(this, {
    args: () => (this.client && this.chosen ? ([this.client, this.chosen] as const) : undefined),
    task: ([client, planId], signal) => careOf(client).listReadings(planId, { signal }),
  });

  get #plan(): CarePlan | undefined {
    return this.#plans.value?.plans.find((p) => p.id === this.chosen);
  }

  protected override willUpdate(changed: PropertyValues): void {
    const plan = this.#plan;
    if (changed.has('chosen')) {
      this.saved = undefined;
      this.meter = undefined;
      this.#fromMeter = undefined;
      this.values = {};
      this.invalid = [];
      this.measure = undefined;
      this.filling = undefined;
      this.answered = undefined;
    }
    if (plan && !this.measure) this.measure = measureKey((plan.tasks.find((t) => t.due) ?? plan.measures[0])!);
  }


  #title(plan: CarePlan): string {
    const template = this.msg(`care.template.${plan.templateId}`);
    const name = this.#plans.value?.patients.find((p) => p.id === plan.patientId)?.name;
    return name && (this.#plans.value?.patients.length ?? 0) > 1 ? `${template} · ${name}` : template;
  }

  #measureOf(plan: CarePlan): CareMeasure {
    return plan.measures.find((m) => measureKey(m) === this.measure) ?? plan.measures[0]!;
  }

  #save = async (e: Event) => {
    e.preventDefault();
    const plan = this.#plan;
    if (!plan || !this.client) return;
    const m = this.#measureOf(plan);
    const invalid: Field[] = [];
    const now = Date.now();
    // The meter's own time, when it has one that the gateway takes (the last 30 days, not ahead).
    const metered = this.#fromMeter?.takenAt;
    const takenAt = metered && metered.getTime() <= now && metered.getTime() > now - 29 * 86_400_000 ? metered : new Date(now);
    const body: CareReadingInput = { kind: m.kind, takenAt: takenAt.toISOString(), source: this.#fromMeter ? 'bluetooth' : 'manual', ...(m.meal ? { meal: m.meal } : {}) };
    for (const { field, optional, integer } of FIELDS[m.kind]) {
      const text = (this.values[field] ?? '').trim();
      if (!text && optional) continue;
      const n = Number(text);
      const [lo, hi] = RANGE[field];
      if (!text || !Number.isFinite(n) || n < lo || n > hi || (integer && !Number.isInteger(n))) invalid.push(field);
      else body[field] = n;
    }
    if (m.kind === 'blood-pressure' && !invalid.length && body.diastolic! >= body.systolic!) invalid.push('diastolic');
    this.invalid = invalid;
    if (invalid.length) {
      this.#focus.next(`#field-${invalid[0]}`);
      return;
    }
    await this.runAction(async () => {
      this.saved = await careOf(this.client!).recordReading(plan.id, body);
      this.values = {};
      this.meter = undefined;
      this.#fromMeter = undefined;
      this.#focus.next('[part~="result"]');
      void this.#readings.refresh();
      void this.#plans.refresh();
    });
  };

  /** Reads the measure from a Bluetooth meter into the form (the patient checks it, then saves). */
  #readMeter = async (plan: CarePlan, m: CareMeasure) => {
    const bluetooth = this.#bluetooth;
    if (!bluetooth || this.meter === 'reading') return;
    this.meter = 'reading';
    try {
      const { readMeter } = await import('./meter.js');
      const got = await readMeter(bluetooth, m.kind);
      if (!Object.keys(got.values).length) throw new Error('no measurement');
      const measure = got.meal ? plan.measures.find((x) => x.kind === m.kind && x.meal === got.meal) : undefined;
      if (measure) this.measure = measureKey(measure);
      this.values = Object.fromEntries(Object.entries(got.values).map(([k, v]) => [k, String(v)]));
      this.invalid = [];
      this.#fromMeter = got.takenAt ? { takenAt: got.takenAt } : {};
      this.meter = 'read';
    } catch (e) {
      // The patient closed the browser's chooser: nothing to say.
      this.meter = (e as Error)?.name === 'NotFoundError' ? undefined : 'failed';
    }
  };

  protected override render(): TemplateResult {
    const plan = this.#plan;
    const many = (this.#plans.value?.plans.length ?? 0) > 1;
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('followup.label')}>
      ${viewHeader({
        heading: plan ? this.#title(plan) : this.msg(many ? 'followup.plans' : 'followup.label'),
        level: this.headingLevel,
        ...(plan && many ? { back: { label: this.msg('followup.back'), onClick: () => ((this.chosen = undefined), this.#focus.next('[part~="heading"]')) } } : {}),
      })}
      ${this.renderApi(
        this.#plans,
        ({ plans }) => (plan ? this.#renderPlan(plan) : this.#renderPlans(plans)),
        () => this.renderEmpty(this.msg('followup.empty'), this.msg('followup.emptyHint')),
      )}
    </section>`;
  }

  #renderPlans(plans: CarePlan[]): TemplateResult {
    return html`<ul part="option-list" class="options" role="list">
      ${plans.map(
        (p) => html`<li>
          <button type="button" part="option" class="option" @click=${() => ((this.chosen = p.id), this.#focus.next('[part~="heading"]'))}>
            ${optionBody(this.#title(p), this.msg('followup.revisit', { date: this.l10n.calendarDate(p.nextRevisitOn) }))}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #renderPlan(plan: CarePlan): TemplateResult {
    return html`<h4 class="subheading" id="today">${this.msg('followup.today')}</h4>
      <ul part="tasks" class="tasks" aria-labelledby="today">
        ${plan.tasks.map((t) => {
          const state = t.missedSince ? 'missed' : t.due ? 'due' : 'done';
          const status = state === 'missed' ? this.msg('followup.task.missed', { date: this.l10n.calendarDate(t.missedSince!, { month: 'long', day: 'numeric' }) }) : this.msg(`followup.task.${state}`);
          return html`<li part="task task-${state}" class="task" data-state=${state}>
            <span class="task-name">${itemName(t, (k, p) => this.msg(k, p))}</span>
            <span class="muted">${frequency(t, (k, p) => this.msg(k, p))}</span>
            <span class="task-status">${status}</span>
          </li>`;
        })}
        ${this.#renderQuestionnaireTasks(plan)}
      </ul>
      ${this.#renderQuestionnaire()}
      <p part="revisit" class="muted">${this.msg('followup.revisit', { date: this.l10n.calendarDate(plan.nextRevisitOn) })}</p>
      ${this.#renderForm(plan)} ${this.#renderArticles(plan)} ${this.#renderHistory()}`;
  }

  /** The articles the care team assigned in the plan, unread first: an <ih-articles> from its chunk, loaded when a plan is shown. */
  #renderArticles(plan: CarePlan): HTMLElement | typeof nothing {
    if (this.#articles?.plan !== plan.id) {
      this.#articles = { plan: plan.id };
      void import('../articles/in-followup.js').then(({ articlesInFollowup }) => {
        if (this.#articles?.plan !== plan.id) return;
        this.#articles.el = articlesInFollowup(plan.id, this.headingLevel + 1);
        this.requestUpdate();
      }, () => undefined);
    }
    return this.#articles.el ?? nothing;
  }

  #openQuestionnaire = async (plan: CarePlan, id: CareQuestionnaireId) => {
    const form = (this.#form = await import('./questionnaire-form.js'));
    const { QuestionnaireFill, questionnaireStrings, questionnaireStyles } = form;
    loadStrings(questionnaireStrings);
    await stringsReady(this.l10n.locale);
    const root = this.renderRoot as ShadowRoot;
    if (!root.adoptedStyleSheets.includes(questionnaireStyles.styleSheet!)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, questionnaireStyles.styleSheet!];
    this.answered = undefined;
    this.actionError = undefined;
    this.filling = new QuestionnaireFill(plan.id, id, () => this.requestUpdate());
    this.#focus.next('#q-title');
  };

  #sendQuestionnaire = (response: CareQuestionnaireResponseInput) => {
    const filling = this.filling;
    if (!filling || !this.client) return;
    void this.runAction(async () => {
      this.answered = await careOf(this.client!).submitQuestionnaireResponse(filling.planId, response);
      filling.clear();
      this.filling = undefined;
      this.#focus.next('[part~="questionnaire-sent"]');
      void this.#plans.refresh();
    });
  };

  /** The plan's questionnaires among today's tasks: due ones open to be filled in. */
  #renderQuestionnaireTasks(plan: CarePlan): TemplateResult[] {
    return (plan.questionnaireTasks ?? []).map((t) => {
      const state = t.missedSince ? 'missed' : t.due ? 'due' : 'done';
      const name = this.msg(`care.questionnaire.${t.questionnaireId}`);
      return html`<li part="task task-${state}" class="task" data-state=${state}>
        <span class="task-name">${name}</span>
        <span class="muted">${frequency(t, (k, p) => this.msg(k, p))}</span>
        ${t.due
          ? html`<button type="button" part="questionnaire-button" class="button task-status" aria-label=${`${this.msg('followup.q.fill')} · ${name}`}
              @click=${() => this.#openQuestionnaire(plan, t.questionnaireId)}>${this.msg('followup.q.fill')}</button>`
          : html`<span class="task-status">${this.msg('followup.task.done')}</span>`}
      </li>`;
    });
  }

  #renderQuestionnaire(): TemplateResult | typeof nothing {
    if (this.answered && this.#form) return this.#form.sentNote(this.answered, (k) => this.msg(k));
    return this.filling
      ? this.filling.render({
          msg: (k, p) => this.msg(k, p),
          locale: this.l10n.locale,
          busy: this.busy,
          error: this.actionError ? html`<p class="field-error" role="alert">${this.l10n.error(this.actionError)}</p>` : nothing,
          settled: () => this.updateComplete,
          focus: (selector) => this.#focus.next(selector),
          send: this.#sendQuestionnaire,
          later: () => {
            this.filling = undefined;
            this.#focus.next('[part~="questionnaire-button"]');
          },
        })
      : nothing;
  }

  #renderForm(plan: CarePlan): TemplateResult {
    const m = this.#measureOf(plan);
    const msg = (k: StringKey, p?: Record<string, string | number>) => this.msg(k, p);
    const level = this.saved ? readingLevel(this.saved) : undefined;
    return html`<form part="form" class="panel" novalidate aria-labelledby="record" @submit=${this.#save}>
      <h4 class="subheading" id="record">${this.msg('followup.record')}</h4>
      <div class="field">
        <label for="kind">${this.msg('followup.kind')}</label>
        <select
          id="kind"
          part="kind-select"
          class="field-select"
          .value=${measureKey(m)}
          @change=${(e: Event) => {
            this.measure = (e.target as HTMLSelectElement).value;
            this.values = {};
            this.invalid = [];
            this.meter = undefined;
            this.#fromMeter = undefined;
          }}
        >
          ${plan.measures.map((x) => html`<option value=${measureKey(x)} ?selected=${measureKey(x) === measureKey(m)}>${itemName(x, msg)}</option>`)}
        </select>
      </div>
      <div class="values">
        ${FIELDS[m.kind].map(({ field, optional, integer }) => {
          const bad = this.invalid.includes(field);
          return html`<div class="field">
            <label for="field-${field}">${this.msg(`followup.${field}`)}</label>
            <input
              id="field-${field}"
              part="input"
              type="text"
              inputmode=${integer ? 'numeric' : 'decimal'}
              autocomplete="off"
              maxlength="6"
              aria-required=${optional ? 'false' : 'true'}
              aria-invalid=${bad ? 'true' : 'false'}
              aria-describedby=${bad ? `field-${field}-error` : nothing}
              .value=${this.values[field] ?? ''}
              @input=${(e: Event) => {
                this.values = { ...this.values, [field]: (e.target as HTMLInputElement).value };
                // A value changed by hand is the patient's, not the meter's.
                this.#fromMeter = undefined;
              }}
            />
            ${bad ? html`<p id="field-${field}-error" part="field-error" class="field-error">${this.msg('followup.invalid')}</p>` : nothing}
          </div>`;
        })}
      </div>
      ${this.actionError ? html`<p class="field-error" role="alert">${this.l10n.error(this.actionError)}</p>` : nothing}
      ${this.meter && this.meter !== 'reading' ? html`<p part="meter-status" class=${this.meter === 'failed' ? 'field-error' : 'muted'} role="status">${this.msg(this.meter === 'read' ? 'followup.meter.read' : 'followup.meter.failed')}</p>` : nothing}
      <div class="actions">
        <button type="submit" part="save-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'}>${this.msg('followup.save')}</button>
        ${this.#bluetooth
          ? html`<button type="button" part="meter-button" class="button" aria-disabled=${this.meter === 'reading' ? 'true' : 'false'} @click=${() => this.#readMeter(plan, m)}>
              ${this.msg(this.meter === 'reading' ? 'followup.meter.reading' : 'followup.meter')}
            </button>`
          : nothing}
      </div>
      ${this.saved && level
        ? html`<p part="result result-${level}" class="result" data-level=${level} role=${level === 'alert' ? 'alert' : 'status'} tabindex="-1">
            ${readingValue(this.saved, msg)} — ${this.msg(level === 'ok' ? 'followup.saved' : level === 'target' ? 'followup.saved.target' : 'followup.saved.alert')}
          </p>`
        : nothing}
    </form>`;
  }

  #renderHistory(): TemplateResult {
    const msg = (k: StringKey, p?: Record<string, string | number>) => this.msg(k, p);
    return html`<h4 class="subheading" id="history">${this.msg('followup.history')}</h4>
      ${this.renderApi(
        this.#readings,
        (readings) =>
          readings.length
            ? html`<div class="table-wrap">
                <table part="history" class="data-table" aria-labelledby="history">
                  <thead>
                    <tr>
                      <th scope="col">${this.msg('followup.col.time')}</th>
                      <th scope="col">${this.msg('followup.col.item')}</th>
                      <th scope="col">${this.msg('followup.col.value')}</th>
                      <th scope="col">${this.msg('followup.col.flag')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${readings.map((r) => {
                      const level = readingLevel(r);
                      return html`<tr part="reading reading-${level}" data-level=${level}>
                        <th scope="row" data-label=${this.msg('followup.col.time')}>${this.l10n.clock(r.takenAt)}</th>
                        <td data-label=${this.msg('followup.col.item')}>${itemName(r, msg)}</td>
                        <td data-label=${this.msg('followup.col.value')}>${readingValue(r, msg)}</td>
                        <td data-label=${this.msg('followup.col.flag')} class="flag">${this.msg(`followup.flag.${level}`)}</td>
                      </tr>`;
                    })}
                  </tbody>
                </table>
              </div>`
            : html`<p class="muted" role="status">${this.msg('followup.history.empty')}</p>`,
        () => html``,
        2,
      )}`;
  }
}
