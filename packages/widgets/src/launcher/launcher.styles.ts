import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  css`
    :host {
      position: fixed;
      inset-block-end: var(--ih-launcher-offset, 1.5em);
      inset-inline-end: var(--ih-launcher-offset, 1.5em);
      z-index: var(--ih-launcher-z-index, 1000);
    }
    :host([placement='start']) {
      inset-inline-end: auto;
      inset-inline-start: var(--ih-launcher-offset, 1.5em);
    }
    .button {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      min-height: 3em;
      padding: 0.75em 1.25em;
      border: 0;
      border-radius: 999px;
      background: var(--_primary);
      color: var(--_on-primary);
      font: inherit;
      font-weight: 600;
      box-shadow: 0 6px 20px rgb(0 0 0 / 0.25);
      cursor: pointer;
    }
    .button:hover {
      filter: brightness(1.08);
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 1.5em;
      height: 1.5em;
    }
    .icon svg,
    ::slotted([slot='icon']) {
      width: 1.5em;
      height: 1.5em;
    }
  `,
];
