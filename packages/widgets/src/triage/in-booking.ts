/**
 * <ih-triage> as the first step of <ih-booking>: made here, in the triage chunk, so that the
 * booking (in the page's first bundle) carries only its button. The booking gets the element to
 * show and is told which department (and patient) was chosen; the choice does not reach the
 * host page, whose own `ih-triage-book` listener is for a standalone <ih-triage>.
 */
import { tagName } from '../internal/define.js';
import './triage.js';

export function triageInBooking(headingLevel: number, chosen: (departmentId: string, patientId: string) => void): HTMLElement {
  const el = document.createElement(tagName('triage'));
  el.setAttribute('part', 'triage');
  el.setAttribute('heading-level', String(headingLevel));
  el.addEventListener('ih-triage-book', (e) => {
    e.stopPropagation();
    chosen(e.detail.departmentId, e.detail.patientId);
  });
  return el;
}
