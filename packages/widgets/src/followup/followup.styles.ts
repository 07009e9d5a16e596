import { css } from 'lit';
import { careStyles } from './care.styles.js';

export default [
  ...careStyles,
  css`
    .tasks {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5em;
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
    .articles {
      margin-top: 1em;
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
