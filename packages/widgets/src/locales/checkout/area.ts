import { checkout } from './checkout-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The strings of paying (the ways to pay, the sandbox, the provider's page, WeChat's sheet): an
 * area of its own, outside areas.ts, so that a bundle carries them only with an element that
 * takes payments — <ih-booking>'s only in the chunk it loads when a fee is to be paid.
 */
export const checkoutStrings: StringArea = {
  'zh-CN': checkout,
  en: () => import('./checkout-en.js').then((m) => m.checkout),
  'zh-TW': () => import('./checkout-zh-TW.js').then((m) => m.checkout),
};
