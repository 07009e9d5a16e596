import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { prescriptionStyles } from '../prescription/prescription.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  prescriptionStyles,
  css`
    [part~='waited'] {
      color: var(--_warning);
    }
    .status-line {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      align-items: center;
      margin-bottom: 0.75em;
    }
    .alert.block > div {
      display: grid;
      gap: 0.4em;
    }
  `,
];
