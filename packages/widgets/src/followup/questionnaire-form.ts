/**
 * Filling in a questionnaire of the plan in <ih-followup>, one question at a time with its
 * progress: a chunk of its own, loaded when the patient opens one (the questionnaires' texts in
 * three languages stay off the patient page). Each item is a group of native radio buttons
 * (arrow keys and touch); "Next" without an answer says so. The draft — where they are and the
 * options chosen, as codes — is kept in the tab's sessionStorage, so leaving half-way and coming
 * back loses nothing; it is removed once sent. Nothing goes into URLs or events.
 * The questionnaires shipped (PHQ-9, GAD-7) are all `choice` items, which is what this renders.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { CARE_QUESTIONNAIRES, triageText, type CareQuestionnaireId, type CareQuestionnaireResponse, type CareQuestionnaireResponseInput, type Questionnaire } from '@ihkit/core';
import type { MsgParams, StringKey } from '../internal/localize.js';

export { questionnaireStrings } from '../locales/care/questionnaire-area.js';

/** The form's styles, adopted by <ih-followup> when it loads the form. */
export const questionnaireStyles = css`
    .questionnaire progress {
      inline-size: 100%;
      accent-color: var(--_primary);
    }
    .question {
      border: 0;
      margin: 0.5em 0;
      padding: 0;
      display: grid;
      gap: 0.4em;
    }
    .question legend {
      font-weight: 600;
      margin-block-end: 0.5em;
      padding: 0;
    }
    .choice {
      display: flex;
      align-items: center;
      gap: 0.6em;
      min-block-size: 44px;
      padding: 0 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .choice:has(input:checked) {
      border-color: var(--_primary);
      background: var(--_surface);
    }
    .choice input {
      inline-size: 1.2em;
      block-size: 1.2em;
      margin: 0;
    }
`;

type Msg = (key: StringKey, params?: MsgParams) => string;

interface Draft {
  index: number;
  /** The chosen option's code by linkId. */
  answers: Record<string, string>;
}

/** The answers were sent; with a safety answer, what to do now (the care team was told). */
export function sentNote(answered: CareQuestionnaireResponse, msg: Msg): TemplateResult {
  const safety = answered.flags.length > 0;
  return html`<p part="questionnaire-sent${safety ? ' questionnaire-safety' : ''}" class="result" data-level=${safety ? 'alert' : 'ok'} role=${safety ? 'alert' : 'status'} tabindex="-1"
    >${msg('followup.q.sent')}${safety ? html`<br />${msg('followup.q.safety')}` : nothing}</p>`;
}

export interface FillContext {
  msg: Msg;
  locale: string;
  busy: boolean;
  /** What went wrong sending it, rendered. */
  error: TemplateResult | typeof nothing;
  /** The host's pending render: done before moving to another question, so its radios show its own answer. */
  settled: () => Promise<unknown>;
  /** Moves focus to the first match once rendered. */
  focus: (selector: string) => void;
  send: (response: CareQuestionnaireResponseInput) => void;
  later: () => void;
}

export class QuestionnaireFill {
  readonly questionnaire: Questionnaire;
  #draft: Draft = { index: 0, answers: {} };
  #unanswered = false;

  constructor(
    readonly planId: string,
    readonly questionnaireId: CareQuestionnaireId,
    private readonly changed: () => void,
  ) {
    this.questionnaire = CARE_QUESTIONNAIRES[questionnaireId];
    try {
      const kept = JSON.parse(sessionStorage.getItem(this.#key) ?? 'null') as Draft | null;
      if (kept && typeof kept.index === 'number' && kept.answers) this.#draft = { index: Math.min(Math.max(0, kept.index), this.questionnaire.item.length - 1), answers: kept.answers };
    } catch {
      // No storage (a private window): the draft lives as long as the page.
    }
  }

  get #key(): string {
    return `ihkit.questionnaire.${this.planId}.${this.questionnaireId}`;
  }

  #set(draft: Draft): void {
    this.#draft = draft;
    try {
      sessionStorage.setItem(this.#key, JSON.stringify(draft));
    } catch {
      // As above.
    }
    this.changed();
  }

  /** Forgets the draft (once the answers are sent). */
  clear(): void {
    try {
      sessionStorage.removeItem(this.#key);
    } catch {
      // As above.
    }
  }

  #response(): CareQuestionnaireResponseInput {
    return {
      questionnaire: this.questionnaireId,
      item: this.questionnaire.item.map((i) => ({ linkId: i.linkId, answer: [{ valueCoding: { code: this.#draft.answers[i.linkId]! } }] })),
    };
  }

  render(ctx: FillContext): TemplateResult {
    const q = this.questionnaire;
    const { index, answers } = this.#draft;
    const item = q.item[index]!;
    const last = index === q.item.length - 1;
    const text = (t: Parameters<typeof triageText>[0]) => triageText(t, ctx.locale);
    const firstRadio = 'input[type="radio"]';
    const go = async (to: number) => {
      await ctx.settled();
      this.#unanswered = false;
      this.#set({ ...this.#draft, index: to });
      ctx.focus(firstRadio);
    };
    const next = async (e: Event) => {
      e.preventDefault();
      await ctx.settled();
      // The draft as it is now (a choice made since the last render counts).
      const { index, answers } = this.#draft;
      const item = q.item[index]!;
      const last = index === q.item.length - 1;
      if (!answers[item.linkId]) {
        this.#unanswered = true;
        this.changed();
        ctx.focus(firstRadio);
      } else if (!last) await go(index + 1);
      else {
        const unanswered = q.item.findIndex((i) => !answers[i.linkId]);
        if (unanswered >= 0) await go(unanswered);
        else ctx.send(this.#response());
      }
    };
    return html`<form part="questionnaire" class="panel questionnaire" novalidate aria-labelledby="q-title" @submit=${next}>
      <h4 class="subheading" id="q-title" tabindex="-1">${text(q.title)}</h4>
      <p class="muted">${text(q.description)}</p>
      <p class="muted" id="q-progress">${ctx.msg('followup.q.progress', { n: index + 1, total: q.item.length })}</p>
      <progress part="questionnaire-progress" max=${q.item.length} .value=${index + 1} aria-labelledby="q-progress"></progress>
      <fieldset class="question" aria-describedby=${this.#unanswered ? 'q-error' : nothing}>
        <legend part="question">${text(item.text)}</legend>
        ${(item.answerOption ?? []).map(
          (o) => html`<label class="choice">
            <input
              type="radio"
              part="choice"
              name="q-${item.linkId}"
              value=${o.valueCoding.code}
              .checked=${answers[item.linkId] === o.valueCoding.code}
              @change=${() => {
                this.#unanswered = false;
                this.#set({ ...this.#draft, answers: { ...this.#draft.answers, [item.linkId]: o.valueCoding.code } });
              }}
            />
            <span>${text(o.text)}</span>
          </label>`,
        )}
      </fieldset>
      ${this.#unanswered ? html`<p id="q-error" part="field-error" class="field-error" role="alert">${ctx.msg('followup.q.choose')}</p>` : nothing}
      ${ctx.error}
      <div class="actions">
        <button type="submit" part="next-button" class="button primary" aria-disabled=${ctx.busy ? 'true' : 'false'}>${ctx.msg(last ? 'followup.q.submit' : 'followup.q.next')}</button>
        ${index > 0 ? html`<button type="button" part="previous-button" class="button" @click=${() => void go(index - 1)}>${ctx.msg('followup.q.previous')}</button>` : nothing}
        <button type="button" part="later-button" class="button" @click=${ctx.later}>${ctx.msg('followup.q.later')}</button>
      </div>
    </form>`;
  }
}
