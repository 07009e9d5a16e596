import { care } from './care-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * <ih-followup>'s and <ih-care-desk>'s strings: an area of their own, outside areas.ts, so that
 * only their chunks carry them (the patient page loads <ih-followup> on use); en and zh-TW are
 * chunks fetched when they show them.
 */
export const careStrings: StringArea = {
  'zh-CN': care,
  en: () => import('./care-en.js').then((m) => m.care),
  'zh-TW': () => import('./care-zh-TW.js').then((m) => m.care),
};
