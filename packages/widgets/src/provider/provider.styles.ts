import { css } from 'lit';
import { presetStyles } from '../internal/theme.js';

export default [
  presetStyles,
  css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
  `,
];
