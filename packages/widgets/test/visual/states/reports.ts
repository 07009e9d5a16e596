/**
 * <ih-reports>: choosing a patient, the lab list, a report with a critical value, a trend with
 * its table, the imaging studies, the viewer, and the load states of both tabs.
 */
import { html } from 'lit';
import { http, problem, waitFor } from '../../mock-api.js';
import { reportsApi } from '../../reports-data.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/reports/reports.js';
import type { IhReports } from '../../../src/reports/reports.component.js';
import type { Journey } from '../visit.js';
import { part, parts, waitPart, waitParts } from './query.js';

const element = 'ih-reports';
const potassiumRow = (el: IhReports) => parts(el, 'result').find((r) => r.querySelector('[data-trend="2823-3"]'))!;

export const reportsJourneys: Journey[] = [
  {
    element,
    name: 'a patient, the lab reports, a critical value and its trend',
    async run(v) {
      reportsApi(v.api);
      const el = await v.mount<IhReports>(html`<ih-reports></ih-reports>`);
      await waitParts(el, 'patient-option', 2);
      await v.state('choosing a patient', el);
      part(el, '[data-patient="pat_self"]')!.click();
      await waitParts(el, 'report', 3);
      await v.state('lab reports', el, { main: true });
      parts(el, 'report')[0]!.click();
      await waitPart(el, 'results');
      // A critical value: which test, its value and flag, and what to do now, must be seen without
      // scrolling — the guidance above the table holds them.
      await v.state('a report with a critical value', el, {
        main: true,
        firstScreen: ['[part~="critical-guidance"] .critical-values li', '[part~="critical-guidance"] [part~="flag"]', '[part~="critical-guidance"] .critical-now'],
      });
      potassiumRow(el).querySelector<HTMLElement>('[part~="trend-button"]')!.click();
      await waitPart(el, 'svg[part~="trend-chart"]');
      await v.state('a trend', el, { main: true });
      part(el, 'trend-table-button')!.click();
      await waitFor(() => !part(el, 'trend-table')!.hidden, 'trend table');
      await v.state('a trend with its table', el);
    },
  },
  {
    element,
    name: 'imaging studies and the viewer',
    async run(v) {
      reportsApi(v.api);
      const el = await v.mount<IhReports>(html`<ih-reports patient="pat_self"></ih-reports>`);
      await waitParts(el, 'report', 3);
      part(el, '#tab-imaging')!.click();
      const thumbs = await waitParts(el, 'img[part~="thumbnail"]', 2);
      await waitFor(() => thumbs.every((t) => (t as HTMLImageElement).naturalWidth > 0), 'thumbnails decoded');
      await v.state('imaging studies', el, { main: true });
      part(el, '[data-series="1.2.840.1/1.2.840.1.1"]')!.click();
      await waitFor(() => part(el, 'canvas[part~="viewer-canvas"]')?.dataset.frame === '0', 'first frame');
      await v.state('viewer', el, { main: true });
    },
  },
  {
    element,
    name: 'loading, signed out, load errors, empty',
    async run(v) {
      const data = reportsApi(v.api);
      const mount = (token: string) => v.mount<IhReports>(html`<ih-reports patient="pat_self"></ih-reports>`, { token });
      await visitLoadStates({ api: v.api, path: '/api/patients/:id/lab-reports', failure: 'LIS_UNAVAILABLE', mount, empty: () => (data.lab.pat_self = []) }, (el, state) => v.state(state, el));
      data.imaging.pat_self = [];
      const noStudies = await v.mount<IhReports>(html`<ih-reports patient="pat_self"></ih-reports>`);
      part(noStudies, '#tab-imaging')!.click();
      await waitPart(noStudies, '#panel-imaging [part~="empty"]');
      await v.state('no imaging studies', noStudies);
      v.api.use(http.get('/api/patients/:id/imaging-studies', () => problem(503, 'PACS_UNAVAILABLE')));
      const failing = await v.mount<IhReports>(html`<ih-reports patient="pat_self"></ih-reports>`);
      part(failing, '#tab-imaging')!.click();
      await waitPart(failing, '#panel-imaging [part~="retry-button"]', 8000);
      await v.state('imaging could not be loaded', failing, { firstScreen: ['#panel-imaging [part~="error"]', '#panel-imaging [part~="retry-button"]'] });
    },
  },
];
