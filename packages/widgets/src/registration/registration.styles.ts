import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { paymentMethodStyles } from '../internal/payment-methods.styles.js';

/** The look of the registration fee's pay panel and of the reschedule panel (one chunk, one sheet). */
export default [
  tokenStyles,
  uiStyles,
  paymentMethodStyles,
  css`
    :host {
      display: block;
    }
    [part~='doctor'] {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.25em;
    }
    [part~='doctor'] select {
      width: 100%;
      min-width: 0;
      padding: 0 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
    }
    .panel {
      display: grid;
      gap: 0.75em;
      padding: 0.75em 1em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .panel > *,
    .alert p {
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.25em 1em;
    }
    .subheading {
      margin: 0;
      font-weight: 600;
    }
    p {
      margin: 0;
    }
    .muted {
      color: var(--_muted);
    }
    .amount {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .timer {
      font-size: 1.5em;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      color: var(--_primary);
    }
    .timer.low {
      color: var(--_danger);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
    }
    .actions .button {
      flex: 1 1 auto;
    }
    .pay-methods {
      margin: 0;
    }
    .lapsed {
      color: var(--_danger);
    }
    .days {
      display: grid;
      gap: 0.75em;
      max-height: 22em;
      overflow-y: auto;
    }
    .day-label {
      margin: 0 0 0.35em;
      font-weight: 600;
    }
    .slots {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(8em, 100%), 1fr));
      gap: 0.5em;
    }
    .slot {
      min-height: var(--_target);
      padding: 0.35em 0.5em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font: inherit;
      cursor: pointer;
      display: grid;
      justify-items: center;
    }
    .slot[aria-pressed='true'] {
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }
    .slot-fee {
      font-size: 0.85em;
      color: var(--_muted);
    }
    dl {
      display: grid;
      grid-template-columns: fit-content(40%) minmax(0, 1fr);
      gap: 0.25em 1em;
      margin: 0;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
      min-width: 0;
      overflow-wrap: anywhere;
    }
  `,
];
