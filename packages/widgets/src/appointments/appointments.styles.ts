import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  css`
    .message {
      margin-bottom: 1em;
      padding: 0.7em 1em;
      border-radius: var(--_radius);
      background: var(--_success-soft);
      color: var(--_text);
      border: 1px solid color-mix(in srgb, var(--_success) 35%, var(--_bg));
    }
    .message[hidden] {
      display: none;
    }
    .group + .group {
      margin-top: 1.5em;
    }
    .group-heading {
      font-size: 0.875em;
      font-weight: 600;
      color: var(--_muted);
      letter-spacing: 0.02em;
      margin-bottom: 0.625em;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.625em;
    }
    .item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 1em;
      padding: 0.875em 1em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    .item.cancelled,
    .item.completed,
    .item.no_show {
      background: var(--_surface);
    }
    .date {
      flex: none;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      width: 3.5em;
      height: 3.5em;
      border-radius: var(--_radius);
      background: var(--_primary-soft);
      color: var(--_primary);
      line-height: 1.15;
    }
    .past .date {
      background: var(--_surface);
      color: var(--_muted);
      border: 1px solid var(--_border);
    }
    .date-month {
      font-size: 0.75em;
    }
    .date-day {
      font-size: 1.25em;
      font-weight: 700;
    }
    .details {
      flex: 1;
      min-width: 0;
      display: grid;
      gap: 0.15em;
    }
    .line1 {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
    }
    .doctor {
      font-weight: 600;
    }
    .title,
    .line2,
    .line3 {
      color: var(--_muted);
      font-size: 0.875em;
    }
    .status {
      display: inline-block;
      padding: 0.05em 0.55em;
      border-radius: 999px;
      font-size: 0.75em;
      font-weight: 500;
      line-height: 1.6;
      border: 1px solid var(--_border);
      color: var(--_muted);
      background: var(--_bg);
    }
    .status.booked {
      color: var(--_success);
      border-color: color-mix(in srgb, var(--_success) 40%, var(--_bg));
      background: var(--_success-soft);
    }
    .status.cancelled {
      color: var(--_muted);
    }
    .status.no_show {
      color: var(--_danger);
      border-color: color-mix(in srgb, var(--_danger) 40%, var(--_bg));
    }
    .aside {
      display: flex;
      flex-direction: column;
      align-items: flex-end;
      gap: 0.4em;
    }
    .fee {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .cancel,
    .reschedule {
      padding: 0.2em 0.8em;
      font-size: 0.875em;
    }
    /* A held place's pay panel and the reschedule panel: a line of their own under the appointment. */
    .wide {
      flex: 1 1 100%;
    }
    .cancel:hover {
      border-color: var(--_danger);
      color: var(--_danger);
    }

    .button.danger {
      background: var(--_danger);
      border-color: var(--_danger);
      color: var(--_on-primary);
    }
    .button.danger:hover {
      background: color-mix(in srgb, var(--_danger) 88%, #000);
      color: var(--_on-primary);
    }

    /* dialog */
    .dialog {
      width: min(28em, calc(100vw - 2em));
      padding: 1.5em;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 1.5);
      background: var(--_bg);
      color: var(--_text);
      box-shadow: 0 10px 40px rgb(0 0 0 / 0.2);
      font: inherit;
    }
    .dialog::backdrop {
      background: rgb(15 23 42 / 0.45);
    }
    .dialog-title {
      font-size: 1.125em;
      font-weight: 600;
      margin: 0 0 0.6em;
    }
    .dialog-what {
      font-weight: 500;
      margin-bottom: 0.4em;
    }
    .dialog-text {
      color: var(--_muted);
      font-size: 0.9375em;
    }
    .dialog-text + .dialog-text {
      margin-top: 0.5em;
      color: var(--_text);
    }
    .dialog .alert {
      margin-top: 1em;
    }
    /* the answer stays in view when the dialog is taller than the screen (the largest text on a phone) */
    .dialog-actions {
      position: sticky;
      bottom: -1.5em;
      display: flex;
      justify-content: flex-end;
      gap: 0.75em;
      margin: 1.5em -1.5em -1.5em;
      padding: 0.75em 1.5em 1.5em;
      background: var(--_bg);
    }

    @media (max-width: 480px) {
      .item {
        flex-wrap: wrap;
      }
      .aside {
        flex-direction: row;
        flex-wrap: wrap;
        width: 100%;
        justify-content: space-between;
        align-items: center;
      }
      .aside .fee {
        margin-inline-end: auto;
      }
    }
  `,
];
