import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { prescriptionStyles } from '../prescription/prescription.styles.js';
import { paymentMethodStyles } from '../internal/payment-methods.styles.js';
import { insuranceSplitStyles } from '../internal/insurance-split.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  prescriptionStyles,
  paymentMethodStyles,
  insuranceSplitStyles,
  css`
    .status-line {
      margin-bottom: 0.75em;
    }
    .notice.ended {
      background: var(--_danger-soft);
      border-inline-start: 3px solid var(--_danger);
    }
    .choice {
      border: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em 1.25em;
    }
    .choice legend {
      padding: 0;
      margin-top: 0;
    }
    .points {
      display: grid;
      gap: 0.5em;
    }
    .point {
      display: flex;
      gap: 0.6em;
      align-items: flex-start;
      padding: 0.6em 0.8em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      cursor: pointer;
    }
    .point:has(input:checked) {
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }
    .point input {
      margin-top: 0.3em;
    }
    .point-main {
      display: grid;
      gap: 0.1em;
    }
    .address {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(14em, 100%), 1fr));
      gap: 0 1em;
    }
    .tracking {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em 1.5em;
    }
    .step {
      display: flex;
      gap: 0.4em;
      align-items: center;
      color: var(--_muted);
    }
    .step .dot {
      display: inline-flex;
      width: 1.2em;
      height: 1.2em;
      border-radius: 50%;
      border: 2px solid var(--_border);
      align-items: center;
      justify-content: center;
    }
    .step.done {
      color: var(--_success);
    }
    .step.done .dot {
      border-color: var(--_success);
    }
    .step.done svg {
      width: 1.2em;
      height: 1.2em;
    }
    .step.current {
      color: var(--_primary);
      font-weight: 600;
    }
    .step.current .dot {
      border-color: var(--_primary);
      background: var(--_primary);
    }
    .print-view {
      margin-top: 1.25em;
      padding: 1.25em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    .print-head {
      text-align: center;
      margin-bottom: 1em;
    }
    .print-hospital {
      font-weight: 600;
      font-size: 1.1em;
    }
    .print-title {
      font-size: 1.3em;
      font-weight: 700;
      letter-spacing: 0.1em;
    }
    @media print {
      [part~='base'] {
        border: none;
        padding: 0;
      }
      .printing .screen-only,
      .print-view .screen-only {
        display: none !important;
      }
      .print-view {
        border: none;
        margin: 0;
        padding: 0;
        color: #000;
        background: #fff;
      }
      .items th,
      .items td {
        border-color: #999;
      }
    }
  `,
];
