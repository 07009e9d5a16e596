import { expect, fixture, html } from '@open-wc/testing';
import type { Patient } from '@ihkit/core';
import { FAMILY_CODE, MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import { expectAccessible } from '../../test/a11y.js';
import '../provider/provider.js';
import '../booking/booking.js';
import '../clinic/clinic.js';
import '../reports/reports.js';
import '../family/family.js';
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

  it('can be chosen as soon as they agree in <ih-family> on the same page, without a reload', async () => {
    api.db.patients.push({ ...mother, pending: { ...mother.pending!, waitingFor: ['code'] } });
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN}>
      <ih-booking doctor="doc_wang"></ih-booking><ih-reports></ih-reports><ih-family></ih-family>
    </ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    const reports = provider.querySelector('ih-reports')!;
    (await waitFor(() => booking.shadowRoot!.querySelector<HTMLElement>('[part~="slot-available"]'), 'an open slot')).click();
    for (const el of [booking, reports]) {
      const her = (await optionsOf(el)).find((b) => text(b).includes('王秀英'))!;
      expect(her.getAttribute('aria-disabled'), el.localName).to.equal('true');
    }
    const family = provider.querySelector('ih-family')!;
    const input = await waitFor(() => family.shadowRoot!.querySelector<HTMLInputElement>('#code-fl_mother'), 'the code field');
    input.value = FAMILY_CODE;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    family.shadowRoot!.querySelector<HTMLElement>('[part~="confirm-button"]')!.click();
    for (const el of [booking, reports]) {
      await waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLElement>('button[part~="option"]')].find((b) => text(b).includes('王秀英') && !b.hasAttribute('aria-disabled')), `${el.localName}: she can be chosen`);
    }
    const her = [...booking.shadowRoot!.querySelectorAll<HTMLElement>('button[part~="option"]')].find((b) => text(b).includes('王秀英'))!;
    expect(text(her)).to.not.contain('待家人确认');
    her.click();
    await waitFor(() => booking.shadowRoot!.querySelector('[part~="confirm-button"]'), 'the confirm step for her');
  });
});
