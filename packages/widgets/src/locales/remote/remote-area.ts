import { remote } from './remote-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/** The strings of remote consultations (远程会诊): an area of their own, registered by the elements that show them. */
export const remoteStrings: StringArea = {
  'zh-CN': remote,
  en: () => import('./remote-en.js').then((m) => m.remote),
  'zh-TW': () => import('./remote-zh-TW.js').then((m) => m.remote),
};
