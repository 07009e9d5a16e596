import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { stepHeaderStyles } from '../internal/step-header.styles.js';
import { uiStyles } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  stepHeaderStyles,
  css`
    /* Inside <ih-booking> (which names it part="triage"): no card within its card. */
    :host([part~='triage']) [part~='base'] {
      border: 0;
      padding: 0;
    }
    .heading-wrap {
      min-width: 0;
    }
    .heading {
      overflow-wrap: anywhere;
    }
    .step-of,
    .hint {
      font-size: 0.875em;
      color: var(--_muted);
    }
    .privacy {
      margin-bottom: 0.875em;
    }
    .options {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.625em;
    }
    .areas {
      grid-template-columns: repeat(auto-fill, minmax(min(12em, 100%), 1fr));
    }
    .option {
      display: flex;
      align-items: center;
      gap: 0.875em;
      width: 100%;
      height: 100%;
      padding: 0.875em 1em;
      font: inherit;
      text-align: start;
      color: var(--_text);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .option:hover,
    .option[aria-current='true'] {
      border-color: var(--_primary);
    }
    .option-main {
      display: flex;
      flex-direction: column;
      gap: 0.2em;
      flex: 1 1 5em;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .option-title {
      font-weight: 600;
    }
    .option-sub {
      font-size: 0.875em;
      color: var(--_primary);
    }
    .chevron {
      display: flex;
      color: var(--_muted);
    }
    .chevron svg {
      width: 1.1em;
      height: 1.1em;
    }
    .badge {
      display: inline-block;
      padding: 0.1em 0.5em;
      border-radius: 999px;
      font-size: 0.75em;
      font-weight: 500;
      line-height: 1.6;
      background: var(--_surface);
      color: var(--_muted);
      border: 1px solid var(--_border);
    }
    .badge.minor {
      color: var(--_warning);
    }
    .badge.best {
      color: var(--_primary);
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }
    fieldset {
      margin: 0;
      padding: 0;
      border: 0;
    }
    .choices {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(13em, 100%), 1fr));
      gap: 0.5em;
    }
    .choices .hint {
      grid-column: 1 / -1;
      margin-bottom: 0.25em;
    }
    .legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: 0.5em;
      overflow-wrap: anywhere;
    }
    .choice {
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
      overflow-wrap: anywhere;
      min-width: 0;
    }
    .choice:has(input:checked) {
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }
    .choice input {
      flex: none;
      width: 1.25em;
      height: 1.25em;
      margin: 0;
      accent-color: var(--_primary);
    }
    .question + .question {
      margin-top: 1.25em;
    }
    .yes-no {
      display: flex;
      gap: 0.5em;
    }
    .yes-no .choice {
      flex: 1 1 0;
    }
    .alert {
      margin-top: 1em;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.75em;
      margin-top: 1.25em;
    }
    .intro {
      margin-bottom: 0.75em;
    }
    .suggestions {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.75em;
    }
    .suggestion {
      display: grid;
      gap: 0.5em;
      padding: 1em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .suggestion:first-child {
      border-color: var(--_primary);
    }
    .suggestion-title {
      font-weight: 600;
      font-size: 1.0625em;
      overflow-wrap: anywhere;
    }
    .reasons {
      margin: 0;
      padding-inline-start: 1.25em;
      color: var(--_muted);
      font-size: 0.9375em;
    }
    .suggestion .button {
      justify-self: start;
      max-width: 100%;
    }
    .emergency {
      display: grid;
      gap: 0.75em;
      padding: 1em;
      border-radius: var(--_radius);
      border: 2px solid var(--_danger);
      background: var(--_danger-soft);
    }
    .emergency-title {
      display: flex;
      gap: 0.5em;
      align-items: flex-start;
      font-weight: 700;
      font-size: 1.125em;
      color: var(--_danger);
    }
    .emergency-title svg {
      flex: none;
      width: 1.4em;
      height: 1.4em;
    }
    .advice {
      font-size: 1.0625em;
      line-height: 1.6;
    }
    .call {
      justify-self: stretch;
      font-size: 1.25em;
      font-weight: 700;
      text-decoration: none;
      background: var(--_danger);
      border-color: var(--_danger);
      color: #fff;
      min-height: 3em;
    }
    .call:hover {
      color: #fff;
      background: color-mix(in srgb, var(--_danger) 85%, #000);
    }
    @media (max-width: 480px) {
      [part~='base'] {
        padding: 1em 0.875em;
      }
    }
  `,
];
