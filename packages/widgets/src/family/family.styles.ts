import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  css`
    .message {
      margin-bottom: 1em;
      padding: 0.7em 1em;
      border-radius: var(--_radius);
      background: var(--_success-soft);
      color: var(--_text);
      border: 1px solid color-mix(in srgb, var(--_success) 35%, var(--_bg));
    }
    .message[hidden] {
      display: none;
    }
    .group + .group {
      margin-top: 1.5em;
      padding-top: 1.25em;
      border-top: 1px solid var(--_border);
    }
    .group-heading {
      font-weight: 600;
      margin-bottom: 0.625em;
    }
    .list {
      list-style: none;
      margin: 0 0 0.75em;
      padding: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.625em;
    }
    .member {
      display: grid;
      gap: 0.4em;
      padding: 0.875em 1em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      overflow-wrap: anywhere;
    }
    .member.pending {
      border-inline-start: 3px solid var(--_warning);
    }
    .member-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4em;
    }
    .member-name {
      font-weight: 600;
    }
    .member-head .badge {
      margin-inline-start: 0;
    }
    .status.active {
      background: var(--_success-soft);
      color: var(--_success);
      border-color: transparent;
    }
    .status.pending {
      color: var(--_warning);
    }
    .note {
      padding: 0.6em 0.8em;
      border-radius: var(--_radius);
      background: var(--_surface);
      font-size: 0.9375em;
    }
    .member .actions {
      margin-top: 0.25em;
    }
    .member .field {
      margin-bottom: 0;
    }
    .code {
      max-width: 12em;
      letter-spacing: 0.2em;
      font-variant-numeric: tabular-nums;
    }
    .add {
      margin-top: 0.25em;
    }
    .add-form .field {
      max-width: 28em;
    }
    .relation {
      border: none;
      margin: 0 0 0.5em;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0 1.25em;
    }
    .relation legend {
      padding: 0;
      font-weight: 500;
      margin-bottom: 0.2em;
    }
  `,
];
