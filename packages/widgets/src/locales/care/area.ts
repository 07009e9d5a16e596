import { care } from './care-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * <ih-followup>'s and <ih-care-desk>'s strings: an area of their own, outside areas.ts, so that
 * only their chunks carry them (the patient page loads <ih-followup> on use); en and zh-TW are
 * chunks fetched when they show them.
 */
export const careStrings: StringArea = {
  'zh-CN': () => import('../zh-CN.js').then((all) => ({ ...care, ...all.careErrors })),
  en: () => Promise.all([import('./care-en.js'), import('../en.js')]).then(([m, all]) => ({ ...m.care, ...all.careErrors })),
  'zh-TW': () => Promise.all([import('./care-zh-TW.js'), import('../zh-TW.js')]).then(([m, all]) => ({ ...m.care, ...all.careErrors })),
};
