import { family } from './family-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/** <ih-family>'s strings and the error codes of linking a family member: an area of its own, so that only its chunk carries them; en and zh-TW are chunks fetched when shown. */
export const familyStrings: StringArea = {
  'zh-CN': family,
  en: () => import('./family-en.js').then((m) => m.family),
  'zh-TW': () => import('./family-zh-TW.js').then((m) => m.family),
};
