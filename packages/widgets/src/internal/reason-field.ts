/**
 * A required free-text reason (why a consult goes offline, why a prescription goes back): a
 * labelled textarea that says it is required, marks itself invalid and names the error.
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface ReasonFieldOptions {
  id: string;
  part: string;
  label: string;
  /** Shown when `invalid`. */
  requiredText: string;
  value: string;
  invalid: boolean;
  rows?: number;
  /** Gets the new text; the caller keeps it and clears `invalid` once it is not blank. */
  onInput: (value: string) => void;
}

export function reasonField(o: ReasonFieldOptions): TemplateResult {
  const errorId = `${o.id}-error`;
  return html`<div class="field">
    <label for=${o.id}>${o.label}</label>
    <textarea
      id=${o.id}
      part=${o.part}
      rows=${o.rows ?? 3}
      maxlength="500"
      aria-required="true"
      aria-invalid=${o.invalid ? 'true' : 'false'}
      aria-describedby=${o.invalid ? errorId : nothing}
      .value=${o.value}
      @input=${(e: Event) => o.onInput((e.target as HTMLTextAreaElement).value)}
    ></textarea>
    ${o.invalid ? html`<p id=${errorId} part="field-error" class="field-error">${o.requiredText}</p>` : nothing}
  </div>`;
}
