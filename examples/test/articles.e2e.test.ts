/**
 * End to end: health education through the example pages. Anyone reads the demo hospital's
 * articles in the portal's <ih-articles> (the picture from the portal itself, under the strict
 * CSP); the nurse puts 王芳 on a diabetes plan, which starts with the diabetes articles; 王芳 opens
 * one in <ih-followup> on her phone; and the nurse sees it read on the plan's reading list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

test('a patient reads an article her care team assigned; the nurse sees the receipt', async () => {
  const patient = await openAs(env, '/', 'wangfang', { phone: true });
  const articles = patient.page.locator('#education ih-articles');
  await articles.scrollIntoViewIfNeeded();
  await articles.locator('[data-id="art_demo_low_salt"]').click();
  const picture = articles.locator('[part~="article"] img');
  await picture.waitFor();
  assert.equal(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true, 'the picture loads from the portal');
  assert.ok(await picture.evaluate((img) => img.getBoundingClientRect().right <= document.documentElement.clientWidth), 'within the screen');
  await shot(patient.page, 'articles-1-article', articles);

  const nurse = await openAs(env, '/staff/', 'rn.xu');
  const desk = nurse.page.locator('ih-care-desk');
  await desk.getByLabel('查找患者').fill('王芳');
  await desk.getByRole('button', { name: '查找' }).click();
  const match = desk.locator('[part~="match"]').filter({ hasText: '王芳（' });
  await match.click();
  await desk.locator('[part~="template-select"]').selectOption('type-2-diabetes');
  await desk.getByRole('button', { name: '加入' }).click();
  const row = desk.locator('[part~="plan"]').filter({ hasText: '王芳' });
  await row.waitFor();

  // 王芳's follow-up shows the plan's reading list: the diabetes articles, unread; she opens one.
  await patient.page.reload();
  const followup = patient.page.locator('ih-followup');
  await followup.scrollIntoViewIfNeeded();
  const list = followup.locator('[part~="articles"]');
  const foot = list.locator('[data-id="art_demo_foot"]');
  await foot.waitFor();
  assert.match((await foot.textContent())!, /未读/);
  await foot.click();
  await list.locator('[part~="article"]').waitFor();

  // The nurse adjusts the plan and sees the receipt.
  await row.getByRole('button', { name: /调整/ }).click();
  const read = desk.locator('[part~="receipt-read"]').filter({ hasText: '糖尿病足的日常护理' });
  await read.waitFor({ timeout: 5000 });
  assert.match((await read.textContent())!, /已读/);
  await shot(nurse.page, 'articles-2-nurse-receipts', desk);

  for (const { urls } of [nurse, patient]) assert.ok(urls.every((u) => !decodeURIComponent(u).includes('王芳')), 'no name in any URL');
  assert.deepEqual(nurse.errors, []);
  assert.deepEqual(patient.errors, []);
});
