import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FamilyLink } from '@ihkit/core';
import { FAMILY_CODE, MockApi, TOKEN, deepActive, http, problem, waitFor } from '../../test/mock-api.js';
import { THEMES, expectAccessible, expectAccessibleLoadStates, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './family.js';
import type { IhFamily } from './family.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

async function mount(locale = 'zh-CN', token: string = TOKEN, theme: Theme = 'light') {
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${locale} token=${token} theme=${theme}><ih-family></ih-family></ih-provider>`);
  const el = provider.querySelector('ih-family')!;
  await el.updateComplete;
  return { provider, el };
}
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const text = (e: Node | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const members = (el: IhFamily) => waitFor(() => ($$(el, '[part~="member"]').length ? $$(el, '[part~="member"]') : undefined), 'members');
const memberOf = (el: IhFamily, linkId: string) => $(el, `[data-link="${linkId}"]`);

/** Types into a field the way a user does (focus, text, input events). */
async function type(input: HTMLInputElement, value: string) {
  input.focus();
  input.select();
  await sendKeys({ type: value });
}

/** The mother, added and pending with a code sent to her phone. */
async function addMother(el: IhFamily) {
  const mother = api.db.hospital.find((h) => h.name === '王秀英')!;
  $(el, '[part~="add-button"]')!.click();
  await waitFor(() => $(el, '[part~="add-form"]'), 'the form');
  await type($(el, '#add-name') as HTMLInputElement, mother.name);
  await type($(el, '#add-idNumber') as HTMLInputElement, mother.idNumber);
  $(el, '[part~="relation"] input[value="parent"]')!.click();
  $(el, '[part~="submit-button"]')!.click();
  return waitFor(() => memberOf(el, 'fl_pat_mother'), 'the mother listed');
}

const grant = (over: Partial<FamilyLink>): FamilyLink => ({ id: 'fl_son', status: 'pending', relation: 'parent', holderName: '张明', requestedAt: new Date().toISOString(), ...over });

describe('<ih-family>', () => {
  it('lists the family members one acts for, since when, and who may act for oneself; one’s own record is not a family member', async () => {
    const { el } = await mount();
    const list = await members(el);
    expect(list).to.have.length(1);
    expect(text(list[0])).to.contain('张小宝').and.contain('子女').and.contain('未成年').and.contain('已授权').and.contain('自2024年3月1日起可为其办理');
    expect(list[0]!.getAttribute('part')).to.equal('member member-active');
    expect(text(el.shadowRoot!)).to.not.contain('张伟');
    expect($$(el, '[part~="group-heading"]').map(text)).to.deep.equal(['我可以代办的家人', '谁可以代我办理']);
    expect(text($$(el, '[part~="list-empty"]')[0])).to.equal('目前没有其他人可以代您办理。');
    for (const theme of THEMES) {
      const { el: themed } = await mount('zh-CN', TOKEN, theme);
      await members(themed);
      await expectAccessible(themed, `${theme} · list`);
    }
  });

  it('checks the fields of a family member before asking the gateway, focus on the first to fix', async () => {
    const { el } = await mount('en');
    await members(el);
    $(el, '[part~="add-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(el, '[part~="add-form"]'), 'the form');
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '#add-name'));
    // Nothing typed: each field says what it needs; focus on the first.
    $(el, '[part~="submit-button"]')!.click();
    await waitFor(() => $$(el, '[part~="field-error"]').length === 3, 'three field errors');
    expect(deepActive()).to.equal($(el, '#add-name'));
    expect($(el, '#add-name')!.getAttribute('aria-invalid')).to.equal('true');
    await type($(el, '#add-name') as HTMLInputElement, '王秀英');
    await type($(el, '#add-idNumber') as HTMLInputElement, '110105194803122240');
    $(el, '[part~="submit-button"]')!.click();
    await waitFor(() => text($(el, '#add-idNumber-error')) === 'The resident ID number is not valid. Please check it.', 'the check digit is checked here');
    expect(api.callsTo('POST', '/api/patients')).to.have.length(0);
    await expectAccessible(el, 'light · add form with errors');
  });

  it('adds a family member by keyboard: they are shown pending with the code sent to their masked phone, focus in the code field', async () => {
    const { el } = await mount('en');
    await members(el);
    $(el, '[part~="add-button"]')!.click();
    await waitFor(() => $(el, '[part~="add-form"]'), 'the form');
    const mother = api.db.hospital.find((h) => h.name === '王秀英')!;
    await type($(el, '#add-name') as HTMLInputElement, mother.name);
    await type($(el, '#add-idNumber') as HTMLInputElement, mother.idNumber);
    ($(el, '[part~="relation"] input[value="parent"]') as HTMLInputElement).focus();
    await sendKeys({ press: 'Space' });
    const requested = oneEvent(el, 'ih-family-requested');
    $(el, '#add-idNumber')!.focus();
    await sendKeys({ press: 'Enter' });
    expect((await requested).detail).to.deep.equal({ linkId: 'fl_pat_mother', status: 'pending' });
    expect(api.callsTo('POST', '/api/patients')[0]!.body).to.deep.equal({ name: '王秀英', idNumber: mother.idNumber, relation: 'parent' });
    const card = await waitFor(() => memberOf(el, 'fl_pat_mother'), 'listed');
    expect(card.getAttribute('part')).to.equal('member member-pending');
    expect(text(card)).to.contain('Awaiting consent').and.contain('*******0011').and.not.contain(mother.idNumber);
    expect(text($(el, '[part~="message"]'))).to.equal('王秀英 was added and must now agree.');
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '#code-fl_pat_mother'));
    expect($(el, '#code-fl_pat_mother')!.getAttribute('autocomplete')).to.equal('one-time-code');
    expect($(el, '[part~="resend-button"]')!.getAttribute('aria-disabled')).to.equal('true');
    expect(text($(el, '[part~="resend-button"]'))).to.match(/^New code in \d+ s$/);
    await expectAccessible(el, 'light · pending with a code');
  });

  it('confirms the code: a wrong shape is said at once, a wrong code by the gateway, the right one makes the link active', async () => {
    const { el } = await mount();
    await members(el);
    await addMother(el);
    const input = await waitFor(() => $(el, '#code-fl_pat_mother') as HTMLInputElement, 'the code field');
    await type(input, '123');
    $(el, '[part~="confirm-button"]')!.click();
    await waitFor(() => text($(el, '#code-fl_pat_mother-error')) === '请输入 6 位数字验证码。', 'shape');
    expect(api.callsTo('POST', '/api/family-links/fl_pat_mother/confirm')).to.have.length(0);

    await type(input, '135790');
    $(el, '[part~="confirm-button"]')!.click();
    const error = await waitFor(() => memberOf(el, 'fl_pat_mother')!.querySelector('[part~="error"]'), 'the refusal in her card');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.equal('验证码不正确，请向家人核对短信中的验证码。');

    // Typed as the phone shows it, with a space.
    await type(input, `${FAMILY_CODE.slice(0, 3)} ${FAMILY_CODE.slice(3)}`);
    const linked = oneEvent(el, 'ih-family-linked');
    $(el, '[part~="confirm-button"]')!.click();
    expect((await linked).detail).to.deep.equal({ linkId: 'fl_pat_mother' });
    expect(api.callsTo('POST', '/api/family-links/fl_pat_mother/confirm').at(-1)!.body).to.deep.equal({ code: FAMILY_CODE });
    await waitFor(() => memberOf(el, 'fl_pat_mother')?.getAttribute('part') === 'member member-active', 'active');
    expect(text($(el, '[part~="message"]'))).to.equal('已确认，现在可以为王秀英办理。');
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '[part~="message"]'));
  });

  it('sends a new code once the minute is over', async () => {
    const { el } = await mount();
    await members(el);
    await addMother(el);
    const mother = api.db.patients.find((p) => p.id === 'pat_mother')!;
    mother.pending!.resendAfter = new Date(Date.now() - 1000).toISOString();
    await el.refresh();
    const resend = await waitFor(() => ($(el, '[part~="resend-button"]')?.getAttribute('aria-disabled') === 'false' ? $(el, '[part~="resend-button"]') : undefined), 'resend enabled');
    expect(text(resend)).to.equal('重新发送');
    resend.click();
    await waitFor(() => api.callsTo('POST', '/api/family-links/fl_pat_mother/code').length === 1, 'a new code asked for');
    await waitFor(() => $(el, '[part~="resend-button"]')?.getAttribute('aria-disabled') === 'true', 'the countdown again');
  });

  it('an expired or used code, and too many codes asked for, are said in the user’s language in that card', async () => {
    const { el } = await mount('en');
    await members(el);
    await addMother(el);
    const input = await waitFor(() => $(el, '#code-fl_pat_mother') as HTMLInputElement, 'the code field');
    const refusal = () => memberOf(el, 'fl_pat_mother')!.querySelector('[part~="error"]');
    api.use(http.post('/api/family-links/:id/confirm', () => problem(422, 'CONSENT_CODE_EXPIRED')));
    await type(input, FAMILY_CODE);
    $(el, '[part~="confirm-button"]')!.click();
    await waitFor(() => text(refusal()).startsWith('This code no longer works'), 'expired');
    expect(memberOf(el, 'fl_pat_mother')!.getAttribute('part')).to.equal('member member-pending');

    api.use(http.post('/api/family-links/:id/confirm', () => problem(409, 'CONSENT_CODE_USED')));
    $(el, '[part~="confirm-button"]')!.click();
    await waitFor(() => text(refusal()) === 'This code has already been used.', 'used');

    api.db.patients.find((p) => p.id === 'pat_mother')!.pending!.resendAfter = new Date(Date.now() - 1000).toISOString();
    api.use(http.post('/api/family-links/:id/code', () => problem(429, 'RATE_LIMITED')));
    await el.refresh();
    (await waitFor(() => ($(el, '[part~="resend-button"]')?.getAttribute('aria-disabled') === 'false' ? $(el, '[part~="resend-button"]') : undefined), 'resend enabled')).click();
    await waitFor(() => text(refusal()) === 'Too many requests. Please wait a moment and try again.', 'rate limited');
    await expectAccessible(el, 'light · a refused code');
  });

  it('says when the hospital has no phone to send a code to', async () => {
    const { el } = await mount('zh-CN');
    await members(el);
    await addMother(el);
    api.db.patients.find((p) => p.id === 'pat_mother')!.pending!.resendAfter = new Date(Date.now() - 1000).toISOString();
    api.use(http.post('/api/family-links/:id/code', () => problem(422, 'PHONE_NOT_ON_FILE')));
    await el.refresh();
    (await waitFor(() => ($(el, '[part~="resend-button"]')?.getAttribute('aria-disabled') === 'false' ? $(el, '[part~="resend-button"]') : undefined), 'resend enabled')).click();
    const error = await waitFor(() => memberOf(el, 'fl_pat_mother')!.querySelector('[part~="error"]'), 'refused');
    expect(text(error)).to.equal('医院没有登记这位家人的手机号，无法发送验证码。请到医院窗口更新手机号。');
  });

  it('a child not one’s own on the hospital’s records waits for the front desk; someone with no phone on file cannot be confirmed online', async () => {
    api.db.patients.push(
      { id: 'pat_niece', name: '张小雨', relation: 'child', gender: 'female', birthDate: '2020-06-01', idNumberMasked: '1101**********2245', minor: true, linkId: 'fl_niece', status: 'pending', pending: { waitingFor: ['in_person'] } },
      { id: 'pat_nophone', name: '李国华', relation: 'parent', gender: 'male', birthDate: '1950-01-01', idNumberMasked: '1101**********1135', minor: false, linkId: 'fl_nophone', status: 'pending', pending: { waitingFor: [] } },
    );
    const { el } = await mount('zh-TW');
    await members(el);
    const niece = memberOf(el, 'fl_niece')!;
    expect(text(niece)).to.contain('待確認').and.contain('戶口名簿');
    expect(niece.querySelector('[part~="code-form"]')).to.equal(null);
    expect(text(memberOf(el, 'fl_nophone'))).to.contain('醫院沒有這位家人的手機號碼或帳號');
    expect(text(niece.querySelector('[part~="end-button"]'))).to.equal('撤回申請');
    await expectAccessible(el, 'light · waiting for the desk');
  });

  it('says why the gateway refused to add, in the user’s language', async () => {
    const { el } = await mount('zh-TW');
    await members(el);
    $(el, '[part~="add-button"]')!.click();
    await waitFor(() => $(el, '[part~="add-form"]'), 'the form');
    const mother = api.db.hospital.find((h) => h.name === '王秀英')!;
    await type($(el, '#add-name') as HTMLInputElement, '王秀');
    await type($(el, '#add-idNumber') as HTMLInputElement, mother.idNumber);
    $(el, '[part~="relation"] input[value="parent"]')!.click();
    $(el, '[part~="submit-button"]')!.click();
    const error = await waitFor(() => $(el, '[part~="add-form"] [part~="error"]'), 'refused');
    expect(text(error)).to.equal('找不到此就診者的病歷資料。');
    expect($(el, '[part~="add-form"]')).to.not.equal(null);
  });

  it('agrees to a request to act for oneself, declines another, and ends an active one — each asked first, with focus kept', async () => {
    api.db.familyLinks = [grant({ id: 'fl_son' }), grant({ id: 'fl_stranger', holderName: '陌生人', relation: 'other' }), grant({ id: 'fl_wife', status: 'active', relation: 'spouse', holderName: '李芳', since: '2025-01-02T10:00:00+08:00', proof: 'code' })];
    const { el } = await mount();
    const grants = await waitFor(() => ($$(el, '[part~="grant"]').length === 3 ? $$(el, '[part~="grant"]') : undefined), 'three grants');
    expect(grants.map((g) => g.getAttribute('part'))).to.deep.equal(['grant grant-pending', 'grant grant-pending', 'grant grant-active']);
    expect(text(grants[0])).to.contain('张明').and.contain('对方登记您为其父母').and.contain('申请代您办理');
    expect(text(grants[2])).to.contain('自2025年1月2日');
    await expectAccessible(el, 'light · who may act for me');

    const linked = oneEvent(el, 'ih-family-linked');
    memberOf(el, 'fl_son')!.querySelector<HTMLElement>('[part~="approve-button"]')!.click();
    expect((await linked).detail).to.deep.equal({ linkId: 'fl_son' });
    await waitFor(() => memberOf(el, 'fl_son')?.getAttribute('part') === 'grant grant-active', 'agreed');
    expect(text($(el, '[part~="message"]'))).to.equal('已同意，张明现在可以代您办理。');

    const decline = memberOf(el, 'fl_stranger')!.querySelector<HTMLElement>('[part~="end-button"]')!;
    expect(text(decline)).to.equal('拒绝');
    decline.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => memberOf(el, 'fl_stranger')!.querySelector('[part~="end-confirm"]'), 'asked');
    await el.updateComplete;
    expect(deepActive()).to.equal(memberOf(el, 'fl_stranger')!.querySelector('[part~="keep-button"]'));
    expect(text(memberOf(el, 'fl_stranger')!.querySelector('[part~="end-confirm"]'))).to.contain('拒绝陌生人代您办理的申请吗？');
    await expectAccessible(el, 'light · asked whether to decline');
    await sendKeys({ press: 'Enter' }); // keep
    await waitFor(() => !memberOf(el, 'fl_stranger')!.querySelector('[part~="end-confirm"]'), 'kept');
    await el.updateComplete;
    expect(deepActive()).to.equal(memberOf(el, 'fl_stranger')!.querySelector('[part~="end-button"]'));
    expect(api.callsTo('POST', '/api/family-links/fl_stranger/end')).to.have.length(0);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => memberOf(el, 'fl_stranger')!.querySelector('[part~="end-confirm-button"]'), 'asked again');
    const ended = oneEvent(el, 'ih-family-ended');
    memberOf(el, 'fl_stranger')!.querySelector<HTMLElement>('[part~="end-confirm-button"]')!.click();
    expect((await ended).detail).to.deep.equal({ linkId: 'fl_stranger' });
    await waitFor(() => !memberOf(el, 'fl_stranger'), 'gone');

    memberOf(el, 'fl_wife')!.querySelector<HTMLElement>('[part~="end-button"]')!.click();
    await waitFor(() => memberOf(el, 'fl_wife')!.querySelector('[part~="end-confirm-button"]'), 'asked');
    expect(text(memberOf(el, 'fl_wife')!.querySelector('[part~="end-confirm"]'))).to.contain('解除后，李芳将不能再代您办理。');
    memberOf(el, 'fl_wife')!.querySelector<HTMLElement>('[part~="end-confirm-button"]')!.click();
    await waitFor(() => !memberOf(el, 'fl_wife'), 'ended');
    expect(text($(el, '[part~="message"]'))).to.equal('已解除。');
    await el.updateComplete;
    expect(deepActive()).to.equal($(el, '[part~="message"]'));
  });

  it('an action the gateway refuses is said in that card, and the card stays', async () => {
    api.db.familyLinks = [grant({ id: 'fl_son' })];
    api.use(http.post('/api/family-links/:id/approve', () => problem(409, 'INVALID_STATE')));
    const { el } = await mount('en');
    const card = await waitFor(() => memberOf(el, 'fl_son'), 'the request');
    card.querySelector<HTMLElement>('[part~="approve-button"]')!.click();
    const error = await waitFor(() => memberOf(el, 'fl_son')!.querySelector('[part~="error"]'), 'refused');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(memberOf(el, 'fl_son')!.getAttribute('part')).to.equal('grant grant-pending');
  });

  for (const theme of THEMES) {
    it(`loading, signed out and a failed load are accessible (${theme})`, async () => {
      await expectAccessibleLoadStates({ api, theme, path: '/api/patients', mount: async (token) => (await mount('zh-CN', token, theme)).el });
    });
  }

  it('asks the user to sign in when signed out, and loads nothing', async () => {
    const { el } = await mount('en', '');
    await waitFor(() => $(el, '[part~="sign-in"]'), 'sign-in');
    expect(text($(el, '[part~="sign-in"]'))).to.contain('Sign in to add family members');
    expect(api.calls).to.have.length(0);
  });
});
