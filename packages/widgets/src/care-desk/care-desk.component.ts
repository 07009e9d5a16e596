import { html, nothing, type TemplateResult } from 'lit';
import { careOf, carePlanProblems, isIhError, type CareAlert, type CarePatientMatch, type CarePlan, type CareReading, type CareTemplateId } from '@ihkit/core';
import { IhElement } from '../internal/ih-element.js';
import { ApiController } from '../internal/api-controller.js';
import { viewHeader } from '../internal/view-header.js';
import { LiveNotices } from '../internal/live-notices.js';
import { createRealtime } from '../consult/default-realtime.js';
import type { StringKey } from '../internal/localize.js';
import { careStrings } from '../locales/care/area.js';
import { questionnaireStrings } from '../locales/care/questionnaire-area.js';
import { itemName, readingValue } from '../followup/reading-text.js';
import { draftOf, planEditor, type PlanDraft } from './plan-editor.js';
import { PlanArticles } from './plan-articles.js';
import { articleStrings } from '../locales/articles/area.js';
import { overdueQuestionnaires, planScores, responseAlert } from './questionnaire-scores.js';
import styles from './care-desk.styles.js';

const TEMPLATES: readonly CareTemplateId[] = ['hypertension', 'type-2-diabetes'];

/**
 * @summary The care team's follow-up desk (慢病随访工作台), for a nurse or doctor: alerts —
 * home readings beyond a plan's alert limits, raised live the moment the patient records one,
 * each with the recent readings of its kind — to acknowledge; the worklist of their patients on
 * follow-up (alerts first, then missed readings), each plan adjusted (readings' frequency,
 * targets and alert limits, revisits) or ended there; and putting a patient found by name or the
 * last digits of their ID number or phone on a plan from a template (the search text is sent in
 * a request body, never a URL). A new alert is announced in a live region.
 *
 * The element emits no events; patient names are shown, never put in URLs.
 *
 * @csspart base - The card around the widget.
 * @csspart header - The row with the heading.
 * @csspart heading - The heading.
 * @csspart alerts - The open alerts.
 * @csspart alert - One alert.
 * @csspart trend - An alert's recent readings.
 * @csspart safety-flag - A questionnaire alert's safety answer (PHQ-9 item 9).
 * @csspart scores - A plan's latest scores of one questionnaire, oldest first.
 * @csspart questionnaires - The plan editor's questionnaires.
 * @csspart questionnaire-toggle - Asks for a questionnaire, or no more.
 * @csspart ack-button - Acknowledges an alert.
 * @csspart worklist - The table of patients on follow-up.
 * @csspart plan - One row; also `plan-alert`, `plan-missed`.
 * @csspart manage-button - Opens a plan's editor.
 * @csspart plan-editor - Adjusting or ending a plan.
 * @csspart plan-articles - The open plan's reading list: `receipts` (the table; rows `receipt`, `receipt-read`, `receipt-unread`), `remove-article`, `add-article-select`, `add-article`.
 * @csspart every-select - How often a reading is taken.
 * @csspart threshold - A metric's limits; its fields are also `limit-input`.
 * @csspart save-button - Saves the changes.
 * @csspart close-button - Closes the editor.
 * @csspart end-reason - Why the plan ends.
 * @csspart end-button - Ends the plan (asks once to confirm).
 * @csspart edit-done - What a save or end did.
 * @csspart enroll-form - Putting a patient on a plan.
 * @csspart input - A text or number field (the patient search, a limit).
 * @csspart search-button - Searches the hospital's patients.
 * @csspart matches - The patients found.
 * @csspart match - One patient found; pressed when chosen.
 * @csspart template-select - The template.
 * @csspart enroll-button - Puts the patient on the plan.
 * @csspart field-error - What is wrong.
 * @csspart announcer - The live region.
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
 * @cssproperty --ih-color-danger - Alerts, errors.
 * @cssproperty --ih-color-warning - Missed readings.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-font-size - Base size (px/em).
 */
export class IhCareDesk extends IhElement {
  static override styles = styles;
  static override properties = {
    headingLevel: { attribute: 'heading-level', type: Number },
    announcement: { state: true },
    enrollPatient: { state: true },
    found: { state: true },
    chosen: { state: true },
    draft: { state: true },
    editNote: { state: true },
    enrollTemplate: { state: true },
    enrollError: { state: true },
    enrolled: { state: true },
  };

  static override stringAreas = [...IhElement.stringAreas, careStrings, articleStrings, questionnaireStrings];

  protected override get signInHint(): StringKey {
    return 'careDesk.signInHint';
  }

  /** The ARIA level of the heading, to fit the host page's outline. */
  headingLevel = 3;

  private announcement = '';
  /** The search text (kept in the element; sent in a request body only). */
  private enrollPatient = '';
  private found?: CarePatientMatch[];
  private chosen?: CarePatientMatch;
  private draft?: PlanDraft;
  private editNote?: { kind: 'error' | 'done'; text: string };
  private enrollTemplate: CareTemplateId = 'hypertension';
  private enrollError?: 'required' | 'short' | 'exists' | unknown;
  private enrolled = false;
  #known?: Set<string>;

  readonly #alerts = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: async ([client], signal) => {
      const alerts = await careOf(client).listAlerts({ status: 'open' }, { signal });
      // Announce the ones that arrived since the last load (not those there at first).
      const fresh = this.#known ? alerts.filter((a) => !this.#known!.has(a.id)) : [];
      this.#known = new Set(alerts.map((a) => a.id));
      if (fresh.length) this.announcement = fresh.map((a) => this.msg('careDesk.alerts.arrived', { name: a.patientName ?? a.patientId })).join(this.l10n.locale === 'en' ? '; ' : '；');
      return alerts;
    },
  });

  /** The open plan's reading list and its receipts. */
  readonly #articles = new PlanArticles(this, () => (this.client && this.draft ? ([this.client, this.draft.planId] as const) : undefined));

  readonly #plans = new ApiController(this, {
    args: () => (this.client ? ([this.client] as const) : undefined),
    task: ([client], signal) => careOf(client).listPlans({ signal }),
  });

  /** A new alert on one of the team's plans (or a reconnect): the alerts and the worklist are read again. */
  readonly #live = new LiveNotices<string>(
    this,
    () => (this.client ? this.config?.realtime(createRealtime) : undefined),
    (realtime, fn) => realtime.onCareAlert(fn),
    () => {
      void this.#alerts.refresh();
      void this.#plans.refresh();
    },
  );

  #acknowledge(alert: CareAlert): void {
    void this.runAction(async () => {
      await careOf(this.client!).acknowledgeAlert(alert.id);
      await Promise.all([this.#alerts.refresh(), this.#plans.refresh()]);
      this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    });
  }

  #search = async (e: Event) => {
    e.preventDefault();
    this.enrolled = false;
    const q = this.enrollPatient.trim();
    if (q.length < 2) {
      this.enrollError = 'short';
      this.renderRoot.querySelector<HTMLElement>('#enroll-patient')?.focus();
      return;
    }
    this.enrollError = undefined;
    await this.runAction(async () => {
      try {
        this.found = await careOf(this.client!).searchPatients(q);
        this.chosen = this.found.length === 1 ? this.found[0] : undefined;
      } catch (err) {
        this.enrollError = err;
      }
    });
  };

  #enroll = async (e: Event) => {
    e.preventDefault();
    this.enrolled = false;
    const patient = this.chosen;
    if (!patient) {
      this.enrollError = 'required';
      this.renderRoot.querySelector<HTMLElement>('#enroll-patient')?.focus();
      return;
    }
    this.enrollError = undefined;
    await this.runAction(async () => {
      try {
        await careOf(this.client!).createPlan({ patientId: patient.patientId, templateId: this.enrollTemplate });
        this.enrollPatient = '';
        this.found = undefined;
        this.chosen = undefined;
        this.enrolled = true;
        await this.#plans.refresh();
      } catch (err) {
        this.enrollError = isIhError(err) && err.status === 409 ? 'exists' : err;
      }
    });
  };

  #openEditor(plan: CarePlan): void {
    this.draft = draftOf(plan);
    this.editNote = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#edit-heading')?.focus());
  }

  #closeEditor(planId: string): void {
    this.draft = undefined;
    this.editNote = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-plan="${planId}"]`)?.focus());
  }

  #save = (e: Event) => {
    e.preventDefault();
    const d = this.draft;
    if (!d) return;
    if (carePlanProblems(d) || !(d.revisitEveryDays >= 1 && d.revisitEveryDays <= 365)) {
      this.editNote = { kind: 'error', text: this.msg('careDesk.edit.invalid') };
      return;
    }
    void this.runAction(async () => {
      try {
        const plan = await careOf(this.client!).changePlan(d.planId, { version: d.version, measures: d.measures, thresholds: d.thresholds, revisitEveryDays: d.revisitEveryDays, questionnaires: d.questionnaires });
        this.draft = { ...draftOf(plan), endReason: d.endReason };
        this.editNote = { kind: 'done', text: this.msg('careDesk.edit.saved') };
      } catch (err) {
        this.editNote = { kind: 'error', text: this.l10n.error(err) };
        if (isIhError(err) && err.code === 'CARE_PLAN_CHANGED') {
          const fresh = await careOf(this.client!).getPlan(d.planId);
          this.draft = { ...draftOf(fresh), endReason: d.endReason };
        }
      }
      await this.#plans.refresh();
    });
  };

  #end = () => {
    const d = this.draft;
    if (!d) return;
    if (!d.confirmingEnd) {
      this.draft = { ...d, confirmingEnd: true };
      return;
    }
    void this.runAction(async () => {
      try {
        await careOf(this.client!).endPlan(d.planId, d.endReason);
        this.draft = undefined;
        this.editNote = { kind: 'done', text: this.msg('careDesk.end.done') };
        await Promise.all([this.#plans.refresh(), this.#alerts.refresh()]);
        this.renderRoot.querySelector<HTMLElement>('#worklist')?.focus();
      } catch (err) {
        this.editNote = { kind: 'error', text: this.l10n.error(err) };
      }
    });
  };

  protected override render(): TemplateResult {
    return html`<section part="base" lang=${this.l10n.locale} aria-label=${this.msg('careDesk.label')}>
      ${viewHeader({ heading: this.msg('careDesk.label'), level: this.headingLevel })}
      <p part="announcer" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.renderApi(
        this.#alerts,
        (alerts) => this.#renderAlerts(alerts),
        () => html``,
      )}
      ${this.config?.session.signedIn ? html`${this.#renderWorklist()} ${this.#renderEnroll()}` : nothing}
    </section>`;
  }

  #renderAlerts(alerts: CareAlert[]): TemplateResult {
    const msg = (k: StringKey, p?: Record<string, string | number>) => this.msg(k, p);
    return html`<h4 class="subheading" id="alerts">${this.msg('careDesk.alerts')}</h4>
      ${alerts.length
        ? html`<ul part="alerts" class="alerts" aria-labelledby="alerts">
            ${alerts.map(
              (a) => html`<li part="alert" class="alert-card">
                ${a.response ? responseAlert({ ...a, response: a.response }, msg, (iso) => this.l10n.clock(iso)) : a.reading ? this.#readingAlert(a, a.reading) : nothing}
                <button type="button" part="ack-button" class="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.#acknowledge(a)}>${this.msg('careDesk.ack')}</button>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted" role="status">${this.msg('careDesk.alerts.empty')}</p>`}
      ${this.actionError && !this.enrollError ? html`<p class="field-error" role="alert">${this.l10n.error(this.actionError)}</p>` : nothing}`;
  }

  #readingAlert(a: CareAlert, reading: CareReading): TemplateResult {
    const msg = (k: StringKey, p?: Record<string, string | number>) => this.msg(k, p);
    return html`<p class="alert-title">
        <strong>${a.patientName ?? a.patientId}</strong> · ${this.msg(`care.template.${a.templateId}`)} · ${this.l10n.clock(reading.takenAt)}
      </p>
      <p class="alert-value">${itemName(reading, msg)}：${readingValue(reading, msg)}</p>
      <p class="muted" id="trend-${a.id}">${this.msg('careDesk.trend', { item: itemName(reading, msg) })}</p>
      <ol part="trend" class="trend" aria-labelledby="trend-${a.id}">
        ${a.trend.map((r) => html`<li class=${r.id === reading.id ? 'current' : ''}><span class="muted">${this.l10n.clock(r.takenAt)}</span> ${readingValue(r, msg)}</li>`)}
      </ol>`;
  }

  #renderWorklist(): TemplateResult {
    const msg = (k: StringKey, p?: Record<string, string | number>) => this.msg(k, p);
    const status = (p: CarePlan) => {
      if (p.openAlerts > 0) return this.msg('careDesk.status.alerts', { count: p.openAlerts });
      const missed = p.tasks.filter((t) => t.missedSince);
      const overdue = overdueQuestionnaires(p, msg);
      if (missed.length) return [this.msg('careDesk.status.missed', { items: missed.map((t) => itemName(t, msg)).join('、') }), overdue].filter(Boolean).join('；');
      return overdue ?? this.msg('careDesk.status.ok');
    };
    return html`<h4 class="subheading" id="worklist" tabindex="-1">${this.msg('careDesk.plans')}</h4>
      ${this.renderApi(
        this.#plans,
        (plans) =>
          plans.length
            ? html`<div class="table-wrap">
                <table part="worklist" class="data-table" aria-labelledby="worklist">
                  <thead>
                    <tr>
                      <th scope="col">${this.msg('careDesk.col.patient')}</th>
                      <th scope="col">${this.msg('careDesk.col.plan')}</th>
                      <th scope="col">${this.msg('careDesk.col.last')}</th>
                      <th scope="col">${this.msg('careDesk.col.status')}</th>
                      <th scope="col">${this.msg('careDesk.scores')}</th>
                      <th scope="col">${this.msg('careDesk.col.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${plans.map((p) => {
                      const kind = p.openAlerts > 0 ? 'alert' : p.tasks.some((t) => t.missedSince) || overdueQuestionnaires(p, msg) ? 'missed' : 'ok';
                      return html`<tr part="plan plan-${kind}" data-status=${kind}>
                        <th scope="row" data-label=${this.msg('careDesk.col.patient')}>${p.patientName ?? p.patientId}</th>
                        <td data-label=${this.msg('careDesk.col.plan')}>${this.msg(`care.template.${p.templateId}`)}</td>
                        <td data-label=${this.msg('careDesk.col.last')}>${p.lastReadingAt ? this.l10n.clock(p.lastReadingAt) : this.msg('careDesk.never')}</td>
                        <td data-label=${this.msg('careDesk.col.status')} class="plan-status">${status(p)}</td>
                        <td data-label=${this.msg('careDesk.scores')} class="plan-scores">${planScores(p, msg)}</td>
                        <td class="plan-actions">
                          <button type="button" part="manage-button" class="button" data-plan=${p.id} aria-expanded=${this.draft?.planId === p.id ? 'true' : 'false'}
                            aria-label=${`${this.msg('careDesk.manage')} · ${p.patientName ?? p.patientId}`} @click=${() => this.#openEditor(p)}>${this.msg('careDesk.manage')}</button>
                        </td>
                      </tr>`;
                    })}
                  </tbody>
                </table>
              </div>
              ${this.#renderEditor(plans)} ${this.#renderArticles()}`
            : html`<p class="muted" role="status">${this.msg('careDesk.plans.empty')}</p>`,
        () => html``,
        2,
      )}`;
  }

  #renderEditor(plans: CarePlan[]): TemplateResult | typeof nothing {
    const plan = this.draft && plans.find((p) => p.id === this.draft!.planId);
    if (!plan || !this.draft) {
      return this.editNote?.kind === 'done' ? html`<p part="edit-done" class="message-line" role="status">${this.editNote.text}</p>` : nothing;
    }
    const draft = this.draft;
    return planEditor({
      plan, draft, busy: this.busy, note: this.editNote,
      msg: (k, p) => this.msg(k, p),
      changed: () => {
        this.editNote = undefined;
        this.draft = { ...draft };
      },
      save: this.#save,
      end: this.#end,
      close: () => this.#closeEditor(plan.id),
    });
  }

  /** The reading list of the plan the editor has open, with the patient's read receipts. */
  #renderArticles(): TemplateResult | typeof nothing {
    if (!this.client || !this.draft) return nothing;
    return this.#articles.render(this.client, this.draft.planId, { msg: (k, p) => this.msg(k, p), date: (at) => this.l10n.date(at), error: (e) => this.l10n.error(e) });
  }

  #renderMatch(m: CarePatientMatch): TemplateResult {
    const chosen = this.chosen?.patientId === m.patientId;
    const tails = this.msg('careDesk.search.tails', { id: m.idNumberTail ?? '—', phone: m.phoneTail ?? '—' });
    return html`<li>
      <button type="button" part="match" class="match" aria-pressed=${chosen ? 'true' : 'false'} @click=${() => { this.chosen = m; this.enrollError = undefined; }}>
        <strong>${this.msg('careDesk.search.match', { name: m.name, gender: this.msg(`careDesk.gender.${m.gender}`), year: m.birthYear })}</strong>
        <span class="muted">${tails}</span>
        ${m.plans.length ? html`<span class="muted">${this.msg('careDesk.search.onPlan', { plans: m.plans.map((p) => this.msg(`care.template.${p.templateId}`)).join('、') })}</span>` : nothing}
      </button>
    </li>`;
  }

  #renderEnroll(): TemplateResult {
    const err = this.enrollError;
    const text = err === 'required' ? this.msg('careDesk.enroll.required') : err === 'short' ? this.msg('careDesk.search.short') : err === 'exists' ? this.msg('careDesk.enroll.exists') : err ? this.l10n.error(err) : '';
    return html`<div part="enroll-form" class="panel" role="group" aria-labelledby="enroll">
      <h4 class="subheading" id="enroll">${this.msg('careDesk.enroll')}</h4>
      <form class="search-row" novalidate role="search" aria-labelledby="enroll" @submit=${this.#search}>
        <div class="field">
          <label for="enroll-patient">${this.msg('careDesk.enroll.patient')}</label>
          <input
            id="enroll-patient"
            part="input"
            type="search"
            autocomplete="off"
            spellcheck="false"
            maxlength="32"
            placeholder=${this.msg('careDesk.search.hint')}
            aria-invalid=${err === 'required' || err === 'short' ? 'true' : 'false'}
            aria-describedby=${text ? 'enroll-error' : nothing}
            .value=${this.enrollPatient}
            @input=${(e: Event) => (this.enrollPatient = (e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" part="search-button" class="button" aria-disabled=${this.busy ? 'true' : 'false'}>${this.msg('careDesk.search.submit')}</button>
      </form>
      ${this.found
        ? this.found.length
          ? html`<ul part="matches" class="matches" aria-label=${this.msg('careDesk.search.results')}>${this.found.map((m) => this.#renderMatch(m))}</ul>`
          : html`<p class="muted" role="status">${this.msg('careDesk.search.none')}</p>`
        : nothing}
      <form novalidate aria-labelledby="enroll" @submit=${this.#enroll}>
        <div class="field">
          <label for="enroll-template">${this.msg('careDesk.enroll.template')}</label>
          <select id="enroll-template" part="template-select" class="field-select" @change=${(e: Event) => (this.enrollTemplate = (e.target as HTMLSelectElement).value as CareTemplateId)}>
            ${TEMPLATES.map((t) => html`<option value=${t} ?selected=${t === this.enrollTemplate}>${this.msg(`care.template.${t}`)}</option>`)}
          </select>
        </div>
        ${text ? html`<p id="enroll-error" part="field-error" class="field-error" role="alert">${text}</p>` : nothing}
        ${this.enrolled ? html`<p class="message-line" role="status">${this.msg('careDesk.enroll.done')}</p>` : nothing}
        <div class="actions">
          <button type="submit" part="enroll-button" class="button primary" aria-disabled=${this.busy ? 'true' : 'false'}>${this.msg('careDesk.enroll.submit')}</button>
        </div>
      </form>
    </div>`;
  }
}
