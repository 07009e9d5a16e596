import { expect, fixture, html } from '@open-wc/testing';
import { MockApi, TOKEN, waitFor } from '../../test/mock-api.js';
import '../provider/provider.js';
import '../booking/booking.js';
import '../clinic/clinic.js';
import '../reports/reports.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

const empty = (el: Element) => el.shadowRoot!.querySelector('[part~="empty"]')?.textContent?.replace(/\s+/g, ' ').trim();

describe('an account without patients', () => {
  it('is told where patients are added (the service desk), the same in booking, the clinic and the reports, never a page that does not exist', async () => {
    api.db.patients = [];
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN}>
      <ih-booking doctor="doc_wang"></ih-booking><ih-clinic></ih-clinic><ih-reports></ih-reports>
    </ih-provider>`);
    const booking = provider.querySelector('ih-booking')!;
    (await waitFor(() => booking.shadowRoot!.querySelector<HTMLElement>('[part~="slot-available"]'), 'an open slot')).click();
    const said = [];
    for (const el of [booking, provider.querySelector('ih-clinic')!, provider.querySelector('ih-reports')!]) said.push(await waitFor(() => empty(el), `${el.localName} empty`));
    expect(said[0]).to.equal('您的账号下还没有就诊人 请到医院门诊服务台办理实名建档，把本人或家人添加为就诊人。');
    expect(said).to.deep.equal([said[0], said[0], said[0]]);

    provider.locale = 'en';
    await waitFor(() => empty(booking)?.startsWith('No patients'), 'English');
    expect(empty(booking)).to.equal('No patients on your account yet Ask at the hospital’s service desk to register you or a family member as a patient of your account.');
    provider.locale = 'zh-TW';
    await waitFor(() => empty(booking)?.startsWith('您的帳號'), 'zh-TW');
    expect(empty(booking)).to.not.contain('就診者管理');
  });

  it('lets the host say where its own page for adding family members is', async () => {
    api.db.patients = [];
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN}><ih-reports></ih-reports></ih-provider>`);
    provider.strings = { 'common.patients.emptyHint': '请在“个人中心 › 家庭成员”中添加。' };
    const reports = provider.querySelector('ih-reports')!;
    await waitFor(() => empty(reports)?.includes('个人中心'), 'the host’s hint');
  });
});
