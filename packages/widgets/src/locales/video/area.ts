import { video } from './video-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/** <ih-video-consult>'s strings: an area of its own, so that only its chunk carries them; en and zh-TW are chunks fetched when shown. */
export const videoStrings: StringArea = {
  'zh-CN': video,
  en: () => import('./video-en.js').then((m) => m.video),
  'zh-TW': () => import('./video-zh-TW.js').then((m) => m.video),
};
