import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';

export default [
  tokenStyles,
  uiStyles,
  css`
    :host {
      --_grid-minor: var(--ih-ecg-grid-minor, color-mix(in srgb, #e8505b 22%, var(--_paper)));
      --_grid-major: var(--ih-ecg-grid-major, color-mix(in srgb, #e8505b 55%, var(--_paper)));
      --_trace: var(--ih-ecg-trace, var(--_text));
      --_paper: var(--ih-ecg-paper, var(--_bg));
    }
    .tools {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      margin-bottom: 0.75em;
    }
    .tools .button {
      padding-inline: 0.8em;
    }
    .zoom-level {
      min-width: 6em;
      text-align: center;
      color: var(--_muted);
      font-variant-numeric: tabular-nums;
    }
    [part~='calipers-button'][aria-pressed='true'] {
      background: var(--_primary-soft);
      border-color: var(--_primary);
      color: var(--_primary);
    }
    /* The paper scrolls inside the element: a phone scrolls it sideways, the page stays as wide as the screen. */
    .paper {
      overflow: auto;
      width: fit-content;
      max-width: 100%;
      max-height: 80vh;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_paper);
      touch-action: pan-x pan-y;
      overscroll-behavior-x: contain;
    }
    .sheet {
      position: relative;
      width: max-content;
    }
    svg {
      display: block;
      user-select: none;
      -webkit-user-select: none;
    }
    .sheet-bg {
      fill: var(--_paper);
    }
    .grid-minor,
    .grid-major,
    .pulse,
    .separator,
    .trace,
    .caliper-line,
    .caliper-span {
      fill: none;
      vector-effect: non-scaling-stroke;
    }
    .grid-minor {
      stroke: var(--_grid-minor);
      stroke-width: 0.5px;
    }
    .grid-major {
      stroke: var(--_grid-major);
      stroke-width: 1px;
    }
    .pulse,
    .separator {
      stroke: var(--_trace);
      stroke-width: 1.2px;
    }
    .trace {
      stroke: var(--_trace);
      stroke-width: 1.2px;
      stroke-linejoin: round;
    }
    .lead-name {
      fill: var(--_trace);
      font-size: 3.5px;
      font-weight: 600;
    }
    .caliper-line {
      stroke: var(--_primary);
      stroke-width: 1px;
      stroke-dasharray: 4 3;
    }
    .caliper-span {
      stroke: var(--_primary);
      stroke-width: 1.5px;
    }
    .caliper-point {
      fill: var(--_primary);
    }
    /* A handle: a 44 px target centred on its caliper's point, a dot in its middle. */
    .handle {
      position: absolute;
      left: calc(var(--x, 0px) - var(--_target) / 2);
      top: calc(var(--y, 0px) - var(--_target) / 2);
      width: var(--_target);
      height: var(--_target);
      border-radius: 50%;
      touch-action: none;
      cursor: ew-resize;
    }
    .handle::after {
      content: '';
      position: absolute;
      inset: calc(50% - 7px);
      border-radius: 50%;
      border: 2px solid var(--_bg);
      background: var(--_primary);
    }
    .handle:focus-visible {
      box-shadow: var(--_focus);
    }
    svg[part~='chart'] {
      cursor: crosshair;
    }
    .measurement {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 1.25em;
      margin-top: 0.75em;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .hint,
    .scale {
      margin-top: 0.5em;
      color: var(--_muted);
      font-size: 0.875em;
    }
  `,
];
