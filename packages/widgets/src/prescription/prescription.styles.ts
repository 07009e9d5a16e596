import { css } from 'lit';
import { tableStyles } from '../internal/table.styles.js';

/** What the prescription elements share: status badges, the items table, findings, allergies. */
export const prescriptionStyles = css`
  .status.rx-pending_review,
  .status.rx-paid,
  .status.rx-dispatched {
    background: var(--_primary-soft);
    color: var(--_primary);
    border-color: transparent;
  }
  .status.rx-approved,
  .status.rx-completed {
    background: var(--_success-soft);
    color: var(--_success);
    border-color: transparent;
  }
  .status.rx-returned {
    color: var(--_warning);
  }
  .status.rx-expired,
  .status.rx-cancelled {
    background: var(--_danger-soft);
    color: var(--_danger);
    border-color: transparent;
  }
  ${tableStyles}
  .items tbody th {
    font-weight: 600;
  }
  /* a drug as a card on a narrow screen: its name and amount, the usage and the quantity */
  @container (max-width: 30em) {
    .items tbody td:last-child {
      grid-column: 2;
      grid-row: 1;
    }
    .items tbody td:nth-child(2) {
      grid-column: 1;
      grid-row: 2;
      text-align: start;
    }
    .items tbody td:nth-child(3) {
      grid-column: 2;
      grid-row: 2;
    }
  }
  /* Narrower still for its text: one column, in order (table.styles.ts). */
  @container (max-width: 20em) {
    .items tbody td:last-child,
    .items tbody td:nth-child(2),
    .items tbody td:nth-child(3) {
      grid-column: 1;
      grid-row: auto;
    }
  }
  .items tfoot th,
  .items tfoot td {
    border-bottom: none;
    font-weight: 600;
  }
  .findings {
    list-style: none;
    margin: 0.35em 0 0;
    padding: 0;
    display: grid;
    gap: 0.3em;
  }
  .finding {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5em;
    align-items: baseline;
    padding: 0.3em 0.6em;
    border-radius: var(--_radius);
    font-size: 0.875em;
    border-inline-start: 3px solid var(--_warning);
    background: color-mix(in srgb, var(--_warning) 9%, var(--_bg));
  }
  .finding.error {
    border-inline-start-color: var(--_danger);
    background: var(--_danger-soft);
  }
  .finding-level {
    flex: none;
    max-width: 100%;
    font-weight: 600;
    color: var(--_warning);
  }
  .finding > :not(.finding-level) {
    flex: 1 1 10em;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .finding.error .finding-level {
    color: var(--_danger);
  }
  .allergies {
    margin: 0 0 0.75em;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: baseline;
  }
  .allergies-label {
    color: var(--_muted);
  }
  .allergy {
    padding: 0 0.5em;
    border-radius: 4px;
    background: var(--_danger-soft);
    color: var(--_danger);
    font-weight: 500;
  }
  .signature .invalid {
    color: var(--_danger);
    font-weight: 600;
  }
  .signature .valid {
    color: var(--_success);
  }
  .fingerprint {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  .serial {
    overflow-wrap: anywhere;
  }
  .sign-on-phone {
    font-weight: 600;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    align-items: end;
  }
  .check {
    display: flex;
    gap: 0.5em;
    align-items: center;
  }
  .check input {
    width: auto;
    margin: 0;
  }
  .field select {
    font: inherit;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
  }
`;
