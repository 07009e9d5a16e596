import { expect } from '@open-wc/testing';
import { zhCN as zhCNMain } from '../locales/zh-CN.js';
import { en as enMain } from '../locales/en.js';
import { zhTW as zhTWMain } from '../locales/zh-TW.js';
import { triage as triageZhCN } from '../locales/triage/triage-zh-CN.js';
import { triage as triageEn } from '../locales/triage/triage-en.js';
import { triage as triageZhTW } from '../locales/triage/triage-zh-TW.js';
import { care as careZhCN } from '../locales/care/care-zh-CN.js';
import { care as careEn } from '../locales/care/care-en.js';
import { care as careZhTW } from '../locales/care/care-zh-TW.js';
import { checkout as checkoutZhCN } from '../locales/checkout/checkout-zh-CN.js';
import { checkout as checkoutEn } from '../locales/checkout/checkout-en.js';
import { checkout as checkoutZhTW } from '../locales/checkout/checkout-zh-TW.js';
import { ecg as ecgZhCN } from '../locales/ecg/ecg-zh-CN.js';
import { ecg as ecgEn } from '../locales/ecg/ecg-en.js';
import { ecg as ecgZhTW } from '../locales/ecg/ecg-zh-TW.js';
import { articles as articlesZhCN } from '../locales/articles/articles-zh-CN.js';
import { articles as articlesEn } from '../locales/articles/articles-en.js';
import { articles as articlesZhTW } from '../locales/articles/articles-zh-TW.js';
import { questionnaireForm as questionnaireZhCN } from '../locales/care/questionnaire-zh-CN.js';
import { questionnaireForm as questionnaireEn } from '../locales/care/questionnaire-en.js';
import { questionnaireForm as questionnaireZhTW } from '../locales/care/questionnaire-zh-TW.js';
import { record as recordZhCN } from '../locales/record/record-zh-CN.js';
import { record as recordEn } from '../locales/record/record-en.js';
import { record as recordZhTW } from '../locales/record/record-zh-TW.js';
import { video as videoZhCN } from '../locales/video/video-zh-CN.js';
import { video as videoEn } from '../locales/video/video-en.js';
import { video as videoZhTW } from '../locales/video/video-zh-TW.js';
import { family as familyZhCN } from '../locales/family/family-zh-CN.js';
import { family as familyEn } from '../locales/family/family-en.js';
import { family as familyZhTW } from '../locales/family/family-zh-TW.js';
import { insurance as insuranceZhCN } from '../locales/insurance/insurance-zh-CN.js';
import { insurance as insuranceEn } from '../locales/insurance/insurance-en.js';
import { insurance as insuranceZhTW } from '../locales/insurance/insurance-zh-TW.js';
import { referral as referralZhCN } from '../locales/referral/referral-zh-CN.js';
import { referral as referralEn } from '../locales/referral/referral-en.js';
import { referral as referralZhTW } from '../locales/referral/referral-zh-TW.js';
import { remote as remoteZhCN } from '../locales/remote/remote-zh-CN.js';
import { remote as remoteEn } from '../locales/remote/remote-en.js';
import { remote as remoteZhTW } from '../locales/remote/remote-zh-TW.js';
import { signature as signatureZhCN } from '../locales/signature/signature-zh-CN.js';
import { signature as signatureEn } from '../locales/signature/signature-en.js';
import { signature as signatureZhTW } from '../locales/signature/signature-zh-TW.js';
import * as staffZhCN from '../locales/staff/staff-zh-CN.js';
import * as staffEn from '../locales/staff/staff-en.js';
import * as staffZhTW from '../locales/staff/staff-zh-TW.js';
import { formatMoney, loadStrings, msg, resolveLocale, stringsReady, type StringArea } from './localize.js';
import { bookingStrings, commonStrings } from '../locales/areas.js';

loadStrings(commonStrings, bookingStrings);
// Every language's main table is a chunk, zh-CN too: the tests below read them once they are in.
before(() => Promise.all((['zh-CN', 'en', 'zh-TW'] as const).map((l) => stringsReady(l))));

// Every table: the main ones and those of the elements that keep theirs in a chunk of their own.
const zhCN = { ...zhCNMain, ...triageZhCN, ...careZhCN, ...checkoutZhCN, ...ecgZhCN, ...articlesZhCN, ...questionnaireZhCN, ...recordZhCN, ...videoZhCN, ...familyZhCN, ...insuranceZhCN, ...referralZhCN, ...remoteZhCN, ...signatureZhCN, ...staffZhCN.desk, ...staffZhCN.prescriptionEditor, ...staffZhCN.pharmacistReview, ...staffZhCN.practitioner };
const en = { ...enMain, ...triageEn, ...careEn, ...checkoutEn, ...ecgEn, ...articlesEn, ...questionnaireEn, ...recordEn, ...videoEn, ...familyEn, ...insuranceEn, ...referralEn, ...remoteEn, ...signatureEn, ...staffEn.desk, ...staffEn.prescriptionEditor, ...staffEn.pharmacistReview, ...staffEn.practitioner };
const zhTW = { ...zhTWMain, ...triageZhTW, ...careZhTW, ...checkoutZhTW, ...ecgZhTW, ...articlesZhTW, ...questionnaireZhTW, ...recordZhTW, ...videoZhTW, ...familyZhTW, ...insuranceZhTW, ...referralZhTW, ...remoteZhTW, ...signatureZhTW, ...staffZhTW.desk, ...staffZhTW.prescriptionEditor, ...staffZhTW.pharmacistReview, ...staffZhTW.practitioner };

describe('localize', () => {
  it('has complete zh-CN, zh-TW and en tables with the same keys and placeholders', () => {
    // The parameters a string uses, each once: `{count}` or a plural form `{count, plural, …}`.
    const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
    for (const [name, table] of [['en', en], ['zh-TW', zhTW]] as const) {
      expect(Object.keys(table).sort(), name).to.deep.equal(Object.keys(zhCN).sort());
      for (const k of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
        expect(table[k].trim(), `${name} ${k}`).to.not.equal('');
        expect(params(table[k]), `${name} ${k}`).to.deep.equal(params(zhCN[k]));
      }
    }
  });

  it('puts no space between Chinese text and a placeholder that holds Chinese (a name, a date) in zh-CN and zh-TW', () => {
    // Placeholders that hold digits or Latin letters only keep the space Chinese typography puts
    // between Han characters and numbers (第 2 步, 40 岁); every other one is text that may be
    // Chinese, where a space reads as a gap in the sentence (已为 张伟 预约).
    const latin = new Set(['count', 'current', 'total', 'limit', 'max', 'days', 'version', 'stock', 'amount', 'price', 'time', 'id', 'number', 'dose', 'unit', 'kg', 'quantity', 'age', 'range', 'value', 'code', 'duration', 'seconds', 'phone', 'pooled', 'personal', 'selfPay', 'n', 'score', 'year', 'hours', 'minutes', 'licence']);
    const cjk = '[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef]';
    const spaced = new RegExp(`${cjk}\\s+\\{(\\w+)\\}|\\{(\\w+)\\}\\s+${cjk}`, 'gu');
    const found: string[] = [];
    for (const [name, table] of [['zh-CN', zhCN], ['zh-TW', zhTW]] as const) {
      for (const [key, text] of Object.entries(table)) {
        for (const m of text.matchAll(spaced)) if (!latin.has(m[1] ?? m[2]!)) found.push(`${name} ${key}: ${text}`);
      }
    }
    expect(found).to.deep.equal([]);
  });

  it('fetches the strings of a locale once, when first asked, and falls back to zh-CN if they fail', async () => {
    let fetched = 0;
    const area: StringArea = {
      'zh-CN': { 'video.label': '视频问诊' },
      en: async () => (fetched++, { 'video.label': 'Video consult' }),
      'zh-TW': () => Promise.reject(new Error('offline')),
    };
    loadStrings(area);
    expect(stringsReady('zh-CN'), 'an area that carries its zh-CN table has it at once').to.equal(undefined);
    const first = stringsReady('en');
    expect(first, 'en is fetched').to.be.instanceOf(Promise);
    const second = stringsReady('en');
    await Promise.all([first, second]);
    expect(fetched, 'one fetch for both callers').to.equal(1);
    expect(stringsReady('en'), 'nothing left to wait for').to.equal(undefined);
    expect(msg('video.label', undefined, 'en')).to.equal('Video consult');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      await stringsReady('zh-TW');
    } finally {
      console.error = original;
    }
    expect(errors, 'the failure is reported').to.have.length(1);
    expect(msg('video.label', undefined, 'zh-TW'), 'zh-CN instead').to.equal('视频问诊');
  });

  it('has a message for every ErrorCode in the contract and the client codes', async () => {
    const yaml = await (await fetch('/packages/core/openapi.yaml')).text();
    const block = yaml.split(/\n {4}ErrorCode:\n/)[1]!.split(/\n {4}\w+:\n/)[0]!;
    const codes = [...block.matchAll(/^\s+- ([A-Z_]+)$/gm)].map((m) => m[1]!);
    expect(codes).to.include('SLOT_TAKEN');
    for (const code of [...codes, 'NETWORK', 'TIMEOUT', 'UNEXPECTED_RESPONSE']) {
      expect(zhCN, code).to.have.property(`error.${code}`);
      expect(en, code).to.have.property(`error.${code}`);
      expect(zhTW, code).to.have.property(`error.${code}`);
    }
  });

  it('fills parameters and applies overrides, flat or per locale', () => {
    expect(msg('booking.stepOf', { current: 2, total: 5 }, 'en')).to.equal('Step 2 of 5');
    expect(msg('booking.stepOf', { current: 2, total: 5 }, 'zh-CN')).to.equal('第 2 步，共 5 步');
    expect(msg('common.retry', undefined, 'en', [{ 'common.retry': 'Again' }])).to.equal('Again');
    expect(msg('common.retry', undefined, 'en', [{ 'zh-CN': { 'common.retry': '再来' } }])).to.equal('Try again');
    expect(msg('common.retry', undefined, 'zh-CN', [undefined, { 'zh-CN': { 'common.retry': '再来' } }])).to.equal('再来');
  });

  it('picks plural forms by the locale\'s rules: "1 drug found", "2 drugs found", an exact =0 case', () => {
    const results = { en: { 'common.retry': '{count, plural, =0 {No drugs found} one {# drug found} other {# drugs found}}' } };
    expect(msg('common.retry', { count: 1 }, 'en', [results])).to.equal('1 drug found');
    expect(msg('common.retry', { count: 2 }, 'en', [results])).to.equal('2 drugs found');
    expect(msg('common.retry', { count: 0 }, 'en', [results])).to.equal('No drugs found');
    const mixed = { en: { 'common.retry': '({count}) {count, plural, one {Critical result} other {Critical results}} for {name}' } };
    expect(msg('common.retry', { count: 1, name: 'A' }, 'en', [mixed])).to.equal('(1) Critical result for A');
    expect(msg('common.retry', { count: 3, name: 'A' }, 'en', [mixed])).to.equal('(3) Critical results for A');
    expect(msg('common.retry', {}, 'en', [mixed]), 'no number: left as written').to.contain('{count, plural,');
  });

  it('writes no "(s)" plurals in English where a count is given', () => {
    for (const [key, text] of Object.entries({ ...enMain, ...triageEn })) {
      if (/\{(count|days)\}/.test(text) && !/\{(count|days), plural,/.test(text)) expect(text, key).not.to.match(/\(s\)|\b(drugs|days|results|images)\b/);
    }
  });

  it('resolves locales and formats money in minor units', () => {
    expect(resolveLocale('en-US')).to.equal('en');
    expect(resolveLocale('zh-Hans-CN')).to.equal('zh-CN');
    expect(resolveLocale('zh-TW')).to.equal('zh-TW');
    expect(resolveLocale('zh-HK')).to.equal('zh-TW');
    expect(resolveLocale('zh-Hant')).to.equal('zh-TW');
    expect(resolveLocale('zh-Hant-TW')).to.equal('zh-TW');
    expect(resolveLocale('zh-SG')).to.equal('zh-CN');
    expect(resolveLocale('fr')).to.equal(undefined);
    expect(formatMoney({ amount: 5000, currency: 'CNY' }, 'zh-CN')).to.equal('¥50.00');
    expect(formatMoney({ amount: 5000, currency: 'CNY' }, 'en')).to.equal('CN¥50.00');
    expect(formatMoney({ amount: 5000, currency: 'CNY' }, 'zh-TW')).to.equal('CN¥50.00');
    expect(formatMoney({ amount: 500, currency: 'JPY' }, 'en')).to.contain('500');
  });
});
