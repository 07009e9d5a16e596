import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { pendingPatientStyles } from '../internal/patient-options.js';
import { stepHeaderStyles } from '../internal/step-header.styles.js';
import { uiStyles, visuallyHidden } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  stepHeaderStyles,
  css`
    /* step indicator */
    .steps {
      container-type: inline-size;
      display: flex;
      list-style: none;
      margin: 0 0 1.25em;
      padding: 0;
      gap: 0;
      counter-reset: step;
    }
    .step {
      flex: 1 1 0;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.35em;
      position: relative;
      font-size: 0.8125em;
      color: var(--_muted);
      text-align: center;
      min-width: 0;
    }
    .step + .step::before {
      content: '';
      position: absolute;
      top: 0.875em;
      right: calc(50% + 1.125em);
      left: calc(-50% + 1.125em);
      height: 2px;
      border-radius: 1px;
      background: var(--_border);
    }
    .step.complete + .step::before,
    .step.current::before {
      background: var(--_primary);
    }
    .step-marker {
      display: grid;
      place-items: center;
      width: 1.75em;
      height: 1.75em;
      border-radius: 50%;
      border: 2px solid var(--_border);
      background: var(--_bg);
      font-weight: 600;
      line-height: 1;
      position: relative;
    }
    .step.current .step-marker {
      border-color: var(--_primary);
      background: var(--_primary);
      color: var(--_on-primary);
    }
    .step.complete .step-marker {
      border-color: var(--_primary);
      color: var(--_primary);
    }
    .step.current .step-label {
      color: var(--_text);
      font-weight: 600;
    }
    .step-label {
      max-width: 100%;
    }
    /* On a narrow screen five labels do not fit (English ones were cut off): the numbered
       markers stay, the labels are left to screen readers, and "Step 2 of 5" with the heading
       says where the user is. */
    @container (max-width: 32em) {
      .step-label {
        ${visuallyHidden}
      }
    }

    .step-of {
      font-size: 0.8125em;
      color: var(--_muted);
    }
    .context-line {
      color: var(--_muted);
      margin-bottom: 0.75em;
    }

    /* option lists */
    .options {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: minmax(0, 1fr); /* as wide as the screen, not as the longest name */
      gap: 0.625em;
    }
    .departments {
      grid-template-columns: repeat(auto-fill, minmax(min(14em, 100%), 1fr));
    }
    .triage-open {
      margin-bottom: 0.875em;
    }
    .option {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.875em;
      width: 100%;
      height: 100%;
      padding: 0.875em 1em;
      font: inherit;
      text-align: start;
      color: var(--_text);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
      transition: border-color 0.15s, background-color 0.15s, box-shadow 0.15s;
    }
    .option:hover {
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }
    .option[aria-current='true'] {
      border-color: var(--_primary);
    }
    .option-main {
      display: flex;
      flex-direction: column;
      gap: 0.2em;
      flex: 1 1 5em; /* the fee and the chevron stay beside it on a phone; below it only with very large text */
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .option-title {
      font-weight: 600;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4em;
    }
    .option-sub {
      font-size: 0.875em;
      color: var(--_muted);
    }
    .chevron {
      display: flex;
      color: var(--_muted);
    }
    .chevron svg {
      width: 1.1em;
      height: 1.1em;
    }
    .avatar {
      flex: none;
      display: grid;
      place-items: center;
      width: 2.75em;
      height: 2.75em;
      border-radius: 50%;
      background: var(--_primary-soft);
      color: var(--_primary);
      font-weight: 600;
      font-size: 1em;
    }
    .badge {
      display: inline-block;
      padding: 0.1em 0.5em;
      border-radius: 999px;
      font-size: 0.75em;
      font-weight: 500;
      line-height: 1.6;
      background: var(--_surface);
      color: var(--_muted);
      border: 1px solid var(--_border);
    }
    .badge.minor {
      color: var(--_warning);
      border-color: color-mix(in srgb, var(--_warning) 40%, var(--_bg));
      background: color-mix(in srgb, var(--_warning) 8%, var(--_bg));
    }
    .fee {
      font-weight: 600;
      color: var(--_text);
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }

    /* dates */
    /* When the days do not all fit, date-strip.ts sets --day-width so that half a day shows at the
       edge, and marks the edges that have more days beyond them: they fade. */
    .dates {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: var(--day-width, minmax(4.25em, 1fr));
      gap: 0.5em;
      overflow-x: auto;
      scroll-snap-type: x proximity;
      scroll-padding-inline: 3px;
      /* room for the focus ring inside the strip, which scrolls: nothing sticks out of the step */
      padding: 3px 3px 0.5em;
      margin: 0 0 0.75em;
      --fade-before: #000;
      --fade-after: #000;
      -webkit-mask-image: linear-gradient(to right, var(--fade-before), #000 2em, #000 calc(100% - 2em), var(--fade-after));
      mask-image: linear-gradient(to right, var(--fade-before), #000 2em, #000 calc(100% - 2em), var(--fade-after));
    }
    .dates[data-more-before] {
      --fade-before: rgb(0 0 0 / 0.15);
    }
    .dates[data-more-after] {
      --fade-after: rgb(0 0 0 / 0.15);
    }
    .date {
      scroll-snap-align: start;
    }
    .date,
    .slot {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.1em;
      padding: 0.5em 0.25em;
      font: inherit;
      color: var(--_text);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .date:hover {
      border-color: var(--_primary);
    }
    .date-weekday {
      font-size: 0.8125em;
      color: var(--_muted);
    }
    .date-day {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .date-mark {
      font-size: 0.75em;
      color: var(--_muted);
    }
    .date.available .date-mark {
      color: var(--_success);
      font-weight: 500;
    }
    .date[aria-checked='true'] {
      background: var(--_primary);
      border-color: var(--_primary);
      color: var(--_on-primary);
    }
    .date[aria-checked='true'] .date-weekday,
    .date[aria-checked='true'] .date-mark {
      color: var(--_on-primary);
    }

    /* slots */
    .slots {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(8.5em, 100%), 1fr));
      gap: 0.5em;
    }
    .slot {
      padding: 0.6em 0.5em;
    }
    .slot-time {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .slot-left {
      font-size: 0.8125em;
      color: var(--_success);
    }
    .slot.available:hover {
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }
    .slot[aria-disabled='true'] {
      cursor: not-allowed;
      background: var(--_surface);
      color: var(--_muted);
    }
    .slot[aria-disabled='true'] .slot-time {
      font-weight: 500;
      text-decoration: line-through;
    }
    .slot[aria-disabled='true'] .slot-left {
      color: var(--_muted);
    }
    .slot[aria-checked='true'] {
      border-color: var(--_primary);
      box-shadow: inset 0 0 0 1px var(--_primary);
      background: var(--_primary-soft);
    }
    .no-slots {
      padding: 1.5em 1em;
      text-align: center;
      color: var(--_muted);
      background: var(--_surface);
      border-radius: var(--_radius);
    }
    .notice {
      margin-bottom: 1em;
    }

    /* summary */
    .summary {
      margin: 0;
      padding: 0.25em 1em;
      background: var(--_surface);
      border-radius: var(--_radius);
    }
    .summary > div {
      display: grid;
      grid-template-columns: fit-content(35%) minmax(0, 1fr); /* the label never narrower than its longest word */
      gap: 1em;
      padding: 0.7em 0;
      border-bottom: 1px dashed var(--_border);
    }
    .summary > div:last-child {
      border-bottom: 0;
    }
    .summary dt {
      color: var(--_muted);
    }
    .summary dd {
      margin: 0;
      font-weight: 500;
      overflow-wrap: anywhere;
    }
    .summary .total dd {
      font-size: 1.125em;
      color: var(--_primary);
    }
    .muted {
      color: var(--_muted);
      font-weight: 400;
      font-size: 0.9375em;
    }
    .hint {
      margin: 0.875em 0 0;
      font-size: 0.875em;
      color: var(--_muted);
    }
    .alert {
      margin-top: 1em;
    }
    .notice.alert {
      margin-top: 0;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.75em;
      margin-top: 1.25em;
    }
    .confirm {
      min-width: 10em;
    }
    .spinner {
      width: 1em;
      height: 1em;
      border: 2px solid currentColor;
      border-right-color: transparent;
      border-radius: 50%;
      animation: ih-spin 0.8s linear infinite;
    }
    @keyframes ih-spin {
      to {
        transform: rotate(360deg);
      }
    }

    /* done */
    .done {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.5em;
      padding: 0.5em 0 1.25em;
      text-align: center;
    }
    .done-icon svg {
      width: 3em;
      height: 3em;
      color: var(--_success);
    }
    .done-message {
      font-size: 1.0625em;
    }

    @media (max-width: 480px) {
      [part~='base'] {
        padding: 1em 0.875em;
      }
      .step-label {
        font-size: 0.875em;
      }
    }
  `,
  pendingPatientStyles,
];
