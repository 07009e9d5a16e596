/**
 * `<ih-reports>` is a heavy element (its lab tables and charts, then the image viewer): the
 * package entry and the script-tag bundle define it only once a page puts one in the document,
 * through this one dynamic import of its module (a chunk of its own). Its image viewer is a
 * further chunk, loaded when a series is first opened.
 */
import { defineWhenUsed } from '../internal/lazy-define.js';

export const defineReportsWhenUsed = (): void => defineWhenUsed('reports', () => import('./reports.js'));
