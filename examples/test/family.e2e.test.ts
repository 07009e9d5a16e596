/**
 * End to end, as a patient would: acting for a family member needs their proof (issue 17). In
 * the example portal in Chromium against the demo gateway, 张伟 adds 赵敏 (an adult the hospital
 * knows, with a phone on file); she is pending until he enters the code her phone received (read
 * from the demo's phone page, /demo/phone/, which only a gateway with the sandbox notification
 * provider has); a wrong code is refused in the page's language; then she is active and he can
 * book for her. A child whose guardian on file is someone else stays pending, and cannot be
 * chosen in booking.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

/** What the hospital holds of a demo patient (the test plays the family member telling their ID number). */
async function hospitalRecord(name: string): Promise<{ id: string; idNumber: string; phone: string }> {
  const { rows } = (await env.demo.db.query('SELECT id, id_number, phone FROM demo_patients WHERE name = $1', [name])) as { rows: Array<{ id: string; id_number: string; phone: string }> };
  assert.equal(rows.length, 1, name);
  return { id: rows[0]!.id, idNumber: rows[0]!.id_number, phone: rows[0]!.phone };
}

/** The family member's phone: the demo's phone page, until a code message for `holder` is there; returns its code. */
async function codeOnPhone(page: Page, holder: string, after = 0): Promise<{ code: string; count: number }> {
  const phone = await page.context().newPage();
  try {
    for (let i = 0; i < 50; i++) {
      await phone.goto(`${env.demo.url}/demo/phone/`);
      const texts = await phone.locator('.messages li .text').allTextContents();
      const codes = texts.filter((t) => t.includes(holder) && t.includes('验证码'));
      if (codes.length > after) return { code: /验证码 (\d{6})/.exec(codes[0]!)![1]!, count: codes.length };
      await phone.waitForTimeout(200);
    }
    throw new Error('no code reached the phone');
  } finally {
    await phone.close();
  }
}

const memberCard = (family: Locator, name: string) => family.locator('[part~="member"]').filter({ hasText: name });

async function addMember(family: Locator, who: { name: string; idNumber: string }, relation: RegExp) {
  await family.getByRole('button', { name: /^(添加家人|Add a family member)$/ }).click();
  await family.getByLabel(/^(姓名|Name)$/).fill(who.name);
  await family.getByLabel(/^(身份证号|Resident ID number)$/).fill(who.idNumber);
  await family.getByRole('radio', { name: relation }).check();
  await family.getByRole('button', { name: /^(添加|Add)$/ }).click();
}

test('a patient adds an adult family member, proves it with the code her phone received, and then books for her; a wrong code is refused in the page’s language', async () => {
  const { page, errors, urls } = await openAs(env, '/', 'zhangwei');
  const family = page.locator('ih-family');
  const zhao = await hospitalRecord('赵敏');
  await family.scrollIntoViewIfNeeded();

  await addMember(family, { name: '赵敏', idNumber: zhao.idNumber }, /^其他$/);
  const card = memberCard(family, '赵敏');
  await card.getByText('待确认').waitFor();
  await family.getByText('已添加赵敏，等待家人确认。').waitFor();
  // Her phone as the hospital has it, masked; the code field has focus.
  assert.match((await card.textContent())!, new RegExp(`\\*+${zhao.phone.slice(-4)}`));
  assert.doesNotMatch((await card.textContent())!, new RegExp(zhao.phone));
  const input = card.getByLabel('家人收到的 6 位验证码');
  await page.waitForFunction(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.getAttribute('part') === 'code-input';
  });
  await shot(page, 'family-1-pending', family);

  const { code } = await codeOnPhone(page, '张伟');
  const wrong = code === '000000' ? '111111' : '000000';
  await input.fill(wrong);
  await card.getByRole('button', { name: '确认' }).click();
  await card.getByRole('alert').getByText('验证码不正确，请向家人核对短信中的验证码。').waitFor();
  // The same in English.
  await page.locator('#lang').click();
  await card.getByRole('alert').getByText('That code is not right. Check the code in your family member’s text message.').waitFor();
  await card.getByRole('button', { name: 'Confirm' }).click(); // the wrong code again
  await card.getByRole('alert').getByText(/That code is not right/).waitFor();
  assert.equal(await card.getAttribute('part'), 'member member-pending');
  await page.locator('#lang').click();

  // A wrong try did not spend the code: the right one makes the link active.
  await input.fill(code);
  await card.getByRole('button', { name: '确认' }).click();
  await family.getByText('已确认，现在可以为赵敏办理。').waitFor();
  await card.getByText('已授权').waitFor();
  assert.equal(await card.getAttribute('part'), 'member member-active');
  assert.match((await card.textContent())!, /自.+起可为其办理/);
  await shot(page, 'family-2-active', family);

  // Now he can book for her.
  const booking = page.locator('ih-booking');
  await booking.scrollIntoViewIfNeeded();
  await booking.getByRole('button', { name: /心血管内科/ }).click();
  await booking.getByRole('button', { name: /周敏/ }).click();
  await booking.getByRole('heading', { name: '选择时间' }).waitFor();
  await booking.getByRole('radiogroup', { name: '就诊日期' }).getByRole('radio', { name: /可预约/ }).last().click();
  await booking.getByRole('radio', { name: /剩余/ }).first().click();
  await booking.getByRole('heading', { name: '选择就诊人' }).waitFor();
  const her = booking.getByRole('button', { name: /赵敏/ });
  assert.equal(await her.getAttribute('aria-disabled'), null);
  await her.click();
  await booking.getByRole('heading', { name: '确认预约' }).waitFor();
  await booking.getByRole('button', { name: '确认预约' }).click();
  await booking.getByRole('heading', { name: '预约成功' }).waitFor();
  await page.locator('ih-appointments [part~="item"]').filter({ hasText: '赵敏' }).waitFor();

  // Her phone was told that he may act for her now.
  const phone = await page.context().newPage();
  await phone.goto(`${env.demo.url}/demo/phone/`);
  await phone.locator('.messages li .text').filter({ hasText: /张伟可代您办理就诊业务/ }).first().waitFor();
  await phone.close();

  for (const secret of [zhao.idNumber, zhao.phone, code, encodeURIComponent('赵敏')]) assert.ok(!urls.some((u) => u.includes(secret)), 'no personal data or code in a URL');
  assert.deepEqual(errors.filter((e) => !/status of (4\d\d)/.test(e)), []);
});

test('a child whose guardian on file is someone else stays pending, waits for the front desk, and cannot be chosen in booking', async () => {
  const { page } = await openAs(env, '/', 'zhangwei');
  const family = page.locator('ih-family');
  const child = await hospitalRecord('孙小雨');
  await addMember(family, { name: '孙小雨', idNumber: child.idNumber }, /^子女$/);
  const card = memberCard(family, '孙小雨');
  await card.getByText('待确认').waitFor();
  await card.getByText(/请携带户口簿、出生医学证明或监护证明/).waitFor();
  assert.equal(await card.locator('[part~="code-form"]').count(), 0);

  // At 360 px wide (a small phone), nothing of <ih-family> sticks out of the screen, with the add form open.
  await page.setViewportSize({ width: 360, height: 740 });
  await family.getByRole('button', { name: '添加家人' }).click();
  await family.getByLabel('姓名').waitFor();
  const overflow = await family.evaluate((el) => {
    const all = [el, ...el.shadowRoot!.querySelectorAll('*')];
    return all.filter((n) => n.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((n) => n.getAttribute('part') ?? n.localName);
  });
  assert.deepEqual(overflow, []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
  await shot(page, 'family-3-phone-360', family);
  await family.getByRole('button', { name: '取消' }).click();
  await page.setViewportSize({ width: 1200, height: 900 });

  // Still pending after a reload, and listed as such where booking picks the patient.
  await page.reload();
  await memberCard(family, '孙小雨').getByText('待确认').waitFor();
  const booking = page.locator('ih-booking');
  await booking.getByRole('button', { name: /心血管内科/ }).click();
  await booking.getByRole('button', { name: /周敏/ }).click();
  await booking.getByRole('radiogroup', { name: '就诊日期' }).getByRole('radio', { name: /可预约/ }).last().click();
  await booking.getByRole('radio', { name: /剩余/ }).first().click();
  await booking.getByRole('heading', { name: '选择就诊人' }).waitFor();
  const pending = booking.getByRole('button', { name: /孙小雨/ });
  assert.equal(await pending.getAttribute('aria-disabled'), 'true');
  assert.match((await pending.textContent())!, /待家人确认/);
  await pending.click({ force: true }); // as a user would try; it is not enabled
  await page.waitForTimeout(300);
  assert.equal(await booking.getByRole('heading', { name: '选择就诊人' }).count(), 1, 'still choosing the patient');
  await shot(page, 'family-4-child-pending', booking);
});
