import { expect, fixture, html } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { waitFor } from '../../test/mock-api.js';
import '../provider/provider.js';
import '../appointments/appointments.js';
import '../clinic/clinic.js';
import '../prescriptions/prescriptions.js';
import '../reports/reports.js';
import '../doctor-desk/doctor-desk.js';
import '../prescription-editor/prescription-editor.js';
import '../pharmacist-review/pharmacist-review.js';
import '../video-consult/video-consult.js';
import type { IhProvider } from '../provider/provider.component.js';

/** What each element asks a signed-out user to sign in for, in each language. */
const PROMPTS: Record<string, Record<'zh-CN' | 'zh-TW' | 'en', string>> = {
  'ih-appointments': { 'zh-CN': '登录后即可查看和取消您的预约。', 'zh-TW': '登入後即可查詢及取消您的預約。', en: 'Sign in to see and cancel your appointments.' },
  'ih-clinic': { 'zh-CN': '登录后即可就已确诊的疾病在线复诊。', 'zh-TW': '登入後即可就已確診的疾病線上複診。', en: 'Sign in to consult a doctor online about a condition already diagnosed.' },
  'ih-prescriptions': { 'zh-CN': '登录后即可查看处方、支付并选择取药方式。', 'zh-TW': '登入後即可查看處方、付款並選擇領藥方式。', en: 'Sign in to see your prescriptions, pay for them and choose how to receive them.' },
  'ih-reports': { 'zh-CN': '登录后即可查看检验报告和影像检查。', 'zh-TW': '登入後即可查看檢驗報告和影像檢查。', en: 'Sign in to read your lab reports and imaging studies.' },
  'ih-doctor-desk': { 'zh-CN': '医生登录后即可查看问诊队列并接诊。', 'zh-TW': '醫師登入後即可查看問診佇列並接診。', en: 'Sign in as a doctor to see your queue of consults.' },
  'ih-prescription-editor': { 'zh-CN': '医生登录后即可开具电子处方。', 'zh-TW': '醫師登入後即可開立電子處方。', en: 'Sign in as a doctor to write e-prescriptions.' },
  'ih-pharmacist-review': { 'zh-CN': '药师登录后即可审核处方。', 'zh-TW': '藥師登入後即可審核處方。', en: 'Sign in as a pharmacist to review prescriptions.' },
  'ih-video-consult': { 'zh-CN': '登录后即可进行视频问诊。', 'zh-TW': '登入後即可進行視訊問診。', en: 'Sign in to join a video consult.' },
};

const hint = (el: Element) => el.shadowRoot?.querySelector('[part~="sign-in"] p:not(.state-title)')?.textContent?.trim();

describe('signed out', () => {
  for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) {
    it(`tells in ${locale} what each element is for once signed in, each its own`, async () => {
      const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale}>
        ${Object.keys(PROMPTS).map((tag) => staticHtml`<${unsafeStatic(tag)}></${unsafeStatic(tag)}>`)}
      </ih-provider>`);
      for (const [tag, prompts] of Object.entries(PROMPTS)) {
        const el = provider.querySelector(tag)!;
        await waitFor(() => hint(el), `${tag} signed out`);
        expect(hint(el), tag).to.equal(prompts[locale]);
      }
    });
  }
});
