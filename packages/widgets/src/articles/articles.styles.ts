import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';

/**
 * <ih-articles>: the list, and an article at a comfortable reading width (about 36 characters of
 * Chinese, 70 of English) with pictures scaled to it. Sizes are in em, so the elder preset's
 * larger text (适老化) enlarges everything, pictures' room included.
 */
export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  css`
    /* Inside another element's card (<ih-followup>): no card of its own. */
    :host([embedded]) [part~='base'] {
      border: 0;
      padding: 0;
      background: none;
    }
    .filter {
      max-width: 20em;
    }
    .field select {
      min-height: var(--_target);
    }
    .badge.unread {
      background: var(--_primary);
      color: var(--_on-primary, #fff);
    }
    .article {
      max-width: 36em;
      line-height: 1.75;
      overflow-wrap: anywhere;
    }
    .article-meta {
      margin: 0 0 1em;
    }
    .article h2,
    .article h3,
    .article h4 {
      line-height: 1.4;
      margin: 1.25em 0 0.5em;
    }
    .article h2 {
      font-size: 1.2em;
    }
    .article h3,
    .article h4 {
      font-size: 1.05em;
    }
    .article p,
    .article ul,
    .article ol,
    .article blockquote,
    .article table {
      margin: 0 0 0.9em;
    }
    .article img {
      display: block;
      max-width: 100%;
      height: auto;
      margin: 0.5em 0;
      border-radius: var(--_radius);
    }
    .article blockquote {
      padding: 0.25em 1em;
      border-inline-start: 4px solid var(--_border);
      background: var(--_surface);
    }
    .article table {
      border-collapse: collapse;
      display: block;
      max-width: 100%;
      overflow-x: auto;
    }
    .article th,
    .article td {
      border: 1px solid var(--_border);
      padding: 0.3em 0.6em;
      text-align: start;
    }
    .article a {
      color: var(--_primary);
      text-decoration: underline;
    }
    .article pre {
      white-space: pre-wrap;
    }
  `,
];
