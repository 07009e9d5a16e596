import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { conversationStyles } from '../consult/conversation.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  conversationStyles,
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
      .alerts {
      border: 2px solid var(--_danger);
      border-radius: var(--_radius);
      padding: 0.75em;
      margin-bottom: 1em;
      background: var(--_danger-soft);
    }
    .alerts-heading {
      display: flex;
      align-items: center;
      gap: 0.5em;
      color: var(--_danger);
    }
    .alerts-heading .link {
      margin-left: auto;
    }
    .alert-list,
    .alert-results {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .alert-item {
      padding: 0.5em 0;
      border-top: 1px solid var(--_border);
    }
    .alert-item p {
      margin: 0.25em 0;
    }
    .alert-results li {
      color: var(--_danger);
    }
    .alert-results abbr {
      font-weight: 700;
      text-decoration: none;
    }
`,
];
