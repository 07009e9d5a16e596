import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, consultOf, http, HttpResponse, waitFor } from '../../test/mock-api.js';
import { expectAccessible } from '../../test/a11y.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import { INSURANCE_STATE, consultInsuranceHandlers, consultPreSettled } from '../../test/mock-insurance.js';
import '../provider/provider.js';
import './clinic.js';
import type { IhClinic } from './clinic.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => {
  api.reset();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
});
after(() => api.worker.stop());

const $ = <E extends HTMLElement = HTMLElement>(el: IhClinic, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const unpaid = () => api.db.consults.push(consultOf({ status: 'requested', fee: { amount: 5000, currency: 'CNY' }, paidAt: undefined, acceptBy: undefined }));

async function mount(locale = 'zh-CN', consultId?: string) {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${TOKEN} theme="light" .realtimeFactory=${() => new FakeRealtime()}>
    <ih-clinic></ih-clinic>
  </ih-provider>`);
  const clinic = provider.querySelector('ih-clinic')!;
  if (consultId) clinic.consultId = consultId;
  await clinic.updateComplete;
  return clinic;
}

describe('<ih-clinic> paying the fee through medical insurance', () => {
  it('offers insurance where the hospital settles consult fees so, and sends the patient to authorise it', async () => {
    api.use(...consultInsuranceHandlers(api));
    unpaid();
    const clinic = await mount('en', 'con_1');
    const choice = await waitFor(() => $(clinic, '[part~="insurance-choice"]'), 'the insurance choice');
    expect(text(choice)).to.contain('Medical insurance');
    expect($(clinic, '[part~="payment-methods"], [part~="pay-button"]')).to.exist;
    choice.querySelector('input')!.click();
    await waitFor(() => text($(clinic, '[part~="pay-button"]')) === 'Authorise with medical insurance', 'the button says where it goes');
    expect($(clinic, '[part~="payment-methods"]'), 'the method is chosen for the self-pay part later').to.not.exist;
    await expectAccessible(clinic, 'insurance chosen');
    $(clinic, '[part~="pay-button"]')!.click();
    await waitFor(() => $(clinic, '[part~="pay-error"]'), 'the insurer is down');
    expect(api.callsTo('POST', '/api/consults/con_1/insurance')[0]!.body).to.deep.equal({ returnUrl: location.href.split('#')[0] });
    expect(api.callsTo('POST', '/api/consults/con_1/payment'), 'no card order').to.have.length(0);
    expect(text($(clinic, '[part~="pay-error"]'))).to.contain('Medical insurance is not available');
  });

  it('is not offered where the hospital settles only prescriptions through insurance', async () => {
    api.use(...consultInsuranceHandlers(api, false));
    unpaid();
    const clinic = await mount('zh-CN', 'con_1');
    await waitFor(() => $(clinic, '[part~="pay-button"]'), 'the pay step');
    await waitFor(() => api.callsTo('GET', '/api/payment-methods').length, 'the methods read');
    await clinic.updateComplete;
    expect($(clinic, '[part~="insurance-choice"]')).to.not.exist;
    expect(text($(clinic, '[part~="pay-button"]'))).to.contain('¥50.00');
  });

  it('back from the e-certificate on the consult it left from: shows the split (统筹 / 个人账户 / 自付), settles on confirmation and takes the self-pay part', async () => {
    api.use(...consultInsuranceHandlers(api));
    unpaid();
    sessionStorage.setItem('ihkit-insurance-consult', 'con_1');
    history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=${INSURANCE_STATE}&ihkit-insurance-code=good-code`);
    const clinic = await mount();
    const confirm = await waitFor(() => $(clinic, '[part~="insurance-confirm"]'), 'the split to confirm');
    expect(location.hash, 'the code is taken out of the address at once').to.equal('');
    expect(sessionStorage.getItem('ihkit-insurance-consult')).to.equal(null);
    expect(api.callsTo('POST', '/api/insurance/authorisations')[0]!.body).to.deep.equal({ state: INSURANCE_STATE, code: 'good-code' });
    expect(text($(clinic, '[part~="split-total"]'))).to.equal('费用总额¥50.00');
    expect(text($(clinic, '[part~="split-pooled"]'))).to.equal('统筹基金支付¥12.00');
    expect(text($(clinic, '[part~="split-personal"]'))).to.equal('个人账户支付¥8.00');
    expect(text($(clinic, '[part~="split-self-pay"]'))).to.equal('个人自付¥30.00');
    expect(text($(clinic, '[part~="split-item"]'))).to.contain('互联网复诊诊察费').and.contain('甲类');
    await expectAccessible(clinic, 'the split');
    expect(text(confirm.querySelector('[part~="insurance-confirm-button"]'))).to.equal('确认结算并自付 ¥30.00');
    $(clinic, '[part~="insurance-confirm-button"]')!.click();
    const pay = await waitFor(() => $(clinic, '[part~="sandbox-pay-button"]'), 'the self-pay part to pay');
    expect(text(pay)).to.contain('¥30.00');
    expect($(clinic, '[part~="insurance-split"]'), 'the split stays in view while paying').to.exist;
    pay.click();
    await waitFor(() => text($(clinic, '[part~="status"]')) === '等待医生接诊', 'paid: waiting for the doctor');
  });

  it('nothing left to pay: settled on confirmation, the consult waits for its doctor at once', async () => {
    const nothingLeft = { ...consultPreSettled.split!, personalAccount: { amount: 3800, currency: 'CNY' }, selfPay: { amount: 0, currency: 'CNY' } };
    api.use(...consultInsuranceHandlers(api));
    api.use(
      http.post('/api/insurance/authorisations', () => HttpResponse.json({ ...consultPreSettled, split: nothingLeft })),
      http.post('/api/insurance/settlements/ins_c1/settle', () => {
        const c = api.db.consults[0]!;
        Object.assign(c, { status: 'paid', paidAt: new Date().toISOString(), acceptBy: new Date(Date.now() + 3600_000).toISOString() });
        return HttpResponse.json({ ...consultPreSettled, split: nothingLeft, status: 'settled', settledAt: new Date().toISOString() });
      }),
    );
    unpaid();
    sessionStorage.setItem('ihkit-insurance-consult', 'con_1');
    history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=${INSURANCE_STATE}&ihkit-insurance-code=good-code`);
    const clinic = await mount('en');
    const confirm = await waitFor(() => $(clinic, '[part~="insurance-confirm-button"]'), 'the split to confirm');
    expect(text($(clinic, '[part~="split-self-pay"]'))).to.equal('You payCN¥0.00');
    expect($(clinic, '[part~="payment-methods"]'), 'no method to choose with nothing left').to.not.exist;
    expect(text(confirm)).to.equal('Confirm the insurance settlement');
    confirm.click();
    await waitFor(() => $(clinic, '[part~="waiting"]'), 'paid: waiting for the doctor');
    expect(api.db.payments, 'no payment order').to.have.length(0);
  });

  it('leaves a prescription’s way back alone, and says so when the authorisation was refused', async () => {
    api.use(...consultInsuranceHandlers(api));
    unpaid();
    const hash = `#ihkit-insurance-state=${INSURANCE_STATE}&ihkit-insurance-code=good-code`;
    history.replaceState(null, '', `${location.pathname}${hash}`);
    const clinic = await mount('zh-CN', 'con_1');
    await waitFor(() => $(clinic, '[part~="insurance-choice"]'), 'the pay step');
    expect(location.hash, 'not the clinic’s: left for <ih-prescriptions>').to.equal(hash);
    expect(api.callsTo('POST', '/api/insurance/authorisations')).to.have.length(0);

    sessionStorage.setItem('ihkit-insurance-consult', 'con_1');
    history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=${INSURANCE_STATE}&ihkit-insurance-error=refused`);
    const again = await mount('zh-TW');
    await waitFor(() => text($(again, '[part~="insurance-refused"]')).includes('醫保授權未完成'), 'refused');
    expect(api.callsTo('POST', '/api/insurance/authorisations')).to.have.length(0);
    await expectAccessible(again, 'refused');
  });
});
