/**
 * The elements that `ihkit.js` (and the package entry) define only once a page uses them, each
 * from a chunk of its own: the heavy patient elements (the video consult, which loads the call
 * engine only when a call starts; the reports, whose image viewer is a further chunk; the family
 * links, which a patient opens now and then; guided triage, which the booking also loads when a
 * patient asks for it; chronic-disease follow-up; the patient's own record; health education articles) and the staff elements (the follow-up desk, the ECG viewer and remote consultations among them), which a patient portal never shows. Import `@ihkit/widgets/<name>` for a class.
 */
import { defineWhenUsed } from './internal/lazy-define.js';

// One literal import() per element, so that bundlers see each chunk.
const loaders = {
  'video-consult': () => import('./video-consult/video-consult.js'),
  reports: () => import('./reports/reports.js'),
  triage: () => import('./triage/triage.js'),
  followup: () => import('./followup/followup.js'),
  'my-record': () => import('./my-record/my-record.js'),
  articles: () => import('./articles/articles.js'),
  'care-desk': () => import('./care-desk/care-desk.js'),
  family: () => import('./family/family.js'),
  'doctor-desk': () => import('./doctor-desk/doctor-desk.js'),
  'prescription-editor': () => import('./prescription-editor/prescription-editor.js'),
  'pharmacist-review': () => import('./pharmacist-review/pharmacist-review.js'),
  'ecg-viewer': () => import('./ecg-viewer/ecg-viewer.js'),
  'remote-consultations': () => import('./remote-consultations/remote-consultations.js'),
};

export const LAZY_ELEMENTS = Object.keys(loaders) as (keyof typeof loaders)[];

export function defineLazyElementsWhenUsed(): void {
  for (const [name, load] of Object.entries(loaders)) defineWhenUsed(name, load);
}
