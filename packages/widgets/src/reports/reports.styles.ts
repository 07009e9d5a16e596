import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { pendingPatientStyles } from '../internal/patient-options.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { tableStyles } from '../internal/table.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  tableStyles,
  css`
    :host {
      --_critical-soft: color-mix(in srgb, var(--_danger) 14%, var(--_bg));
      --_abnormal-soft: color-mix(in srgb, var(--_warning) 10%, var(--_bg));
    }
    [hidden] {
      display: none !important;
    }
    .option[aria-current='true'] {
      border-color: var(--_primary);
      background: var(--_primary-soft);
    }

    /* tabs */
    .tabs {
      display: flex;
      gap: 0.25em;
      border-bottom: 1px solid var(--_border);
      margin-bottom: 1em;
    }
    .tab {
      font: inherit;
      color: var(--_muted);
      background: none;
      border: none;
      border-bottom: 3px solid transparent;
      padding: 0.5em 0.9em;
      margin-bottom: -1px;
      cursor: pointer;
      border-radius: 4px 4px 0 0;
    }
    .tab:hover {
      color: var(--_text);
    }
    .tab[aria-selected='true'] {
      color: var(--_primary);
      border-bottom-color: var(--_primary);
      font-weight: 600;
    }

    /* badges */
    .badge.abnormal {
      background: var(--_abnormal-soft);
      color: var(--_warning);
      border: 1px solid color-mix(in srgb, var(--_warning) 40%, var(--_bg));
    }
    .badge.critical {
      display: inline-flex;
      align-items: center;
      gap: 0.25em;
      background: var(--_danger);
      color: var(--_on-primary);
      font-weight: 700;
    }
    .badge.critical svg {
      width: 1.1em;
      height: 1.1em;
    }

    /* a report */
    .sub-header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25em 0.75em;
      margin-bottom: 0.5em;
    }
    .detail-heading {
      font-size: 1.1em;
      font-weight: 600;
    }
    .report-facts {
      margin-bottom: 0.75em;
    }
    .data-table tbody th {
      font-weight: 500;
    }
    .result.abnormal {
      background: var(--_abnormal-soft);
    }
    .result.critical {
      background: var(--_critical-soft);
      box-shadow: inset 4px 0 0 var(--_danger);
    }
    .result.critical th,
    .result.critical .value {
      font-weight: 700;
    }
    .value {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    .unit,
    .range,
    .note {
      color: var(--_muted);
    }
    /* a result as a card on a narrow screen: the test and its value, the range and the flag, the note */
    @container (max-width: 30em) {
      .results td.note {
        grid-column: 1 / -1;
      }
      .results td.note:empty {
        display: none;
      }
    }
    .flag {
      white-space: nowrap;
      font-weight: 600;
      color: var(--_warning);
    }
    .flag.critical {
      color: var(--_danger);
    }
    /* What to do about a critical value: plain sentences, full width, above the table. */
    .critical-guidance {
      display: grid;
      gap: 0.4em;
      justify-items: start;
      margin-bottom: 1em;
      padding: 0.75em 1em;
      border: 2px solid var(--_danger);
      border-radius: var(--_radius);
      background: var(--_critical-soft);
      line-height: 1.6;
    }
    .critical-guidance-heading {
      display: flex;
      align-items: center;
      gap: 0.4em;
      color: var(--_danger);
      font-size: 1.05em;
    }
    .critical-guidance-heading svg {
      flex: none;
      width: 1.25em;
      height: 1.25em;
    }
    .critical-guidance .button {
      text-decoration: none;
    }
    .critical-values {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .critical-values strong {
      font-variant-numeric: tabular-nums;
    }
    .trend-button {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
      font: inherit;
      color: var(--_primary);
      background: none;
      border: none;
      padding: 0;
      cursor: pointer;
      text-align: start;
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    .trend-icon {
      display: inline-flex;
      flex: none;
    }
    .trend-icon svg {
      width: 1em;
      height: 1em;
    }
    .legend {
      margin-top: 0.5em;
    }

    /* trend */
    .trend {
      margin-top: 1em;
      padding: 0.9em 1em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .trend-header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25em 0.75em;
    }
    .trend-header .subheading {
      flex: 1;
      margin: 0;
    }
    .trend-chart {
      display: block;
      width: 100%;
      max-width: 40em;
      height: auto;
      margin: 0.5em 0;
      overflow: visible;
    }
    .trend-chart .band {
      fill: var(--_success-soft);
      stroke: color-mix(in srgb, var(--_success) 35%, var(--_bg));
      stroke-dasharray: 4 3;
    }
    .trend-chart .grid {
      stroke: var(--_border);
      stroke-width: 0.5;
    }
    .trend-chart .axis {
      stroke: var(--_muted);
    }
    .trend-chart .tick {
      fill: var(--_muted);
      font-size: 11px;
    }
    .trend-chart .line {
      fill: none;
      stroke: var(--_primary);
      stroke-width: 2;
    }
    .trend-chart .point {
      fill: var(--_primary);
      stroke: var(--_bg);
      stroke-width: 1.5;
    }
    .trend-chart .point.abnormal {
      fill: var(--_warning);
    }
    .trend-chart .point.critical {
      fill: var(--_danger);
    }

    /* imaging */
    .studies {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 1.25em;
    }
    .study-title {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 0.75em;
      align-items: baseline;
      font-weight: 600;
      margin-bottom: 0.5em;
    }
    .study-title .muted {
      font-weight: 400;
    }

    /* an imaging study's report, before its images */
    .imaging-report,
    .report-pending {
      margin: 0 0 0.75em;
      padding: 0.75em 0.9em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .imaging-report.status-preliminary,
    .imaging-report.status-amended {
      border-inline-start: 4px solid var(--_warning);
    }
    .report-note {
      margin: 0 0 0.6em;
      font-size: 0.875em;
      color: var(--_text);
    }
    .report-sections {
      margin: 0;
    }
    .report-sections dt {
      font-weight: 600;
      color: var(--_muted);
      font-size: 0.875em;
      margin-top: 0.6em;
    }
    .report-sections dt:first-child {
      margin-top: 0;
    }
    .report-text {
      margin: 0.2em 0 0;
      white-space: pre-line;
      overflow-wrap: anywhere;
      line-height: 1.75;
    }
    .report-text.impression {
      font-weight: 600;
    }
    .report-signature {
      display: flex;
      flex-wrap: wrap;
      gap: 0.1em 1em;
      margin: 0.6em 0 0;
      font-size: 0.875em;
    }
    .report-pending-title {
      margin: 0;
      font-weight: 600;
    }
    .report-pending .muted {
      margin: 0.2em 0 0;
      font-size: 0.875em;
    }
    .series-label {
      margin: 0 0 0.4em;
      font-size: 0.875em;
      font-weight: 600;
      color: var(--_muted);
    }
    .thumbnail {
      flex: none;
      width: 4em;
      height: 4em;
      object-fit: cover;
      border-radius: 4px;
      background: #000;
    }

    /* viewer */
    .viewer-tools {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em 1.25em;
      margin-bottom: 0.75em;
    }
    /* A slider takes a row of its own on a phone; its box is 44 px tall for a finger. */
    .viewer-field {
      display: inline-flex;
      flex: 1 1 14em;
      align-items: center;
      gap: 0.5em;
      font-size: 0.875em;
    }
    .viewer-field > span {
      min-width: 2.5em;
    }
    .viewer-field input {
      flex: 1;
      min-width: 0;
      height: var(--_target);
      margin: 0;
    }
    .frame-counter,
    .zoom-level {
      font-variant-numeric: tabular-nums;
      min-width: 3.5em;
      text-align: center;
    }
    .zoom {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25em;
    }
    .zoom .button {
      min-height: var(--_target);
      min-width: var(--_target);
      padding: 0.2em 0.7em;
    }
    .stage {
      position: relative;
      overflow: auto;
      max-height: 70vh;
      background: #000;
      border-radius: var(--_radius);
      text-align: center;
    }
    .stage canvas {
      width: calc(min(100%, 70vh) * var(--zoom, 1));
      display: inline-block;
      vertical-align: top;
      max-width: none;
      cursor: crosshair;
      /* A finger swiping sideways turns the image (imaging-viewer.ts); up and down scroll the page. */
      touch-action: pan-y pinch-zoom;
    }
    .stage.zoomed canvas {
      touch-action: pan-x pan-y pinch-zoom;
    }
    .stage-loading {
      position: absolute;
      inset: 0;
      padding: 1em;
    }
    #viewer-hint {
      margin-top: 0.5em;
    }
  `,
  pendingPatientStyles,
];
