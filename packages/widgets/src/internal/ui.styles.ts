import { css } from 'lit';

/**
 * What hides a box from the eye but not from a screen reader; for rules that hide something
 * only in some layouts (a container query), where the class cannot be used.
 */
export const visuallyHidden = css`
  position: absolute !important;
  width: 1px;
  height: 1px;
  padding: 0;
  margin: -1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
`;

/** A choice in a `<select>` beside a label (whose record, which doctor): the look of the elements' inputs. */
export const selectLook = css`
  padding: 0 0.75em;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
  color: var(--_text);
  font: inherit;
`;

/** Styles shared by the ihkit elements: base box, touch targets, buttons, states, skeletons. */
export const uiStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    /* The smallest box a finger hits reliably (WCAG 2.5.5, Apple's and Android's guidance); larger in elder mode. */
    --_target: var(--ih-preset-target, 44px);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [part~='base'] {
    background: var(--_bg);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1.25em;
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  fieldset {
    min-width: 0; /* not as wide as its widest line: it fits the screen like any box */
  }
  :where(select, input, textarea) {
    max-width: 100%; /* a long option (a device's name) does not widen the page */
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .visually-hidden {
    ${visuallyHidden}
  }

  /*
   * Touch targets: whatever a finger taps is at least 44×44 px on every screen (a desktop may
   * have a touch screen, a phone may show a page at desktop width). For a radio or a checkbox
   * the label is what is tapped. Zero specificity: an element's own rules set the layout.
   */
  :where(button, select, textarea, summary, [role='button'], [role='tab'], input:not([type='checkbox'], [type='radio'], [type='range'], [type='file'], [type='hidden'])) {
    min-height: var(--_target);
  }
  :where(button, [role='button'], [role='tab']) {
    min-width: var(--_target);
  }
  :where(label:has(> input[type='checkbox'], > input[type='radio'])) {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: var(--_target);
  }

  /* buttons */
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: var(--_target);
    padding: 0.45em 1.1em;
    font: inherit;
    font-weight: 500;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_text);
    cursor: pointer;
    transition: background-color 0.15s, border-color 0.15s, color 0.15s;
  }
  .button:hover {
    border-color: var(--_primary);
    color: var(--_primary);
  }
  .button.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  .button.primary:hover {
    background: color-mix(in srgb, var(--_primary) 88%, #000);
    color: var(--_on-primary);
  }
  .button.link {
    border-color: transparent;
    background: transparent;
    color: var(--_primary);
    padding-inline: 0.4em;
  }
  .button[disabled],
  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }

  /* states */
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
    gap: 0.6em;
    padding: 2em 1em;
    color: var(--_muted);
  }
  .state .state-title {
    color: var(--_text);
    font-weight: 600;
    font-size: 1.05em;
  }
  .state svg {
    width: 2.5em;
    height: 2.5em;
    color: var(--_muted);
  }
  .state.error svg {
    color: var(--_danger);
  }
  .alert {
    display: flex;
    gap: 0.6em;
    align-items: flex-start;
    padding: 0.75em 1em;
    border-radius: var(--_radius);
    background: var(--_danger-soft);
    border: 1px solid color-mix(in srgb, var(--_danger) 35%, var(--_bg));
    color: var(--_text);
  }
  .alert svg {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    margin-top: 0.1em;
    color: var(--_danger);
  }
  .skeleton {
    display: grid;
    gap: 0.75em;
  }
  .skeleton span {
    display: block;
    height: 3.25em;
    border-radius: var(--_radius);
    background: linear-gradient(90deg, var(--_surface) 25%, color-mix(in srgb, var(--_border) 55%, var(--_surface)) 50%, var(--_surface) 75%);
    background-size: 200% 100%;
    animation: ih-shimmer 1.4s ease-in-out infinite;
  }
  @keyframes ih-shimmer {
    from {
      background-position: 200% 0;
    }
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }
    * {
      transition: none !important;
    }
  }
`;
