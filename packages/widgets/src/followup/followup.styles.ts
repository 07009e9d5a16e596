import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { tableStyles } from '../internal/table.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  tableStyles,
  css`
    .subheading {
      font-size: 1em;
      font-weight: 600;
      margin: 1em 0 0.5em;
    }
    .options,
    .tasks {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5em;
    }
    .option {
      display: grid;
      gap: 0.2em;
      width: 100%;
      min-height: 44px;
      text-align: start;
      padding: 0.75em 1em;
      font: inherit;
      color: var(--_text);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .option-title {
      font-weight: 600;
    }
    .task {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 0.75em;
      padding: 0.6em 0.9em;
      border-radius: var(--_radius);
      border-inline-start: 4px solid var(--_border);
      background: var(--_surface);
    }
    .task-name {
      font-weight: 600;
    }
    .task-status {
      margin-inline-start: auto;
    }
    .task[data-state='done'] {
      border-inline-start-color: var(--_success);
    }
    .task[data-state='due'] {
      border-inline-start-color: var(--_primary);
    }
    .task[data-state='missed'] {
      border-inline-start-color: var(--_warning);
    }
    .task[data-state='missed'] .task-status {
      color: var(--_text);
      font-weight: 600;
    }
    .values {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 12em), 1fr));
      gap: 0 0.75em;
    }
    select {
      width: 100%;
      font: inherit;
      min-height: 44px;
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
    }
    .field input {
      min-height: 44px;
    }
    .button {
      min-height: 44px;
    }
    .result {
      margin: 0.75em 0 0;
      padding: 0.7em 1em;
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: var(--_bg);
    }
    .result[data-level='ok'] {
      border-color: color-mix(in srgb, var(--_success) 45%, var(--_bg));
    }
    .result[data-level='target'] {
      border-color: color-mix(in srgb, var(--_warning) 60%, var(--_bg));
    }
    .result[data-level='alert'] {
      border-color: var(--_danger);
      border-width: 2px;
      font-weight: 600;
    }
    tr[data-level='alert'] .flag {
      color: var(--_danger);
      font-weight: 600;
    }
    tr[data-level='target'] .flag {
      font-weight: 600;
    }
  `,
];
