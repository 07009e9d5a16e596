import { css } from 'lit';

/** The desk's critical-value panel and banner (critical-alerts.view.ts). */
export const criticalAlertsStyles = css`
  .alerts {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.5em 0.75em;
    margin-bottom: 1em;
    background: var(--_danger-soft);
  }
  .alerts-heading {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    color: var(--_danger);
  }
  .alerts-heading svg {
    flex: none;
    width: 1.25em;
    height: 1.25em;
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
  /* One alert in one compact row where there is room: what it is on the left, 已知悉 on the right. */
  .alert-item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 1em;
    padding: 0.4em 0;
    border-top: 1px solid var(--_border);
  }
  .alert-body {
    flex: 1 1 16em;
    min-width: 0;
  }
  .alert-item p {
    margin: 0.15em 0;
  }
  .alert-item > .button {
    flex: none;
  }
  .alert-item > [part~='alert-acknowledged'] {
    flex: 0 1 auto;
    min-width: 0;
  }
  .alert-results li {
    color: var(--_danger);
  }
  .alert-result {
    overflow-wrap: anywhere;
  }
  .alert-result .flag {
    font-weight: 600;
    color: var(--_danger);
  }

  /*
   * The banner: a sticky anchor of no height at the top of the desk, the banner hanging from it.
   * It stays at the top of the screen wherever the doctor has scrolled in the desk, lies over
   * the content there (the composer and its send button are at the bottom of the screen while
   * the doctor types) and moves nothing when it comes and goes.
   */
  .alert-banner-anchor {
    position: sticky;
    top: var(--ih-alert-banner-top, 0px);
    height: 0;
    z-index: 3;
  }
  .alert-banner {
    position: absolute;
    z-index: 1;
    top: 0.25em;
    left: 0;
    right: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em 0.75em;
    padding: 0.5em 0.75em;
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_danger-soft);
    box-shadow: 0 4px 14px color-mix(in srgb, var(--_text) 22%, transparent);
  }
  .alert-banner[hidden] {
    display: none;
  }
  /* One run of text that wraps: on a phone two or three lines above the buttons. */
  .alert-banner-text {
    flex: 1 1 14em;
    min-width: 0;
    margin: 0;
  }
  .alert-banner-text svg {
    width: 1.25em;
    height: 1.25em;
    vertical-align: -0.25em;
    margin-right: 0.3em;
    color: var(--_danger);
  }
  .alert-banner-label {
    color: var(--_danger);
    margin-right: 0.5em;
  }
  .alert-banner-text .muted {
    margin-left: 0.5em;
  }
  .alert-banner-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-left: auto;
  }
`;
