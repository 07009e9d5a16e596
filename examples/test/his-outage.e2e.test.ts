/**
 * End to end, the hospital's HIS stops answering in the middle of a booking: the portal in
 * Chromium against the demo gateway, whose HIS sits behind a switch (the gateway tests'
 * his-switch helper). Within a bounded time the booking widget says, in the page's language,
 * that the hospital system cannot be reached and offers to try again; once the HIS answers
 * again and the gateway's breaker has cooled down, trying again works and the booking
 * completes — on the same page, never reloaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoHis } from '@ihkit/adapters';
import { switchable, type HisMode } from '../../packages/gateway/test/helpers/his-switch.js';
import { demoAndBrowser, shot, signInThroughProvider } from './demo-browser.js';

const TIMEOUT_MS = 400;
const COOLDOWN_MS = 1500;
const his: { mode: HisMode; calls: string[] } = { mode: 'ok', calls: [] };
// One failure opens the circuit: a retry before it has cooled down is refused without asking the HIS.
const env = demoAndBrowser(
  { IHKIT_HIS_TIMEOUT_MS: String(TIMEOUT_MS), IHKIT_ADAPTER_BREAKER_FAILURES: '1', IHKIT_ADAPTER_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) },
  [],
  { his: (db) => switchable(createDemoHis(db), his) },
);

const UNAVAILABLE = '医院系统暂时无法连接，请稍后再试。';
/** Well within this, the widget has its answer: the gateway's timeout plus the page's own work. */
const BOUND_MS = TIMEOUT_MS + 4000;

test('the HIS hangs while a patient books: a bounded wait, the localized message and a retry that works once it is back', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  // Loads of a document (the booking's steps are history entries of the same document, not loads).
  // Counted from after the sign-in, which goes to the identity provider's page and back.
  await page.goto(env.demo.url);
  await signInThroughProvider(page, 'lina');
  await page.locator('#who').getByText('李娜').waitFor();
  let loads = 1;
  page.on('load', () => (loads += 1));
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  const booking = page.locator('ih-booking');
  await booking.getByRole('button', { name: /心血管内科/ }).click();
  await booking.getByRole('heading', { name: '选择医生' }).waitFor();

  // The HIS stops answering as the doctor's times are asked for.
  his.mode = 'hang';
  let asked = Date.now();
  await booking.getByRole('button', { name: /周敏/ }).click();
  await booking.getByText(UNAVAILABLE).waitFor({ timeout: BOUND_MS });
  assert.ok(Date.now() - asked < BOUND_MS, `answered in ${Date.now() - asked} ms`);
  const retry = booking.locator('[part~="retry-button"]');
  assert.equal((await retry.textContent())?.trim(), '重试');
  await shot(page, 'his-1-unavailable');

  // It is back; once the breaker has cooled down, trying again finds it.
  his.mode = 'ok';
  await page.waitForTimeout(COOLDOWN_MS + 200);
  await retry.click();
  await booking.getByRole('heading', { name: '选择时间' }).waitFor();
  await booking.getByRole('radiogroup', { name: '就诊日期' }).getByRole('radio', { name: /可预约/ }).last().click();
  await booking.getByRole('radio', { name: /剩余/ }).first().click();
  await booking.getByRole('heading', { name: '选择就诊人' }).waitFor();
  await booking.getByRole('button', { name: /周可欣/ }).click();
  await booking.getByRole('heading', { name: '确认预约' }).waitFor();

  // It hangs again as the booking is confirmed: the same bounded answer; the booking is still
  // there to confirm again.
  his.mode = 'hang';
  asked = Date.now();
  await booking.getByRole('button', { name: '确认预约' }).click();
  await booking.locator('[part~="submit-error"]').getByText(UNAVAILABLE).waitFor({ timeout: BOUND_MS });
  assert.ok(Date.now() - asked < BOUND_MS, `answered in ${Date.now() - asked} ms`);
  await booking.locator('[part~="confirm-button"][aria-disabled="false"]').waitFor();
  await shot(page, 'his-2-confirm-unavailable');

  his.mode = 'ok';
  await page.waitForTimeout(COOLDOWN_MS + 200);
  await booking.getByRole('button', { name: '确认预约' }).click();
  await booking.getByRole('heading', { name: '预约成功' }).waitFor();
  await page.locator('ih-appointments [part~="item"]').filter({ hasText: '周可欣' }).filter({ hasText: '待就诊' }).first().waitFor();
  await shot(page, 'his-3-booked');

  assert.equal(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage), true, 'the page was never reloaded');
  assert.equal(loads, 1);
  await page.close();
});
