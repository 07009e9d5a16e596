import { css } from 'lit';

/**
 * The header of a stepped element (<ih-booking>, <ih-triage>): the back button beside the
 * step's heading, with the step count at the far end, over a rule.
 */
export const stepHeaderStyles = css`
  .header {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding-bottom: 0.9em;
    margin-bottom: 1em;
    border-bottom: 1px solid var(--_border);
  }
  .back {
    margin-left: -0.4em;
    font-size: 0.9375em;
  }
  .back svg {
    width: 1.1em;
    height: 1.1em;
  }
  .heading-wrap {
    display: flex;
    flex: 1;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.75em;
    flex-wrap: wrap;
  }
  .heading {
    font-size: 1.25em;
    font-weight: 600;
    line-height: 1.3;
    border-radius: 4px;
  }
`;
