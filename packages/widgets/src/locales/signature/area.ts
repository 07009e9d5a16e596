import { signature } from './signature-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The strings of a signature waiting for its signer on their phone (请在手机上确认签名, the time
 * left): an area of its own, outside areas.ts, loaded with the signature follower
 * (prescription/signature-follower.ts) when a signing desk follows a request, never on the patient's page.
 */
export const signatureStrings: StringArea = {
  'zh-CN': signature,
  en: () => import('./signature-en.js').then((m) => m.signature),
  'zh-TW': () => import('./signature-zh-TW.js').then((m) => m.signature),
};
