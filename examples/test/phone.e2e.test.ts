/**
 * End to end on a phone: the booking, consult and prescription journeys of the other end-to-end
 * tests again, in the example portal on a 390×844 touch screen (hasTouch, isMobile) as a patient
 * opens it in WeChat, by tapping, with the browser's Back button at the steps: Back goes one step
 * back and never leaves the portal mid-way, Forward does nothing harmful, a reload starts over,
 * and nothing personal goes into the URL or the history state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { apiAs, consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';

// The sandbox pharmacy prepares an order in 2 s, so "ready for pickup" shows within the test.
const env = demoAndBrowser({ IHKIT_PHARMACY_PREPARE_SECONDS: '2' });

const heading = (widget: Locator) => widget.locator('[part~="heading"]').first();
const headingIs = (widget: Locator, text: string) => widget.locator('[part~="heading"]').filter({ hasText: text }).first().waitFor();

/** The browser's Back / Forward button, then a moment for the page to settle (an element may skip an entry). */
async function press(page: Page, button: 'back' | 'forward'): Promise<void> {
  if (button === 'back') await page.goBack({ waitUntil: 'commit' });
  else await page.goForward({ waitUntil: 'commit' });
  await page.waitForTimeout(300);
}

/** Still on the portal, signed in, the URL as it was. */
async function stillOnThePortal(page: Page, url: string): Promise<void> {
  assert.equal(page.url(), url, 'the URL is unchanged');
  assert.match((await page.locator('#who').textContent()) ?? '', /\S/, 'still signed in');
}

/** What the history holds, for a privacy check. */
const historyState = (page: Page) => page.evaluate(() => JSON.stringify(history.state));

test('booking on a phone: tap through the steps, Back one step at a time, Forward harmless; cancel dialog closes on Back; a reload starts over', async () => {
  const { page, errors, urls } = await openAs(env, '/', 'lina', { phone: true });
  const url = page.url();
  const booking = page.locator('ih-booking');
  const mine = page.locator('ih-appointments');

  await booking.getByRole('button', { name: /心血管内科/ }).tap();
  await headingIs(booking, '选择医生');
  await press(page, 'back');
  await headingIs(booking, '选择科室');
  await stillOnThePortal(page, url);
  await press(page, 'forward');
  assert.equal((await heading(booking).textContent())?.trim(), '选择科室', 'Forward changes nothing');

  await booking.getByRole('button', { name: /心血管内科/ }).tap();
  await booking.getByRole('button', { name: /周敏/ }).tap();
  await headingIs(booking, '选择时间');
  // The date strip: the chosen day in view, half of a day showing at its edge.
  const strip = booking.locator('[part~="dates"]');
  const box = (await strip.boundingBox())!;
  const chosen = (await booking.locator('[part~="date-selected"]').boundingBox())!;
  assert.ok(chosen.x >= box.x && chosen.x + chosen.width <= box.x + box.width, 'the chosen day is in view');
  const days = await booking.locator('[part~="date"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  assert.ok(days.some((d) => d.left < box.x + box.width - 1 && d.right > box.x + box.width + 1), 'a day cut by the edge shows that the strip scrolls');
  await shot(page, 'phone-1-time', booking);

  // The last day with open times, its first open time.
  await booking.getByRole('radio', { name: /可预约/ }).last().tap();
  const slot = booking.locator('[part~="slot-available"]').first();
  const chosenTime = (await slot.locator('.slot-time').textContent())!.trim().slice(0, 5);
  await slot.tap();
  await headingIs(booking, '选择就诊人');
  await press(page, 'back');
  await headingIs(booking, '选择时间');
  await booking.locator('[part~="slot-available"]').filter({ hasText: chosenTime }).first().tap();
  await headingIs(booking, '选择就诊人');
  await booking.getByRole('button', { name: /周可欣/ }).tap();
  await headingIs(booking, '确认预约');
  await press(page, 'back');
  await headingIs(booking, '选择就诊人');
  await press(page, 'forward');
  assert.equal((await heading(booking).textContent())?.trim(), '选择就诊人', 'Forward changes nothing');
  await booking.getByRole('button', { name: /周可欣/ }).tap();
  await headingIs(booking, '确认预约');
  const state = await historyState(page);
  for (const secret of ['李娜', '周可欣', '周敏', '心血管', 'pat_', 'slot_', 'doc_', chosenTime]) assert.ok(!state.includes(secret), `history state holds ${secret}`);
  await shot(page, 'phone-2-confirm', booking);
  await booking.getByRole('button', { name: '确认预约' }).tap();
  await headingIs(booking, '预约成功');
  await stillOnThePortal(page, url);

  // The cancel dialog closes on Back, and the appointment stays booked.
  const item = mine.locator('[part~="item"]').filter({ hasText: chosenTime }).filter({ hasText: '周可欣' });
  await item.waitFor();
  await item.getByRole('button', { name: /取消预约/ }).tap();
  const dialog = mine.getByRole('dialog');
  await dialog.waitFor();
  await shot(page, 'phone-3-cancel-dialog', dialog);
  await press(page, 'back');
  await dialog.waitFor({ state: 'hidden' });
  assert.match((await item.textContent())!, /待就诊/);
  await stillOnThePortal(page, url);
  await item.getByRole('button', { name: /取消预约/ }).tap();
  await dialog.getByRole('button', { name: '确认取消' }).tap();
  await mine.getByText('预约已取消。').waitFor();

  // A reload in the middle of a booking starts it over; Back then stays on the portal.
  await booking.getByRole('button', { name: '再约一个' }).tap();
  await booking.getByRole('button', { name: /心血管内科/ }).tap();
  await booking.getByRole('button', { name: /周敏/ }).tap();
  await headingIs(booking, '选择时间');
  await page.reload();
  await page.locator('#who').filter({ hasText: /\S/ }).waitFor();
  await headingIs(booking, '选择科室');
  await press(page, 'back');
  await stillOnThePortal(page, url);
  assert.equal((await heading(booking).textContent())?.trim(), '选择科室');

  for (const u of urls) for (const secret of ['李娜', '周可欣', '310104', '13800000002']) assert.ok(!decodeURIComponent(u).includes(secret), `${u} carries personal data`);
  assert.deepEqual(errors, []);
});

test('a consult on a phone: Back through the steps, no Enter-to-send hint, a photo shown whole in the chat', async () => {
  const patient = await openAs(env, '/', 'zhangwei', { phone: true });
  const { page } = patient;
  const url = page.url();
  const clinic = page.locator('ih-clinic');
  const option = (text: string) => clinic.locator('[part~="option"]').filter({ hasText: text }).first();

  await option('张伟').tap();
  await headingIs(clinic, '选择复诊的疾病');
  await press(page, 'back');
  await headingIs(clinic, '为谁问诊？');
  await stillOnThePortal(page, url);
  await option('张伟').tap();
  await option('原发性高血压').tap();
  await option('周敏').tap();
  await headingIs(clinic, '描述病情');
  await clinic.locator('[part~="complaint-input"]').fill('最近早上血压 150/95，偶尔头晕。');
  await press(page, 'back');
  await headingIs(clinic, '选择医生');
  await option('周敏').tap();
  assert.equal(await clinic.locator('[part~="complaint-input"]').inputValue(), '最近早上血压 150/95，偶尔头晕。', 'what was written is kept');
  await clinic.locator('[part~="submit-button"]').tap();
  await clinic.locator('[part~="pay-button"]').tap();
  await clinic.locator('[part~="sandbox-pay-button"]').tap();
  await clinic.locator('[part~="status"]').filter({ hasText: '等待医生接诊' }).waitFor();

  // The doctor accepts and writes a few lines (through the API; the desk is another test's).
  const mine = await apiAs(env, 'zhangwei');
  const consult = (await mine.call('GET', '/consults')).items.find((c: { status: string }) => c.status === 'paid');
  const doctor = await apiAs(env, 'dr.zhou');
  await doctor.call('POST', `/consults/${consult.id}/accept`);
  await clinic.locator('[part~="status"]').filter({ hasText: '医生已接诊' }).waitFor();
  const lines = ['您好。', '最近睡眠怎么样？', '每天测几次血压？', '有没有胸闷？', '饮食清淡吗？', '药按时吃了吗？', '有没有运动？', '请拍一张血压记录给我。'];
  for (const text of lines) await doctor.call('POST', `/consults/${consult.id}/messages`, { text });
  await clinic.locator('[part~="message-text"]').filter({ hasText: lines.at(-1)! }).waitFor();

  // A phone has no Enter to send: the composer does not speak of it; the send button sends.
  const composer = clinic.locator('[part~="composer"]');
  assert.doesNotMatch((await composer.textContent())!, /回车|Enter/);
  await clinic.locator('[part~="message-input"]').fill('好的，我拍给您。');
  await clinic.locator('[part~="send-button"]').tap();
  await clinic.locator('[part~="message-text"]').filter({ hasText: '好的，我拍给您。' }).waitFor();

  // A photo: once it loads, the chat shows the whole of it.
  const photo = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(600, 800);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#2a7';
    ctx.fillRect(0, 0, 600, 800);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  await clinic.locator('input[type="file"]').setInputFiles({ name: 'blood-pressure.png', mimeType: 'image/png', buffer: Buffer.from(photo, 'base64') });
  const img = clinic.locator('img[part~="message-image"]');
  await img.waitFor();
  await img.evaluate((i: HTMLImageElement) => i.decode());
  const boxes = async () => ({ list: (await clinic.locator('[part~="messages"]').boundingBox())!, picture: (await img.boundingBox())! });
  const whole = ({ list, picture }: Awaited<ReturnType<typeof boxes>>) => picture.height > 100 && picture.y >= list.y - 1 && picture.y + picture.height <= list.y + list.height + 1;
  for (let i = 0; i < 30 && !whole(await boxes()); i++) await page.waitForTimeout(100);
  const seen = await boxes();
  assert.ok(whole(seen), `the whole photo is in view: ${JSON.stringify(seen)}`);
  await shot(page, 'phone-4-consult-photo', clinic.locator('[part~="conversation"]'));

  // Back from the consult goes to the list, not to the steps before it.
  await press(page, 'back');
  await headingIs(clinic, '为谁问诊？');
  await stillOnThePortal(page, url);
  const state = await historyState(page);
  for (const secret of ['张伟', '高血压', '150/95', consult.id]) assert.ok(!state.includes(secret), `history state holds ${secret}`);
  for (const u of patient.urls) assert.ok(!/张伟|150\/95|血压/.test(decodeURIComponent(u)), u);
  assert.deepEqual(patient.errors, []);
});

test('a prescription on a phone: Back from it to the list, Forward harmless; pickup chosen and paid by tapping', async () => {
  const consultId = await consultThroughApi(env, { complaint: '血压平稳，想续开降压药。', accept: true });
  const doctor = await apiAs(env, 'dr.zhou');
  const drug = (await doctor.call('POST', '/drug-search', { q: '氨氯地平' })).items.find((d: { control: string }) => d.control === 'none');
  const rx = await doctor.call('POST', `/consults/${consultId}/prescriptions`, { items: [{ drugId: drug.id, dose: 5, frequency: 'qd', days: 7 }] });
  await (await apiAs(env, 'ph.sun')).call('POST', `/prescriptions/${rx.id}/approve`, {});

  const patient = await openAs(env, '/', 'zhangwei', { phone: true });
  const { page } = patient;
  const url = page.url();
  const mine = page.locator('ih-prescriptions');
  await mine.evaluate((el) => ((el as unknown as { trackSeconds: number }).trackSeconds = 1));
  const item = mine.locator('[part~="list-item"]').filter({ hasText: '审核通过' }).first();
  await item.tap();
  await mine.locator('[part~="back-button"]').waitFor();
  await press(page, 'back');
  await item.waitFor();
  assert.equal(await mine.locator('[part~="back-button"]').count(), 0, 'the list');
  await stillOnThePortal(page, url);
  await press(page, 'forward');
  assert.equal(await mine.locator('[part~="back-button"]').count(), 0, 'Forward changes nothing');

  await item.tap();
  await mine.getByText('到店自取').tap();
  await mine.locator('[part~="pickup-point"]').first().tap();
  await mine.locator('[part~="pay-button"]').tap();
  await mine.locator('[part~="sandbox-pay-button"]').tap();
  await mine.locator('[part~="step-current"]').filter({ hasText: '药房配药' }).waitFor();
  await mine.locator('[part~="step-current"]').filter({ hasText: '待取药' }).waitFor({ timeout: 15_000 });
  await shot(page, 'phone-5-rx-ready', mine);
  await press(page, 'back');
  await mine.locator('[part~="list-item"]').first().waitFor();
  assert.equal(await mine.locator('[part~="back-button"]').count(), 0, 'back on the list');
  await stillOnThePortal(page, url);

  const state = await historyState(page);
  for (const secret of ['张伟', '氨氯地平', '高血压', rx.id]) assert.ok(!state.includes(secret), `history state holds ${secret}`);
  for (const u of patient.urls) assert.ok(!/张伟|氨氯地平|高血压/.test(decodeURIComponent(u)), u);
  assert.deepEqual(patient.errors, []);
});
