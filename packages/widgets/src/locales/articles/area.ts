import { articles } from './articles-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * <ih-articles>'s strings (and the read receipts <ih-care-desk> shows): an area of their own,
 * outside areas.ts, so that only the chunks that show articles carry them; en and zh-TW are
 * chunks fetched when they show them.
 */
export const articleStrings: StringArea = {
  'zh-CN': articles,
  en: () => import('./articles-en.js').then((m) => m.articles),
  'zh-TW': () => import('./articles-zh-TW.js').then((m) => m.articles),
};
