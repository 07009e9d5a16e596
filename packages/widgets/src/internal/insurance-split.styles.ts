import { css } from 'lit';

/** The look of the insurance choice and split (insurance-split.ts, a chunk; the styles are the element's). */
export const insuranceSplitStyles = css`
  .insurance-choice {
    align-items: flex-start;
    margin: 0.75em 0;
    min-height: var(--_target);
  }
  .insurance-choice input {
    margin-top: 0.2em;
  }
  .insurance-choice .option-sub {
    display: block;
  }
  .insurance-split {
    margin: 0 0 0.75em;
  }
  .split-sums {
    margin: 0 0 0.5em;
    display: grid;
    gap: 0.25em;
  }
  .split-row {
    display: flex;
    justify-content: space-between;
    gap: 1em;
  }
  .split-row dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .split-row[part~='split-self-pay'] {
    font-weight: 600;
    border-top: 1px solid var(--_border);
    padding-top: 0.25em;
  }
  .split-items {
    margin: 0;
    padding-inline-start: 1.1em;
    font-size: 0.9em;
  }
`;
