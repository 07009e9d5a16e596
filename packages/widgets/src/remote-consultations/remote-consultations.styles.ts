import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { tableStyles } from '../internal/table.styles.js';

/** Only what the patient page's bundle already holds is shared (the care desk's styles would become a chunk of their own). */
export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  tableStyles,
  css`
    .subheading {
      font-size: 1.05em;
      font-weight: 600;
      margin: 1.25em 0 0.5em;
    }
    .button,
    .field select,
    .field input {
      min-height: var(--_target);
    }
    .patient-search {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      align-items: end;
      gap: 0.5em;
    }
    .found {
      list-style: none;
      margin: 0 0 0.75em;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
    }
    .found .button[aria-pressed='true'] {
      border-color: var(--_primary);
      box-shadow: inset 0 0 0 1px var(--_primary);
      font-weight: 600;
    }
    .sides {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      margin: 0 0 1em;
    }
    .tab {
      font: inherit;
      min-height: var(--_target);
      padding: 0.4em 1em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_bg);
      color: var(--_text);
      cursor: pointer;
    }
    .tab[aria-selected='true'] {
      border-color: var(--_primary);
      background: var(--_primary);
      color: var(--_on-primary, #fff);
      font-weight: 600;
    }
    .summary {
      margin: 0 0 1em;
    }
    .counts {
      list-style: none;
      margin: 0 0 0.25em;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 1em;
    }
    .count {
      font-weight: 600;
    }
    .urgency-urgent,
    .urgency-emergency {
      color: var(--_danger);
      font-weight: 600;
    }
    .facts {
      margin: 0 0 0.75em;
    }
    .facts dt {
      color: var(--_muted);
      margin-top: 0.35em;
    }
    .facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .minor {
      font-size: 1em;
      font-weight: 600;
      margin: 1em 0 0.35em;
    }
    .text-block {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0;
    }
    .attachments {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.35em;
    }
    .attachments li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 0.75em;
      overflow-wrap: anywhere;
    }
    .attachments [part~='attachment-content'] {
      flex-basis: 100%;
    }
    .opinion {
      margin-top: 1em;
      padding: 0.75em 1em;
      border-left: 3px solid var(--_primary);
      background: var(--_surface);
      border-radius: var(--_radius);
    }
    .opinion p {
      margin: 0.25em 0;
    }
    .ok {
      color: var(--_success, inherit);
      font-weight: 600;
    }
    .action-form {
      margin-top: 1em;
      padding-top: 0.5em;
      border-top: 1px solid var(--_border);
    }
    .choices {
      border: none;
      margin: 0.5em 0;
      padding: 0;
      display: grid;
      gap: 0.25em;
      min-width: 0;
    }
    .choices legend {
      padding: 0;
      margin-bottom: 0.35em;
    }
    .choice {
      display: flex;
      align-items: center;
      gap: 0.5em;
      min-height: var(--_target);
      overflow-wrap: anywhere;
    }
    .choice input {
      width: 1.25em;
      height: 1.25em;
      flex: none;
    }
    .field textarea {
      width: 100%;
      box-sizing: border-box;
    }
  `,
];
