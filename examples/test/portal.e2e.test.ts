/**
 * End to end, as a patient would: the example portal in Debian's Chromium against the real
 * gateway (embedded PostgreSQL, as `npm start` runs it). Sign in, book a slot with the
 * booking widget, see it under "my appointments", cancel it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Page } from 'playwright-core';
import { demoSubject } from '@ihkit/adapters';
import { demoAndBrowser, shot } from './demo-browser.js';

const env = demoAndBrowser();

/** A page that records what a privacy reviewer would look at. */
async function openPortal(): Promise<{ page: Page; urls: string[]; errors: string[]; events: unknown[] }> {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const urls: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.exposeFunction('recordIhEvent', (e: unknown) => events.push(e));
  const events: unknown[] = [];
  await page.addInitScript(() => {
    for (const type of ['ih-booked', 'ih-cancelled']) {
      document.addEventListener(type, (e) => (window as unknown as { recordIhEvent(x: unknown): void }).recordIhEvent({ type, detail: (e as CustomEvent).detail }));
    }
  });
  await page.goto(env.demo.url);
  return { page, urls, errors, events };
}


test('a patient books a slot through the portal and sees it in their appointments, then cancels it', async () => {
  const { page, urls, errors, events } = await openPortal();
  const booking = page.locator('ih-booking');
  const mine = page.locator('ih-appointments');

  // The schedule is public: signed out, 李娜 browses it and chooses a time; the booking asks her
  // to sign in only then, and what she chose survives the identity provider's redirect.
  await booking.getByRole('button', { name: /心血管内科/ }).click();
  await booking.getByRole('heading', { name: '选择医生' }).waitFor();
  await booking.getByRole('button', { name: /周敏/ }).click();
  await booking.getByRole('heading', { name: '选择时间' }).waitFor();
  await shot(page, '1-time');

  // The last day with open times (so that it is not too late to cancel), then its first open
  // time, by keyboard: focus the grid, End, Home, then Enter chooses it.
  await booking.getByRole('radiogroup', { name: '就诊日期' }).getByRole('radio', { name: /可预约/ }).last().click();
  await booking.getByRole('radio', { name: /剩余/ }).first().focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  const chosenTime = (await booking.locator('.slot:focus .slot-time').textContent())!.trim().slice(0, 5);
  assert.match(chosenTime, /^\d\d:\d\d$/);
  await page.keyboard.press('Enter');

  await booking.getByText('登录后接着预约：已选的科室、医生和时间不会丢失。').waitFor();
  await shot(page, '1-sign-in-to-go-on');
  await booking.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator(`button[name=account][value="${demoSubject('lina')}"]`).click();
  await page.locator('#who').getByText('李娜').waitFor();
  await booking.getByRole('heading', { name: '选择就诊人' }).waitFor();
  await booking.getByRole('button', { name: /周可欣/ }).click(); // Li Na books for her daughter
  await booking.getByRole('heading', { name: '确认预约' }).waitFor();
  await shot(page, '2-confirm');
  await booking.getByRole('button', { name: '确认预约' }).click();
  await booking.getByRole('heading', { name: '预约成功' }).waitFor();

  // The appointments list refreshes by itself and shows the new appointment.
  const item = mine.locator('[part~="item"]').filter({ hasText: chosenTime }).filter({ hasText: '周可欣' });
  await item.waitFor();
  assert.match((await item.textContent())!, /周敏/);
  assert.match((await item.textContent())!, /待就诊/);
  await shot(page, '3-booked');

  // Her daughter's health record has the visit too: chosen from the family, then opened.
  const record = page.locator('ih-my-record');
  await record.scrollIntoViewIfNeeded();
  await record.getByRole('combobox', { name: '就诊人' }).selectOption({ label: '周可欣' });
  const visit = record.locator('[part~="entry-visit"]').filter({ hasText: '心血管内科 · 周敏' }).filter({ hasText: '待就诊' });
  await visit.waitFor();
  await shot(page, '3-record');
  await visit.getByRole('button', { name: /查看/ }).click();
  await page.waitForFunction(() => {
    const r = document.getElementById('mine')!.getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  });

  // Cancel it, with the confirmation dialog.
  await item.getByRole('button', { name: /取消预约/ }).click();
  const dialog = mine.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '确认取消' }).click();
  await mine.getByText('预约已取消。').waitFor();
  await mine.locator('[part~="item-cancelled"]').filter({ hasText: chosenTime }).waitFor();
  await shot(page, '4-cancelled');

  // Only opaque ids left the widgets: in events and in every URL the browser requested.
  assert.equal(events.length, 2);
  for (const e of events as Array<{ type: string; detail: Record<string, unknown> }>) {
    assert.deepEqual(Object.keys(e.detail), ['appointmentId'], `${e.type} carries only an id`);
    assert.match(String(e.detail.appointmentId), /^apt_[A-Za-z0-9_-]+$/);
  }
  for (const u of urls) {
    const decoded = decodeURIComponent(u);
    for (const secret of ['李娜', '周可欣', '310104', '13800000002']) assert.ok(!decoded.includes(secret), `${u} carries personal data`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the widgets switch to English with the portal and keep their size on a small-font page; signing out revokes the token', async () => {
  const { page, errors } = await openPortal();
  await page.getByRole('button', { name: 'EN' }).click();
  await page.locator('ih-booking').getByRole('heading', { name: 'Choose a department' }).waitFor();
  await page.locator('ih-appointments').getByText('Please sign in').waitFor();
  // The page's own words are English too, down to the skip link and the landmarks' names.
  assert.equal(await page.locator('a.skip').textContent(), 'Skip to main content');
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
  await page.getByRole('form', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The identity provider's page in the page's language; back in the portal, still in English.
  await page.getByRole('heading', { name: 'Sign in with a demo account' }).waitFor();
  await page.getByRole('button', { name: /张伟/ }).click();
  await page.locator('#who').getByText('张伟').waitFor();
  const booking = page.locator('ih-booking');
  await booking.getByRole('button', { name: /Cardiology/ }).waitFor();
  // The portal sets html { font-size: 14px }; the widgets use px/em, so their text stays 16px.
  const size = await booking.getByRole('heading', { name: 'Choose a department' }).evaluate((h) => getComputedStyle(h.getRootNode() instanceof ShadowRoot ? (h.getRootNode() as ShadowRoot).host : h).fontSize);
  assert.equal(size, '16px');
  await shot(page, '5-english');

  // Signing out ends the session at the identity provider (RP-initiated logout, confirmed on its
  // page) and revokes the page's refresh token: no new access token can be had with it. (The
  // access token itself lapses within minutes: the gateway cannot revoke the provider's tokens.)
  const refreshToken = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))!;
    return (JSON.parse(sessionStorage.getItem(key)!) as { refresh_token: string }).refresh_token;
  });
  const refresh = () =>
    fetch(`${env.demo.url}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'ihkit-portal' }) }).then((r) => r.status);
  assert.ok(refreshToken);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click(); // the provider's "Sign out?" page
  await page.locator('ih-appointments').getByText('Please sign in').waitFor();
  assert.equal(await page.locator('#who').textContent(), '');
  assert.equal(await refresh(), 400, 'the refresh token was revoked');
  assert.deepEqual(errors, []);
  await page.close();
});
