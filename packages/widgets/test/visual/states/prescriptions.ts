/**
 * <ih-prescriptions>: the list, one with delivery (and its errors) or pickup, the checkout, the
 * tracking, an expired and a shipped one, the print view, paying through medical insurance,
 * and its load states.
 */
import { html } from 'lit';
import { prescriptionOf, waitFor } from '../../mock-api.js';
import { visitLoadStates } from '../../a11y.js';
import '../../../src/prescriptions/prescriptions.js';
import type { IhPrescriptions } from '../../../src/prescriptions/prescriptions.component.js';
import type { Journey } from '../visit.js';
import { part, parts, waitPart, waitParts } from './query.js';
import { INSURANCE_STATE, insuranceHandlers } from '../../mock-insurance.js';

const element = 'ih-prescriptions';
const ago = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const mountIn = (v: Parameters<Journey['run']>[0], token?: string) => v.mount<IhPrescriptions>(html`<ih-prescriptions hospital-name="城东人民医院"></ih-prescriptions>`, { token });

export const prescriptionsJourneys: Journey[] = [
  {
    element,
    name: 'list, detail, delivery, pickup, paying and tracking',
    async run(v) {
      v.api.db.prescriptions.push(
        prescriptionOf({ id: 'rx_new', status: 'approved', issuedAt: ago(1), review: { decision: 'approved', pharmacistName: '孙丽', at: ago(1), signature: { algorithm: 'ECDSA-P256-SHA256', signedAt: ago(1), signer: '孙丽', value: 'MEQCIFJldmlldw==', valid: true, certificateSerial: '01f0e1d2c3b4a5968778695a4b3c2d1e', issuer: 'ihkit Local Signing CA' } } }),
        prescriptionOf({ id: 'rx_exp', status: 'expired', issuedAt: ago(24) }),
        prescriptionOf({ id: 'rx_old', status: 'completed', issuedAt: ago(72), diagnosis: { code: 'J20', name: '急性支气管炎' } }),
      );
      v.api.db.paymentMethods = [{ provider: 'wechat', channel: 'h5' }, { provider: 'alipay', channel: 'wap' }, { provider: 'sandbox', channel: 'sandbox' }];
      const el = await mountIn(v);
      await waitParts(el, 'list-item', 3);
      await v.state('list', el, { main: true });
      parts(el, 'list-item').find((i) => i.dataset.prescription === 'rx_exp')!.click();
      await waitPart(el, 'notice');
      await v.state('expired', el);
      part(el, 'back-button')!.click();
      (await waitFor(() => parts(el, 'list-item').find((i) => i.dataset.prescription === 'rx_new'), 'list again')).click();
      await waitPart(el, 'fulfilment');
      await v.state('detail with the delivery address', el, { main: true });
      part(el, 'pay-button')!.click();
      await waitParts(el, 'field-error', 4);
      await v.state('address fields required', el);
      part<HTMLInputElement>(el, 'input[name="method"][value="pickup"]')!.click();
      await waitParts(el, 'pickup-point', 2);
      part<HTMLInputElement>(el, '[part~="pickup-point"] input[value="pp_1"]')!.click();
      await waitPart(el, 'payment-methods');
      part<HTMLInputElement>(el, 'input[name="payment-method"][value="sandbox/sandbox"]')!.click();
      await v.state('pickup, and the choice of methods', el);
      part(el, 'pay-button')!.click();
      await waitPart(el, 'sandbox-pay-button');
      await v.state('paying', el, { main: true });
      part(el, 'sandbox-pay-button')!.click();
      await waitPart(el, 'tracking');
      await v.state('paid: tracking', el, { main: true });
      part(el, 'cancel-button')!.click();
      await waitPart(el, 'cancel-confirm');
      await v.state('cancel confirmation', el);
      part(el, 'cancel-no-button')!.click();
      const print = window.print;
      window.print = () => undefined;
      try {
        (await waitPart(el, 'print-button')).click();
        await waitPart(el, 'print-view');
        await v.state('print view', el);
      } finally {
        window.print = print;
      }
    },
  },
  {
    element,
    name: 'paying through medical insurance: the choice, the split, the self-pay part',
    async run(v) {
      v.api.use(...insuranceHandlers(v.api));
      v.api.db.prescriptions.push(prescriptionOf({ status: 'approved' }));
      const first = await mountIn(v);
      first.prescriptionId = 'rx_1';
      await waitPart(first, 'insurance-choice');
      part<HTMLInputElement>(first, '[part~="insurance-choice"] input')!.click();
      await waitFor(() => !part(first, 'payment-methods'), 'insurance chosen');
      await v.state('insurance chosen', first);
      // Back from the e-certificate page with its state and code in the fragment.
      history.replaceState(null, '', `${location.pathname}#ihkit-insurance-state=${INSURANCE_STATE}&ihkit-insurance-code=good-code`);
      try {
        const el = await mountIn(v);
        await waitPart(el, 'insurance-confirm');
        await v.state('insurance split to confirm', el, { main: true });
        part(el, 'insurance-confirm-button')!.click();
        await waitPart(el, 'sandbox-pay-button');
        await v.state('insurance settled: the self-pay part', el, { main: true });
      } finally {
        history.replaceState(null, '', location.pathname + location.search);
      }
    },
  },
  {
    element,
    name: 'a delivery on its way',
    async run(v) {
      v.api.db.prescriptions.push(
        prescriptionOf({ status: 'dispatched', fulfilment: { method: 'delivery', status: 'shipped', trackingNo: 'SF1234567890', addressMasked: '浙江省杭州市西湖区 文三***', updatedAt: ago(1) } }),
      );
      const el = await mountIn(v);
      el.prescriptionId = 'rx_1';
      await waitPart(el, 'tracking-no');
      await v.state('delivery shipped', el, { main: true });
    },
  },
  {
    element,
    name: 'loading, signed out, load error, empty',
    run: (v) =>
      visitLoadStates(
        { api: v.api, path: '/api/prescriptions', mount: (token) => mountIn(v, token), empty: () => (v.api.db.prescriptions = []) },
        (el, state) => v.state(state, el),
      ),
  },
];
