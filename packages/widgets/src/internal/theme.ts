import { css } from 'lit';

/**
 * Design tokens. A host sets the public `--ih-*` custom properties anywhere above an element
 * (`:root`, `ih-provider`, the element itself); they win over the provider's theme preset,
 * which sets `--ih-preset-*`. Sizes are px/em, never rem, so a portal's `html { font-size }`
 * does not shrink the widgets.
 *
 * Public tokens: --ih-color-primary, --ih-color-on-primary, --ih-color-bg, --ih-color-surface,
 * --ih-color-text, --ih-color-muted, --ih-color-danger, --ih-color-success,
 * --ih-color-warning, --ih-color-border, --ih-radius, --ih-font-family, --ih-font-size.
 */
export const TOKENS = [
  '--ih-color-primary',
  '--ih-color-on-primary',
  '--ih-color-bg',
  '--ih-color-surface',
  '--ih-color-text',
  '--ih-color-muted',
  '--ih-color-danger',
  '--ih-color-success',
  '--ih-color-warning',
  '--ih-color-border',
  '--ih-radius',
  '--ih-font-family',
  '--ih-font-size',
] as const;

/** Resolves the public tokens (or the preset, or the light default) into short internal names. */
export const tokenStyles = css`
  :host {
    --_primary: var(--ih-color-primary, var(--ih-preset-primary, #1259b0));
    --_on-primary: var(--ih-color-on-primary, var(--ih-preset-on-primary, #ffffff));
    --_bg: var(--ih-color-bg, var(--ih-preset-bg, #ffffff));
    --_surface: var(--ih-color-surface, var(--ih-preset-surface, #f4f7fb));
    --_text: var(--ih-color-text, var(--ih-preset-text, #1c2733));
    --_muted: var(--ih-color-muted, var(--ih-preset-muted, #55606e));
    --_danger: var(--ih-color-danger, var(--ih-preset-danger, #c0262d));
    --_success: var(--ih-color-success, var(--ih-preset-success, #1d7a3c));
    --_warning: var(--ih-color-warning, var(--ih-preset-warning, #8a5a00));
    --_border: var(--ih-color-border, var(--ih-preset-border, #d5dde6));
    --_radius: var(--ih-radius, 8px);
    --_primary-soft: color-mix(in srgb, var(--_primary) 10%, var(--_bg));
    --_danger-soft: color-mix(in srgb, var(--_danger) 9%, var(--_bg));
    --_success-soft: color-mix(in srgb, var(--_success) 10%, var(--_bg));
    --_focus: 0 0 0 3px color-mix(in srgb, var(--_primary) 45%, transparent);

    font-family: var(
      --ih-font-family,
      system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC',
      'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif
    );
    /* the browser's text size (the user's setting), not the page's: a portal's html font-size does not reach it */
    font-size: var(--ih-font-size, var(--ih-preset-font-size, medium));
    line-height: 1.5;
    color: var(--_text);
  }
`;

const dark = css`
  --ih-preset-primary: #7cb4ff;
  --ih-preset-on-primary: #0b1626;
  --ih-preset-bg: #121a24;
  --ih-preset-surface: #1b2532;
  --ih-preset-text: #e6edf5;
  --ih-preset-muted: #a3b0bf;
  --ih-preset-danger: #ff8a8f;
  --ih-preset-success: #6fd394;
  --ih-preset-warning: #f2c46d;
  --ih-preset-border: #334255;
  color-scheme: dark;
`;

/**
 * The provider's presets: `theme="light|dark|auto"` (auto follows prefers-color-scheme). Light
 * is the set of defaults in tokenStyles, so it needs no variables of its own. `elder` (适老化) is
 * beside the colours, with any of them: text half as large again as the user's own size (a
 * keyword, so it follows their browser setting and not the page's), and bigger touch targets.
 */
export const presetStyles = css`
  :host {
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  :host([elder]) {
    --ih-preset-font-size: x-large;
    --ih-preset-target: 56px;
  }
`;
