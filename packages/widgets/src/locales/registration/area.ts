import { registration } from './registration-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The strings of the registration fee's pay step, its refunds and rescheduling (改约): an area
 * of its own, outside areas.ts, so that only the chunk that <ih-booking> and <ih-appointments>
 * load when a fee or a move is in play carries them; en and zh-TW are chunks fetched when shown.
 */
export const registrationStrings: StringArea = {
  'zh-CN': registration,
  en: () => import('./registration-en.js').then((m) => m.registration),
  'zh-TW': () => import('./registration-zh-TW.js').then((m) => m.registration),
};
