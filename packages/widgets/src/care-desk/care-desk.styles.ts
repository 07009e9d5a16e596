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
  `,
];
