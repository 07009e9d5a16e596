/**
 * End to end, in Debian's Chromium against the real gateway: a specialist's 会诊邀请 in the
 * staff console. With no invitation it says so and offers nothing to press; the moment the
 * consult's doctor invites them the call shows, ready to join, and it goes when the doctor
 * ends the call — all without a reload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

test('a specialist’s invitations come and go live', async () => {
  const consultId = await consultThroughApi(env, { complaint: '请上级医院的专家一起看看。', accept: true });
  const specialist = await openAs(env, '/staff/', 'dr.huang');
  await specialist.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const invitations = specialist.page.locator('#invitations ih-video-consult');
  await invitations.scrollIntoViewIfNeeded();
  await invitations.locator('[part~="empty"]').filter({ hasText: '暂无会诊邀请' }).waitFor();
  assert.equal(await invitations.locator('[part~="start-button"]').count(), 0, 'no 开始视频 with nothing to join');
  await shot(specialist.page, 'invitations-1-none');

  // 周敏 opens the call of the consult and invites 黄立新.
  const doctor = await apiAs(env, 'dr.zhou');
  const room = await doctor.call('POST', `/consults/${consultId}/video-room`);
  const huang = (await doctor.call('GET', '/doctors')).items.find((d: { name: string }) => d.name === '黄立新');
  await doctor.call('POST', `/video-rooms/${room.id}/invite`, { doctorId: huang.id });

  await invitations.locator('[part~="invitation"]').filter({ hasText: '周敏' }).waitFor();
  await invitations.locator('[part~="start-button"]').filter({ hasText: '开始视频' }).waitFor();
  await shot(specialist.page, 'invitations-2-invited');

  // The doctor ends the call: nothing to join again.
  await doctor.call('POST', `/video-rooms/${room.id}/end`);
  await invitations.locator('[part~="empty"]').waitFor();
  assert.equal(await invitations.locator('[part~="start-button"]').count(), 0);

  assert.equal(await specialist.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'the page was not reloaded');
  for (const url of specialist.urls) assert.ok(!/张伟|高血压/.test(decodeURIComponent(url)), url);
  assert.deepEqual(specialist.errors, []);
});
