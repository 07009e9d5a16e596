import { ecg } from './ecg-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * <ih-ecg-viewer>'s strings: an area of its own, outside areas.ts, so that only the viewer's
 * chunk carries them; en and zh-TW are chunks fetched when the viewer shows them.
 */
export const ecgStrings: StringArea = {
  'zh-CN': ecg,
  en: () => import('./ecg-en.js').then((m) => m.ecg),
  'zh-TW': () => import('./ecg-zh-TW.js').then((m) => m.ecg),
};
