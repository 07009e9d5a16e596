/**
 * <ih-clinic>: asking (patient, no diagnosis, condition, doctor, complaint with its error),
 * paying (and paying the fee through medical insurance), waiting for the doctor, a conversation with a picture, a completed and a referred
 * consult, and its load states.
 */
import { html } from 'lit';
import { consultOf, messageOf } from '../../mock-api.js';
import { FakeRealtime } from '../../fake-realtime.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/clinic/clinic.js';
import type { IhClinic } from '../../../src/clinic/clinic.component.js';
import type { Journey } from '../visit.js';
import { clickPart, part, parts, waitPart, waitParts } from './query.js';
import { waitFor } from '../../mock-api.js';
import { INSURANCE_STATE, consultInsuranceHandlers } from '../../mock-insurance.js';

const element = 'ih-clinic';
const atStep = async (el: IhClinic, step: IhClinic['step'], what = 'option') => {
  await waitFor(() => el.step === step, `${step} step`);
  return waitParts(el, what);
};
const record = { complaint: '头晕', diagnosis: '高血压 2 级', advice: '低盐饮食，每天测量血压并记录，两周后复诊。', writtenAt: new Date().toISOString() };

export const clinicJourneys: Journey[] = [
  {
    element,
    name: 'asking and paying',
    async run(v) {
      v.api.db.consults.push(consultOf({ id: 'con_old', status: 'completed' }));
      v.api.db.paymentMethods = [{ provider: 'wechat', channel: 'h5' }, { provider: 'alipay', channel: 'wap' }, { provider: 'sandbox', channel: 'sandbox' }];
      const el = await v.mount<IhClinic>(html`<ih-clinic></ih-clinic>`, { realtime: new FakeRealtime() });
      await waitPart(el, 'consults');
      await v.state('patient step with earlier consults', el, { main: true });
      parts(el, 'option')[1]!.click(); // 张小宝: no earlier diagnosis
      await waitPart(el, 'book-offline-button');
      await v.state('no earlier diagnosis', el);
      part(el, 'back-button')!.click();
      (await atStep(el, 'patient'))[0]!.click();
      await atStep(el, 'condition');
      await v.state('condition step', el);
      parts(el, 'option')[0]!.click();
      await atStep(el, 'doctor');
      await v.state('doctor step', el);
      parts(el, 'option')[0]!.click();
      await waitPart(el, 'complaint-input');
      part(el, 'submit-button')!.click();
      await waitPart(el, 'field-error');
      await v.state('complaint required', el, { main: true });
      const input = part<HTMLTextAreaElement>(el, 'complaint-input')!;
      input.value = '最近血压偏高，早上头晕';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      part(el, 'submit-button')!.click();
      await waitPart(el, 'pay-button');
      await waitPart(el, 'payment-methods');
      await v.state('pay step', el, { main: true }); // with the choice of methods
      part<HTMLInputElement>(el, 'input[name="payment-method"][value="alipay/wap"]')!.click();
      part(el, 'pay-button')!.click();
      await waitPart(el, 'checkout-link');
      await v.state('checkout at the provider', el);
      part(el, 'change-method-button')!.click();
      await waitPart(el, 'payment-methods');
      part<HTMLInputElement>(el, 'input[name="payment-method"][value="sandbox/sandbox"]')!.click();
      part(el, 'pay-button')!.click();
      await waitPart(el, 'sandbox-pay-button');
      await v.state('sandbox checkout', el);
      part(el, 'sandbox-pay-button')!.click();
      await waitPart(el, 'waiting');
      await waitPart(el, 'chat-note');
      await v.state('paid, waiting for the doctor', el);
      part(el, 'cancel-button')!.click();
      await waitPart(el, 'cancel-confirm');
      await v.state('cancel confirmation', el);
    },
  },
  {
    element,
    name: 'paying the fee through medical insurance: the choice, the split, the self-pay part',
    async run(v) {
      v.api.use(...consultInsuranceHandlers(v.api));
      v.api.db.consults.push(consultOf({ status: 'requested', fee: { amount: 5000, currency: 'CNY' }, paidAt: undefined, acceptBy: undefined }));
      const first = await v.mount<IhClinic>(html`<ih-clinic consult-id="con_1"></ih-clinic>`, { realtime: new FakeRealtime() });
      await waitPart(first, 'insurance-choice');
      part<HTMLInputElement>(first, '[part~="insurance-choice"] input')!.click();
      await waitFor(() => !part(first, 'payment-methods'), 'insurance chosen');
      await v.state('insurance chosen', first);
      // Back from the e-certificate page on the consult the patient left from, its state and code in the fragment.
      sessionStorage.setItem('ihkit-insurance-consult', 'con_1');
      history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=${INSURANCE_STATE}&ihkit-insurance-code=good-code`);
      try {
        const el = await v.mount<IhClinic>(html`<ih-clinic></ih-clinic>`, { realtime: new FakeRealtime() });
        await waitPart(el, 'insurance-confirm');
        await v.state('insurance split to confirm', el, { main: true });
        part(el, 'insurance-confirm-button')!.click();
        await waitPart(el, 'sandbox-pay-button');
        await v.state('insurance settled: the self-pay part', el, { main: true });
      } finally {
        sessionStorage.removeItem('ihkit-insurance-consult');
        history.replaceState(null, '', location.pathname + location.search);
      }
    },
  },
  {
    element,
    name: 'a conversation with a picture, a completed and a referred consult',
    async run(v) {
      v.api.db.consults.push(
        consultOf({ status: 'in_progress', lastSeq: 4 }),
        consultOf({ id: 'con_2', status: 'completed', record }),
        consultOf({ id: 'con_3', status: 'referred', referralReason: '需要复查心电图', patient: { id: 'pat_kid', name: '张小宝', gender: 'female', age: 8 }, guardian: { name: '张伟', relation: 'parent' } }),
      );
      v.api.db.messages['con_1'] = [
        messageOf('con_1', 1, { sender: 'patient', text: '医生好，最近早上血压 150/95，有点头晕。' }),
        messageOf('con_1', 2, { text: '您好，氨氯地平每天什么时候吃？' }),
        messageOf('con_1', 3, { sender: 'patient', kind: 'image', text: undefined, attachment: { id: 'att_1', contentType: 'image/png', size: 68 } }),
        messageOf('con_1', 4, { text: '收到血压记录，我看一下。' }),
      ];
      const realtime = new FakeRealtime();
      const el = await v.mount<IhClinic>(html`<ih-clinic consult-id="con_1"></ih-clinic>`, { realtime });
      await waitPart(el, 'img[part~="message-image"]');
      realtime.read('con_1', 'doctor', 3);
      realtime.typingFrom('con_1', 'doctor');
      await waitPart(el, 'typing');
      await v.state('conversation with a picture', el, { main: true });
      el.open('con_2');
      await waitPart(el, 'record');
      await v.state('completed with the record', el);
      el.open('con_3');
      await waitPart(el, 'referral');
      await v.state('referred', el);
      await clickPart(el, 'back-button');
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty',
    run: (v) =>
      visitLoadStates(
        { api: v.api, path: '/api/patients', mount: (token) => v.mount(html`<ih-clinic></ih-clinic>`, { token, realtime: new FakeRealtime() }), empty: () => (v.api.db.patients = []) },
        (el, state) => v.state(state, el),
      ),
  },
];
