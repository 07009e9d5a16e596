import type { StringArea } from '../../internal/localize.js';

/**
 * Elder mode's plainer wording (适老化): an overlay looked up before the main tables while the
 * provider has `elder`. Every language is a chunk of its own (`ihkit-elder-<locale>-<hash>.js`),
 * fetched only in elder mode, so a normal page pays nothing for it.
 */
export const elderStrings: StringArea = {
  'zh-CN': () => import('./elder-zh-CN.js').then((m) => m.elder),
  en: () => import('./elder-en.js').then((m) => m.elder),
  'zh-TW': () => import('./elder-zh-TW.js').then((m) => m.elder),
};
