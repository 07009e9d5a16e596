import { triage } from './triage-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * <ih-triage>'s strings: an area of its own, outside areas.ts, so that only the triage chunk
 * carries them (the booking bundle loads triage only when a patient asks for it); en and zh-TW
 * are chunks fetched when triage shows them.
 */
export const triageStrings: StringArea = {
  'zh-CN': triage,
  en: () => import('./triage-en.js').then((m) => m.triage),
  'zh-TW': () => import('./triage-zh-TW.js').then((m) => m.triage),
};
