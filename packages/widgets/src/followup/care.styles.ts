import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { tableStyles } from '../internal/table.styles.js';

/** What <ih-followup> and <ih-care-desk> share: the widgets' base, tables, their sub-headings and 44 px targets. */
export const careStyles = [
  tokenStyles,
  uiStyles,
  consultStyles,
  tableStyles,
  css`
    .subheading {
      font-size: 1em;
      font-weight: 600;
      margin: 1em 0 0.5em;
    }
    .button,
    .field select,
    .field input {
      min-height: var(--_target);
    }
  `,
];
