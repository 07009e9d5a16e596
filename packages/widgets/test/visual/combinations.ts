/**
 * What every state is looked at in: two screen sizes, four looks, two languages. The looks are
 * the provider's presets, the browser's largest text setting (Chrome's "very large" default
 * font size is 24 px; the elements' text follows the browser's size, see docs/theming.md), here
 * set as the token the host would see it through, and elder mode (适老化: larger text and targets
 * and the plainer wording, whose sentences differ in length).
 */
import type { IhProvider } from '../../src/provider/provider.component.js';

export const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;
export type Size = (typeof SIZES)[number];

export const LOOKS = ['light', 'dark', 'largest text', 'elder'] as const;
export type Look = (typeof LOOKS)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Chrome's largest text setting ("very large"): a default font size of 24 px. */
export const LARGEST_TEXT = '24px';

/** Puts `provider` in `look`: its colour preset, the largest text or the browser's own size, elder mode or not. */
export async function applyLook(provider: IhProvider, look: Look): Promise<void> {
  provider.theme = look === 'dark' ? 'dark' : 'light';
  provider.elder = look === 'elder';
  if (look === 'largest text') provider.style.setProperty('--ih-font-size', LARGEST_TEXT);
  else provider.style.removeProperty('--ih-font-size');
  await provider.updateComplete;
}

/** `phone 390×844 · dark · en` */
export const comboName = (size: Size, look: Look, locale: Locale) => `${size.name} ${size.width}×${size.height} · ${look} · ${locale}`;

/** `phone-dark-en`, for file names. */
export const comboSlug = (size: Size, look: Look, locale: Locale) => `${size.name}-${look.replace(/\s+/g, '-')}-${locale}`;
