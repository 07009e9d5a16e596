import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { conversationStyles } from '../consult/conversation.styles.js';
import { criticalAlertsStyles } from './critical-alerts.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  conversationStyles,
  criticalAlertsStyles,
  css`
    .consult-line {
      margin-bottom: 0.5em;
    }
    .complaint {
      white-space: pre-wrap;
    }
    [part~='waited'] {
      color: var(--_warning);
    }
    details.panel > summary {
      cursor: pointer;
      margin: 0;
    }
    .history {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.35em;
    }
    .history li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
    }
`,
];
