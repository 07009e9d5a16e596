import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, prescriptionOf, waitFor, http, problem } from '../../test/mock-api.js';
import { expectAccessible } from '../../test/a11y.js';
import '../provider/provider.js';
import './prescriptions.js';
import type { IhPrescriptions } from './prescriptions.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { insuranceHandlers } from '../../test/mock-insurance.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => {
  api.reset();
  history.replaceState(null, '', location.pathname + location.search);
});
after(() => api.worker.stop());

const $ = <E extends HTMLElement = HTMLElement>(el: IhPrescriptions, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const $$ = (el: IhPrescriptions, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(locale = 'zh-CN', prescriptionId?: string) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${TOKEN} theme="light" .realtimeFactory=${() => new FakeRealtime()}>
    <ih-prescriptions></ih-prescriptions>
  </ih-provider>`);
  const el = provider.querySelector('ih-prescriptions')!;
  if (prescriptionId) el.prescriptionId = prescriptionId;
  await el.updateComplete;
  return el;
}

describe('<ih-prescriptions> with medical insurance', () => {
  it('offers insurance where the hospital takes it, and sends the patient to authorise with the fulfilment recorded', async () => {
    api.use(...insuranceHandlers(api));
    let started: unknown;
    api.use(
      http.post('/api/prescriptions/rx_1/insurance', async ({ request }) => {
        started = await request.json();
        // Where the insurer's page would be: the test stays on this page.
        return problem(503, 'INSURANCE_UNAVAILABLE');
      }),
    );
    api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
    const el = await mount('en', 'rx_1');
    const choice = await waitFor(() => $(el, '[part~="insurance-choice"]'), 'the insurance choice');
    expect(text(choice)).to.contain('Medical insurance');
    choice.querySelector('input')!.click();
    await waitFor(() => text($(el, '[part~="pay-button"]')) === 'Authorise with medical insurance', 'the button says where it goes');
    expect($(el, '[part~="payment-methods"]'), 'the method is chosen for the self-pay part later').to.not.exist;
    await expectAccessible(el, 'insurance chosen');
    $<HTMLInputElement>(el, 'input[name="method"][value="pickup"]')!.click();
    await waitFor(() => $$(el, '[part~="pickup-point"]').length === 2, 'pickup points');
    $<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.click();
    $(el, '[part~="pay-button"]')!.click();
    await waitFor(() => $(el, '[part~="pay-error"]'), 'the insurer is down');
    expect(started).to.deep.equal({ fulfilment: { method: 'pickup', pickupPointId: 'pp_1' }, returnUrl: location.href.split('#')[0] });
    expect(text($(el, '[part~="pay-error"]'))).to.contain('Medical insurance is not available');
  });

  it('back from the e-certificate: shows the split (统筹 / 个人账户 / 自付), settles on confirmation and takes the self-pay part', async () => {
    api.use(...insuranceHandlers(api));
    api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
    history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=state_0123456789abcdef&ihkit-insurance-code=good-code`);
    const el = await mount();
    const confirm = await waitFor(() => $(el, '[part~="insurance-confirm"]'), 'the split to confirm');
    expect(location.hash, 'the code is taken out of the address at once').to.equal('');
    expect(api.callsTo('POST', '/api/insurance/authorisations')[0]!.body).to.deep.equal({ state: 'state_0123456789abcdef', code: 'good-code' });
    expect(text($(el, '[part~="split-pooled"]'))).to.equal('统筹基金支付¥12.95');
    expect(text($(el, '[part~="split-personal"]'))).to.equal('个人账户支付¥10.00');
    expect(text($(el, '[part~="split-self-pay"]'))).to.equal('个人自付¥5.55');
    expect(text($(el, '[part~="split-item"]'))).to.contain('氨氯地平片').and.contain('甲类');
    await expectAccessible(el, 'the split');
    expect(text(confirm.querySelector('[part~="insurance-confirm-button"]'))).to.equal('确认结算并自付 ¥5.55');
    $(el, '[part~="insurance-confirm-button"]')!.click();
    const pay = await waitFor(() => $(el, '[part~="sandbox-pay-button"]'), 'the self-pay part to pay');
    expect(text(pay)).to.contain('¥5.55');
    expect($(el, '[part~="insurance-split"]'), 'the split stays in view while paying').to.exist;
    pay.click();
    await waitFor(() => text($(el, '[part~="message"]')).length > 0, 'paid');
    expect(api.db.prescriptions[0]!.status).to.equal('paid');
  });

  it('a refused authorisation says so, and the patient can pay without insurance', async () => {
    api.use(...insuranceHandlers(api));
    api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
    history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=state_0123456789abcdef&ihkit-insurance-error=refused`);
    const el = await mount('zh-TW', 'rx_1');
    await waitFor(() => text($(el, '[part~="message"]')).includes('醫保授權未完成'), 'refused');
    expect(api.callsTo('POST', '/api/insurance/authorisations')).to.have.length(0);
    await waitFor(() => $(el, '[part~="pay-button"]'), 'the pay button, once the chunk of paying is in');

    // A code the insurer no longer honours: its error, localized, on the prescription the patient left from.
    sessionStorage.setItem('ihkit-insurance-prescription', 'rx_1');
    history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=state_0123456789abcdef&ihkit-insurance-code=spent`);
    const again = await mount('en');
    const error = await waitFor(() => $(again, '[part~="pay-error"]'), 'the refusal');
    expect(text(error)).to.contain('Medical insurance did not accept it');
    expect(sessionStorage.getItem('ihkit-insurance-prescription')).to.equal(null);
  });
});
