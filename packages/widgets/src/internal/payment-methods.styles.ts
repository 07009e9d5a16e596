import { css } from 'lit';

/** The look of the choice of how to pay (payment-methods.ts, a chunk loaded when something is to be paid; the styles are the element's): one bordered row per method, the chosen one highlighted. */
export const paymentMethodStyles = css`
  .pay-methods {
    border: none;
    margin: 0 0 0.75em;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .pay-methods legend {
    padding: 0;
    margin-bottom: 0.4em;
  }
  .pay-method {
    flex: 1 1 10em;
    padding: 0.4em 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    cursor: pointer;
  }
  .pay-method:has(input:checked) {
    border-color: var(--_primary);
    background: var(--_primary-soft);
  }
`;
