import { expect, fixture, html } from '@open-wc/testing';
import type { Patient } from '@ihkit/core';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import { expectAccessible } from '../../test/a11y.js';
import '../provider/provider.js';
import '../booking/booking.js';
import '../clinic/clinic.js';
import '../reports/reports.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const heading = (el: Element) => text(el.shadowRoot!.querySelector('[part~="heading"]'));
/** The option buttons of the patient picker, by the name they show. */
const optionsOf = (el: Element) =>
  waitFor(() => {
    const all = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button[part~="option"]')].filter((b) => /王秀英|张伟/.test(text(b)));
    return all.length >= 2 ? all : undefined;
  }, `${el.localName}: the patients`);

const mother: Patient = {
  id: 'pat_mother', name: '王秀英', relation: 'parent', gender: 'female', birthDate: '1948-03-12', idNumberMasked: '1101**********2245', minor: false,
  linkId: 'fl_mother', status: 'pending', pending: { waitingFor: ['code'], phoneMasked: '*******0011' },
};

describe('a family member who has not agreed yet', () => {
  it('is listed as pending where booking, the clinic and the reports pick a patient, and cannot be chosen', async () => {
    api.db.patients.push(mother);
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN}>
      <ih-booking doctor="doc_wang"></ih-booking><ih-clinic></ih-clinic><ih-reports></ih-reports>
    </ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    (await waitFor(() => booking.shadowRoot!.querySelector<HTMLElement>('[part~="slot-available"]'), 'an open slot')).click();
    for (const el of [booking, provider.querySelector('ih-clinic')!, provider.querySelector('ih-reports')!]) {
      const options = await optionsOf(el);
      const pending = options.find((b) => text(b).includes('王秀英'))!;
      const self = options.find((b) => text(b).includes('张伟'))!;
      expect(text(pending), el.localName).to.contain('待家人确认').and.contain('家人确认后才能为其办理');
      expect(pending.getAttribute('aria-disabled'), el.localName).to.equal('true');
      expect(self.getAttribute('aria-disabled'), el.localName).to.equal(null);
      expect(text(self), el.localName).to.not.contain('待家人确认');
      const before = heading(el);
      pending.click();
      await new Promise((r) => setTimeout(r, 100));
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      expect(heading(el), `${el.localName} stays at the patient step`).to.equal(before);
      await expectAccessible(el, `${el.localName} · a pending family member`);
    }
    // Nothing of hers was asked for.
    expect(api.calls.filter((c) => c.path.includes('pat_mother'))).to.deep.equal([]);
    expect(booking.shadowRoot!.querySelector('[part~="confirm-button"]')).to.equal(null);
  });
});
