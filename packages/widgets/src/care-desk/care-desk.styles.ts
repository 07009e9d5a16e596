import { css } from 'lit';
import { careStyles } from '../followup/care.styles.js';

export default [
  ...careStyles,
  css`
    .alerts {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.75em;
    }
    .alert-card {
      padding: 0.75em 1em;
      border: 2px solid var(--_danger);
      border-radius: var(--_radius);
      background: color-mix(in srgb, var(--_danger) 6%, var(--_bg));
      display: grid;
      gap: 0.35em;
    }
    .alert-card p {
      margin: 0;
    }
    .alert-value {
      font-weight: 600;
    }
    .trend {
      margin: 0;
      padding-inline-start: 1.25em;
      display: grid;
      gap: 0.15em;
    }
    .trend .current {
      font-weight: 600;
    }
    .alert-card .button {
      justify-self: start;
    }
    .search-row {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0 0.75em;
    }
    .search-row .field {
      flex: 1 1 14em;
      min-width: 0;
    }
    .matches {
      list-style: none;
      margin: 0 0 0.5em;
      padding: 0;
      display: grid;
      gap: 0.5em;
    }
    .match {
      width: 100%;
      min-height: var(--_target);
      display: grid;
      gap: 0.15em;
      text-align: start;
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
      cursor: pointer;
    }
    .match[aria-pressed='true'] {
      border: 2px solid var(--_primary);
      background: color-mix(in srgb, var(--_primary) 8%, var(--_bg));
    }
    .edit-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 12em), 1fr));
      gap: 0 0.75em;
    }
    .threshold {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: 0.5em 0;
      padding: 0.25em 0.75em;
      min-width: 0;
    }
    .end-row {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0 0.75em;
      margin-top: 1em;
      padding-top: 0.5em;
      border-top: 1px solid var(--_border);
    }
    .end-row .field {
      flex: 1 1 12em;
    }
    .plan-actions .button {
      white-space: nowrap;
    }
    @container (max-width: 30em) {
      .data-table td.plan-actions,
      .data-table td.plan-status,
      .data-table td.plan-scores {
        grid-column: 1 / -1;
      }
    }
    .button.danger {
      color: var(--_danger);
      border-color: var(--_danger);
    }
    .enroll-fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14em), 1fr));
      gap: 0 0.75em;
    }
    tr[data-status='alert'] .plan-status {
      color: var(--_danger);
      font-weight: 600;
    }
    tr[data-status='missed'] .plan-status {
      font-weight: 600;
    }
    .scores {
      display: block;
    }
    .check {
      display: flex;
      align-items: center;
      gap: 0.5em;
      min-block-size: 44px;
    }
`,
];
