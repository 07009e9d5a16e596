/**
 * <ih-ecg-viewer>: the 12 leads and the rhythm strip of a normal ECG, an anterior STEMI zoomed
 * in, calipers across an RR interval of atrial fibrillation, a long QT; and loading, empty and a
 * load error.
 */
import { html } from 'lit';
import { IhError } from '@ihkit/core';
import { syntheticEcg } from '../../ecg-data.js';
import '../../../src/ecg-viewer/ecg-viewer.js';
import type { IhEcgViewer } from '../../../src/ecg-viewer/ecg-viewer.component.js';
import type { Journey } from '../visit.js';
import { part, waitPart } from './query.js';

const element = 'ih-ecg-viewer';
const mountIn = (v: Parameters<Journey['run']>[0], o: Partial<Pick<IhEcgViewer, 'waveform' | 'loading' | 'error'>> = {}) =>
  v.mount<IhEcgViewer>(html`<ih-ecg-viewer .waveform=${o.waveform} ?loading=${o.loading ?? false} .error=${o.error}></ih-ecg-viewer>`);

export const ecgViewerJourneys: Journey[] = [
  {
    element,
    name: 'twelve leads, zoomed, with calipers',
    async run(v) {
      const el = await mountIn(v, { waveform: syntheticEcg('sinus').waveform });
      await waitPart(el, 'chart');
      await v.state('normal sinus rhythm', el, { main: true });

      el.waveform = syntheticEcg('stemi').waveform;
      el.setZoom(1.5);
      await el.updateComplete;
      await v.state('ST elevation at 150 %', el);

      el.waveform = syntheticEcg('afib').waveform;
      el.setZoom(1);
      await el.updateComplete;
      part<HTMLButtonElement>(el, 'calipers-button')!.click();
      await waitPart(el, 'measurement');
      await v.state('calipers on atrial fibrillation', el, { main: true });

      el.waveform = syntheticEcg('longqt').waveform;
      el.setZoom(0.5);
      await el.updateComplete;
      await v.state('long QT at 50 %', el);
    },
  },
  {
    element,
    name: 'loading, empty, load error',
    async run(v) {
      let el = await mountIn(v, { loading: true });
      await waitPart(el, 'loading');
      await v.state('loading', el);
      el = await mountIn(v);
      await waitPart(el, 'empty');
      await v.state('empty', el);
      el = await mountIn(v, { error: new IhError('PACS_UNAVAILABLE', 503, 'PACS unavailable') });
      await waitPart(el, 'retry-button');
      await v.state('load error with retry', el);
    },
  },
];
