import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  css`
    :host {
      display: contents;
    }
    dialog {
      width: min(var(--ih-modal-width, 45em), calc(100vw - 1em));
      max-height: calc(100dvh - 1em);
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
      overflow: hidden;
    }
    dialog[open] {
      display: flex;
      flex-direction: column;
    }
    dialog::backdrop {
      background: var(--ih-modal-backdrop, rgb(15 23 32 / 0.55));
    }
    .box {
      display: flex;
      flex-direction: column;
      min-height: 0;
      max-height: inherit;
    }
    .header {
      display: flex;
      align-items: center;
      gap: 0.75em;
      padding: 0.75em 1em;
      border-bottom: 1px solid var(--_border);
    }
    h2 {
      flex: 1;
      font-size: 1.125em;
      line-height: 1.3;
    }
    .close {
      display: inline-grid;
      place-items: center;
      width: 2.5em;
      height: 2.5em;
      padding: 0;
      border: 0;
      border-radius: var(--_radius);
      background: transparent;
      color: var(--_muted);
      cursor: pointer;
    }
    .close:hover {
      background: var(--_surface);
      color: var(--_text);
    }
    .close svg {
      width: 1.25em;
      height: 1.25em;
    }
    .body {
      overflow: auto;
      padding: 1em;
      min-height: 0;
    }
  `,
];
