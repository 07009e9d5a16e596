import { record } from './record-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/** <ih-my-record>'s strings: an area of its own, so that only its chunk carries them; en and zh-TW are chunks fetched when shown. */
export const recordStrings: StringArea = {
  'zh-CN': record,
  en: () => import('./record-en.js').then((m) => m.record),
  'zh-TW': () => import('./record-zh-TW.js').then((m) => m.record),
};
