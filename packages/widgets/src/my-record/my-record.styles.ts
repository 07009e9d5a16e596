import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  css`
    .patient {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      margin-bottom: 1em;
    }
    .patient select {
      min-height: var(--_target);
      padding: 0 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
      max-width: 100%;
    }
    .alert {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      margin-bottom: 1em;
    }
    .alert p {
      margin: 0;
      flex: 1 1 14em;
    }
    .group + .group {
      margin-top: 1.5em;
    }
    .heading {
      font-weight: 600;
      margin-bottom: 0.6em;
    }
    .diagnoses {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
    }
    .diagnosis {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 0.5em;
      padding: 0.45em 0.8em;
      border-radius: var(--_radius);
      background: var(--_surface);
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .diagnosis-name {
      font-weight: 600;
    }
    .filter {
      border: none;
      margin: 0 0 0.75em;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4em;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      min-height: var(--_target);
      padding: 0 0.9em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_bg);
      cursor: pointer;
    }
    .chip input {
      position: absolute;
      opacity: 0;
      width: 1px;
      height: 1px;
    }
    .chip:has(input:checked) {
      border-color: var(--_primary);
      background: var(--_primary-soft);
      font-weight: 600;
    }
    .chip:has(input:focus-visible) {
      outline: 2px solid var(--_primary);
      outline-offset: 2px;
    }
    .year {
      font-size: 0.875em;
      font-weight: 600;
      color: var(--_muted);
      margin: 1em 0 0.5em;
    }
    .timeline {
      container-type: inline-size;
    }
    .entries {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5em;
    }
    .entry {
      display: grid;
      grid-template-columns: 11em minmax(0, 1fr) auto auto;
      align-items: center;
      gap: 0.25em 0.75em;
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-inline-start: 4px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    .entry[data-kind='consult'],
    .entry[data-kind='prescription'] {
      border-inline-start-color: var(--_primary);
    }
    .when {
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    .what {
      display: flex;
      flex-direction: column;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .kind {
      font-size: 0.8em;
      color: var(--_muted);
    }
    .title {
      font-weight: 600;
    }
    .referral-visit {
      margin-top: 0.25em;
      font-weight: 600;
      color: var(--_primary);
    }
    .status {
      font-size: 0.875em;
      padding: 0.15em 0.6em;
      border-radius: 999px;
      background: var(--_surface);
      white-space: nowrap;
    }
    .status.ok {
      background: var(--_primary-soft);
    }
    .entry .button {
      min-height: var(--_target);
    }
    @container (max-width: 32em) {
      .entry {
        grid-template-columns: minmax(0, 1fr) auto;
      }
      .when,
      .what {
        grid-column: 1 / -1;
      }
      .status {
        justify-self: start;
        white-space: normal;
      }
      .entry .button {
        grid-column: -2 / -1;
        justify-self: end;
      }
    }
  `,
];
