import { expect } from '@open-wc/testing';
import { zhCN } from '../locales/zh-CN.js';
import { en } from '../locales/en.js';
import { formatMoney, loadStrings, msg, resolveLocale } from './localize.js';
import { bookingStrings, commonStrings } from '../locales/areas.js';

loadStrings(commonStrings, bookingStrings);

describe('localize', () => {
  it('has complete zh-CN and en tables with the same keys and placeholders', () => {
    expect(Object.keys(en).sort()).to.deep.equal(Object.keys(zhCN).sort());
    const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(en[k].trim(), k).to.not.equal('');
      expect(params(en[k]), k).to.deep.equal(params(zhCN[k]));
    }
  });

  it('has a message for every ErrorCode in the contract and the client codes', async () => {
    const yaml = await (await fetch('/packages/core/openapi.yaml')).text();
    const block = yaml.split(/\n    ErrorCode:\n/)[1]!.split(/\n    \w+:\n/)[0]!;
    const codes = [...block.matchAll(/^\s+- ([A-Z_]+)$/gm)].map((m) => m[1]!);
    expect(codes).to.include('SLOT_TAKEN');
    for (const code of [...codes, 'NETWORK', 'TIMEOUT', 'UNEXPECTED_RESPONSE']) {
      expect(zhCN, code).to.have.property(`error.${code}`);
      expect(en, code).to.have.property(`error.${code}`);
    }
  });

  it('fills parameters and applies overrides, flat or per locale', () => {
    expect(msg('booking.stepOf', { current: 2, total: 5 }, 'en')).to.equal('Step 2 of 5');
    expect(msg('booking.stepOf', { current: 2, total: 5 }, 'zh-CN')).to.equal('第 2 步，共 5 步');
    expect(msg('common.retry', undefined, 'en', [{ 'common.retry': 'Again' }])).to.equal('Again');
    expect(msg('common.retry', undefined, 'en', [{ 'zh-CN': { 'common.retry': '再来' } }])).to.equal('Try again');
    expect(msg('common.retry', undefined, 'zh-CN', [undefined, { 'zh-CN': { 'common.retry': '再来' } }])).to.equal('再来');
  });

  it('resolves locales and formats money in minor units', () => {
    expect(resolveLocale('en-US')).to.equal('en');
    expect(resolveLocale('zh-Hans-CN')).to.equal('zh-CN');
    expect(resolveLocale('fr')).to.equal(undefined);
    expect(formatMoney({ amount: 5000, currency: 'CNY' }, 'zh-CN')).to.equal('¥50.00');
    expect(formatMoney({ amount: 5000, currency: 'CNY' }, 'en')).to.equal('CN¥50.00');
    expect(formatMoney({ amount: 500, currency: 'JPY' }, 'en')).to.contain('500');
  });
});
