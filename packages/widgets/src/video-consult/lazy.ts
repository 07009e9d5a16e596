/**
 * `<ih-video-consult>` is a heavy element (its call UI, then the engine with simple-peer): the
 * package entry and the script-tag bundle define it only once a page puts one in the document,
 * through this one dynamic import of its module (a chunk of its own).
 */
import { defineWhenUsed } from '../internal/lazy-define.js';

export const defineVideoConsultWhenUsed = (): void => defineWhenUsed('video-consult', () => import('./video-consult.js'));
