/**
 * End to end, the online clinic as two people play it: a patient in the example portal and a
 * doctor in the staff console, two browser contexts of Debian's Chromium against the real
 * gateway. The patient asks a follow-up about a diagnosed condition and pays in the sandbox;
 * the doctor accepts and replies; the reply appears on the patient's side. The patient's socket
 * is then cut mid-conversation: every message still arrives, once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

/** The bubbles of the conversation (not the status lines), as their text. */
const bubbles = (widget: Locator) => widget.locator('[part~="message"]:not([part~="message-event"]) [part~="message-text"]');

async function send(widget: Locator, text: string) {
  const input = widget.locator('[part~="message-input"]');
  await input.fill(text);
  await input.press('Enter');
  await bubbles(widget).filter({ hasText: text }).waitFor();
}

test('a follow-up consult between a patient and a doctor, with the socket cut mid-conversation', async () => {
  const patient = await openAs(env, '/', 'zhangwei', { cuttableSockets: true });
  const doctor = await openAs(env, '/staff/', 'dr.zhou', { cuttableSockets: true });
  const clinic = patient.page.locator('ih-clinic');
  const desk = doctor.page.locator('ih-doctor-desk');

  // The patient: who, which diagnosed condition, which doctor, what is going on.
  await clinic.locator('[part~="option"]').filter({ hasText: '张伟' }).first().click();
  await clinic.locator('[part~="option"]').filter({ hasText: '原发性高血压' }).click();
  const zhou = clinic.locator('[part~="option"]').filter({ hasText: '周敏' });
  await assert.doesNotReject(zhou.filter({ hasText: '为您确诊的医生' }).waitFor(), 'the diagnosing doctor is named');
  await zhou.click();
  await clinic.locator('[part~="complaint-input"]').fill('最近早上血压 150/95，偶尔头晕。');
  await clinic.locator('[part~="submit-button"]').click();
  await clinic.locator('[part~="pay-button"]').click();
  await clinic.locator('[part~="sandbox-pay-button"]').click();
  await clinic.locator('[part~="status"]').filter({ hasText: '等待医生接诊' }).waitFor();
  await shot(patient.page, 'clinic-1-paid');

  // The doctor: the consult is in the queue (it arrived live), accept, reply.
  const item = desk.locator('[part~="queue-item"]').filter({ hasText: '张伟' });
  await item.waitFor();
  await item.click();
  await desk.getByText('最近早上血压 150/95').first().waitFor();
  await desk.locator('[part~="accept-button"]').click();
  await clinic.locator('[part~="status"]').filter({ hasText: '医生已接诊' }).waitFor();

  await send(clinic, '医生您好，需要调整用药吗？');
  await bubbles(desk).filter({ hasText: '需要调整用药吗' }).waitFor();
  await send(desk, '先不用调整，请每天早晚各测一次血压。');
  await bubbles(clinic).filter({ hasText: '每天早晚各测一次血压' }).waitFor();
  await clinic.locator('[part~="status"]').filter({ hasText: '问诊中' }).waitFor();
  await shot(doctor.page, 'clinic-2-desk');

  // The patient's connection drops; the doctor goes on writing meanwhile.
  for (const ws of patient.sockets) await ws.close({ code: 4000, reason: 'network blip' });
  const whileAway = ['血压记录请拍照发给我。', '服药时间固定在早上。', '低盐饮食。'];
  for (const text of whileAway) await send(desk, text);
  for (const text of whileAway) await bubbles(clinic).filter({ hasText: text }).waitFor();
  assert.ok(patient.sockets.length >= 2, 'the patient page reconnected by itself');
  await send(clinic, '好的，谢谢医生。');
  await bubbles(desk).filter({ hasText: '好的，谢谢医生' }).waitFor();
  const seen = await bubbles(clinic).allTextContents();
  const expected = ['医生您好，需要调整用药吗？', '先不用调整，请每天早晚各测一次血压。', ...whileAway, '好的，谢谢医生。'];
  assert.deepEqual(seen.map((t) => t.trim()), expected, 'every message once, in order');

  // The doctor writes the record and completes; the patient sees it.
  await desk.getByLabel('主诉', { exact: true }).fill('高血压复诊，晨起血压偏高');
  await desk.getByLabel('诊断', { exact: true }).fill('原发性高血压');
  await desk.getByLabel('医嘱', { exact: true }).fill('继续原方案服药，监测血压，两周后复诊。');
  await desk.locator('[part~="complete-button"]').click();
  await clinic.locator('[part~="status"]').filter({ hasText: '已完成' }).waitFor();
  await clinic.getByText('继续原方案服药，监测血压，两周后复诊。').waitFor();
  await shot(patient.page, 'clinic-3-completed');

  // Nothing personal in a URL; no errors in either page.
  for (const url of [...patient.urls, ...doctor.urls]) assert.ok(!/%E5%BC%A0|张伟|150\/95|血压/.test(decodeURIComponent(url)), url);
  assert.deepEqual(patient.errors, []);
  assert.deepEqual(doctor.errors, []);
});
