/**
 * Cancelling in two steps, as the clinic and the prescriptions ask it: a 取消 button, then the
 * question with 不取消 and 确定取消. Focus follows the eye: to 不取消 when the question opens (the
 * safe answer first), back to the cancel button when the patient keeps it.
 */
import { html, type LitElement, type TemplateResult } from 'lit';

export interface CancelWords {
  /** The first button. */
  cancel: string;
  /** The question, with what cancelling does (a refund). */
  question: string;
  /** Keeps it. */
  no: string;
  /** Cancels it. */
  yes: string;
}

/** The question's state lives here; the host renders it where its cancel belongs and re-renders when it changes. */
export class CancelConfirm {
  #asking = false;

  constructor(private readonly host: LitElement) {}

  /** Whether the question is open. */
  get asking(): boolean {
    return this.#asking;
  }

  /** Closes the question (another record opened, or the cancel went through). */
  close(): void {
    if (!this.#asking) return;
    this.#asking = false;
    this.host.requestUpdate();
  }

  async #toggle(asking: boolean, focus: string): Promise<void> {
    this.#asking = asking;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(`[part~="${focus}"]`)?.focus();
  }

  render(words: CancelWords, busy: boolean, onYes: () => unknown): TemplateResult {
    if (!this.#asking) {
      return html`<div class="actions">
        <button type="button" part="cancel-button" class="button danger" @click=${() => void this.#toggle(true, 'cancel-no-button')}>${words.cancel}</button>
      </div>`;
    }
    return html`<div part="cancel-confirm" class="panel" role="group" aria-labelledby="cancel-question">
      <p id="cancel-question">${words.question}</p>
      <div class="actions">
        <button type="button" part="cancel-no-button" class="button" @click=${() => void this.#toggle(false, 'cancel-button')}>${words.no}</button>
        <button type="button" part="cancel-yes-button" class="button danger" aria-disabled=${busy ? 'true' : 'false'} @click=${onYes}>${words.yes}</button>
      </div>
    </div>`;
  }
}
