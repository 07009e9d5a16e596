import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  css`
    .preview-row {
      display: flex;
      flex-wrap: wrap;
      gap: 1em;
      align-items: flex-start;
    }
    .preview-row > .video {
      flex: 1 1 16em;
      min-width: 0;
      max-width: 28em;
      max-height: 25vh; /* a check, not the call */
    }
    .device-fields {
      flex: 1 1 14em;
      min-width: 0;
      grid-template-columns: minmax(0, 1fr);
      display: grid;
      gap: 0.5em;
    }
    .device-fields > *,
    .device-fields select {
      min-width: 0;
      width: 100%;
    }
    select {
      font: inherit;
      padding: 0.4em 0.5em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      max-width: 100%;
    }
    select:focus-visible {
      outline: none;
      box-shadow: var(--_focus);
    }
    meter {
      width: 100%;
      height: 0.75em;
    }
    .video {
      display: block;
      width: 100%;
      aspect-ratio: 4 / 3;
      /* on a phone (and with large text) the first screen keeps room for what to press */
      max-height: 45vh;
      background: #111;
      border-radius: var(--_radius);
      object-fit: cover;
    }
    .video.placeholder {
      background: var(--_surface);
      border: 1px dashed var(--_border);
    }
    .call-line {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75em;
      align-items: center;
      margin: 0 0 0.75em;
    }
    .call-state {
      font-weight: 600;
    }
    .call-state.connected {
      color: var(--_success);
    }
    .call-state.reconnecting {
      color: var(--_warning);
    }
    .network {
      font-size: 0.875em;
      padding: 0.1em 0.6em;
      border-radius: 999px;
      border: 1px solid currentColor;
    }
    .network.good {
      color: var(--_success);
    }
    .network.fair {
      color: var(--_warning);
    }
    .network.poor {
      color: var(--_danger);
    }
    .tiles {
      list-style: none;
      margin: 0 0 0.75em;
      padding: 0;
      display: grid;
      gap: 0.75em;
      grid-template-columns: repeat(auto-fill, minmax(min(14em, 100%), 1fr));
    }
    .tile {
      position: relative;
    }
    .tile.self {
      max-width: min(14em, 45%);
    }
    /*
     * In a call the controls, and in the device check 进入视频, stay at the bottom of the screen
     * while what is above them scrolls (a phone, large text).
     */
    [part~='device-check'] > .actions {
      position: sticky;
      bottom: 0;
      z-index: 1;
      margin-bottom: 0;
      padding: 0.5em 0;
      background: var(--_surface);
    }
    .controls {
      position: sticky;
      bottom: 0;
      z-index: 1;
      margin: 0;
      padding: 0.5em 0;
      background: var(--_bg);
    }
    .tile-name {
      position: absolute;
      left: 0.5em;
      bottom: 0.5em;
      padding: 0.1em 0.5em;
      border-radius: var(--_radius);
      background: rgb(0 0 0 / 0.6);
      color: #fff;
      font-size: 0.875em;
    }
    .waiting-list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5em;
    }
    .waiting-list li {
      display: flex;
      gap: 0.75em;
      align-items: center;
      justify-content: space-between;
    }
      .file-button {
      position: relative;
      cursor: pointer;
    }
    .file-button:focus-within {
      outline: 2px solid var(--_primary);
      outline-offset: 2px;
    }
    .recording.consented::before {
      content: '● ';
      color: var(--_danger);
    }
  `,
];
