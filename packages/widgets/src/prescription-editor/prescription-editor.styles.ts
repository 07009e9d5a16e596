import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { prescriptionStyles } from '../prescription/prescription.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  prescriptionStyles,
  css`
    .search {
      position: relative;
    }
    .results {
      list-style: none;
      margin: 0;
      padding: 0.25em;
      position: absolute;
      z-index: 2;
      top: 4.6em;
      inset-inline: 0;
      max-height: 18em;
      overflow-y: auto;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 6px 20px color-mix(in srgb, var(--_text) 14%, transparent);
    }
    .result {
      display: flex;
      gap: 0.5em;
      align-items: center;
      min-height: var(--_target);
      padding: 0.45em 0.6em;
      border-radius: calc(var(--_radius) - 2px);
      cursor: pointer;
    }
    .result.active,
    .result:hover {
      background: var(--_primary-soft);
    }
    .result-name {
      flex: 1;
    }
    .badge.controlled {
      background: var(--_danger-soft);
      color: var(--_danger);
    }
    .rows {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr); /* a drug's card as wide as the editor, its fields wrapping inside */
      gap: 0.6em;
    }
    .row-item {
      padding: 0.6em 0.8em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      border-inline-start-width: 3px;
    }
    .row-item.has-error {
      border-inline-start-color: var(--_danger);
    }
    .row-item.has-warning {
      border-inline-start-color: var(--_warning);
    }
    .row-head {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      align-items: center;
      margin-bottom: 0.3em;
    }
    .row-head .drug-name {
      flex: 1 1 8em;
      min-width: 0;
      overflow-wrap: anywhere;
      font-weight: 600;
    }
    .row .field {
      margin-bottom: 0.25em;
      max-width: 100%;
    }
    .row .field input[type='number'] {
      width: 7em;
    }
    .row .grow {
      flex: 1;
      min-width: min(10em, 100%);
    }
    .options-box {
      border: none;
      margin: 0.75em 0 0;
      padding: 0;
    }
    .options-box > .row:first-of-type {
      margin-bottom: 0.6em;
    }
    .check-status {
      display: flex;
      gap: 0.4em;
      align-items: center;
      min-height: 1.5em;
      font-size: 0.875em;
      color: var(--_muted);
    }
    .check-status svg,
    .message-line svg {
      width: 1.1em;
      height: 1.1em;
      color: var(--_success);
    }
    .message-line {
      display: flex;
      gap: 0.4em;
      align-items: center;
    }
    .returned {
      border-inline-start: 3px solid var(--_warning);
    }
    .summary:focus {
      outline: none;
    }
    .priced {
      margin-top: 0.5em;
    }
  `,
];
