import { insurance } from './insurance-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * Paying with medical insurance (the choice, the insurer's split, its errors): an area of its
 * own, registered by internal/insurance-split.ts, which <ih-prescriptions> and <ih-clinic> load
 * with their chunk of paying (internal/insurance-pay.ts); en and zh-TW are chunks fetched when shown.
 */
export const insuranceStrings: StringArea = {
  'zh-CN': insurance,
  en: () => import('./insurance-en.js').then((m) => m.insurance),
  'zh-TW': () => import('./insurance-zh-TW.js').then((m) => m.insurance),
};
