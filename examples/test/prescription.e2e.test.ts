/**
 * End to end, an e-prescription as three people play it in Debian's Chromium against the real
 * gateway: after a follow-up consult the doctor prescribes in the desk's editor (the checks
 * refuse a penicillin for a patient allergic to it), signs and submits, and confirms the
 * signature on the demo phone (the CA's signing app); the pharmacist approves it in the staff
 * console and confirms that signature on the phone too; the patient chooses pickup in the
 * portal, pays in the sandbox, watches the pharmacy get it ready, and prints it: both signers,
 * their certificate serials and a verification code the gateway checks. Nobody reloads or presses 刷新: the pharmacist's queue
 * shows the signed prescription, and the patient's 我的处方 and the doctor's editor show each
 * step, as it happens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';
import { confirmOnPhone } from './demo-phone.js';

// The sandbox pharmacy prepares an order in 2 s, so "ready for pickup" shows within the test.
// The reference CA waits for each signer to confirm on the demo phone.
const env = demoAndBrowser({ IHKIT_PHARMACY_PREPARE_SECONDS: '2', IHKIT_LOCAL_CA_CONFIRM: 'device' });

async function addDrug(page: Page, search: string) {
  const editor = page.locator('ih-prescription-editor');
  await editor.locator('[part~="search-input"]').fill(search);
  await editor.locator('[part~="search-option"]').first().click();
}

test('consult → prescribe → pharmacist review → pay → ready for pickup, each page live', async () => {
  await consultThroughApi(env, { complaint: '血压平稳，想续开降压药。' });
  const doctor = await openAs(env, '/staff/', 'dr.zhou');
  const pharmacist = await openAs(env, '/staff/', 'ph.sun');
  const patient = await openAs(env, '/', 'zhangwei');
  // None of the three pages is reloaded from here on (a reload would lose these marks).
  for (const p of [doctor.page, pharmacist.page, patient.page]) await p.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // The pharmacist's queue and the patient's 我的处方 are open, with nothing in them yet.
  const review = pharmacist.page.locator('ih-pharmacist-review');
  await review.locator('[part~="empty"]').waitFor();
  await patient.page.locator('a[href="#prescriptions"]').click();
  const mine = patient.page.locator('ih-prescriptions');
  await mine.locator('[part~="empty"]').waitFor();

  // The doctor takes the consult on and opens the prescription editor in the desk.
  const desk = doctor.page.locator('ih-doctor-desk');
  const item = desk.locator('[part~="queue-item"]').filter({ hasText: '张伟' });
  await item.first().click();
  await desk.locator('[part~="accept-button"]').click();
  const editor = doctor.page.locator('ih-prescription-editor');

  // Amoxicillin for a patient allergic to penicillin: the check says so and signing is off.
  await addDrug(doctor.page, '阿莫西林');
  await editor.getByText(/青霉素/).first().waitFor();
  const submit = editor.locator('[part~="submit-button"]');
  await assert.doesNotReject(editor.locator('[part~="submit-button"][aria-disabled="true"]').waitFor(), 'signing is off while an error stands');
  await editor.locator('[part~="item-remove-button"]').first().click();

  // Amlodipine at its usual dose passes; sign and submit.
  await addDrug(doctor.page, '氨氯地平');
  await editor.locator('[part~="submit-button"][aria-disabled="false"]').waitFor();
  await submit.click();
  // The CA asks the doctor's phone; the desk says so until the doctor confirms there.
  await editor.locator('[part~="sign-on-phone"]').filter({ hasText: '请在手机上确认签名' }).waitFor();
  await shot(doctor.page, 'rx-1-sign-on-phone');
  const phone = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${env.demo.url}/demo/phone/sign/`);
  await confirmOnPhone(phone, 'rx-1-doctor-phone');
  await editor.getByText('处方已签名提交，等待药师审核。').waitFor();
  await editor.getByText('ECDSA-P256-SHA256').first().waitFor();
  await shot(doctor.page, 'rx-1-signed');

  // It is in the pharmacist's queue, and in the patient's list as waiting for review, without 刷新 or a reload.
  const queued = review.locator('[part~="queue-item"]').filter({ hasText: '张伟' }).first();
  await queued.waitFor();
  const listed = mine.locator('[part~="list-item"]').filter({ hasText: '高血压' }).first();
  await listed.locator('[part~="status"]').filter({ hasText: '待药师审核' }).waitFor();
  await shot(patient.page, 'rx-2-patient-waiting');

  // The pharmacist reviews it from the queue.
  await queued.click();
  await review.getByText('氨氯地平').first().waitFor();
  await review.getByText(/青霉素/).first().waitFor(); // the patient's allergies are in view
  await review.locator('[part~="approve-button"]').click();
  await review.locator('[part~="sign-on-phone"]').waitFor();
  await confirmOnPhone(phone, 'rx-3-pharmacist-phone');
  await review.getByText('处方已审核通过。').waitFor();
  await shot(pharmacist.page, 'rx-3-approved');

  // The patient's list says so at once, and so does the doctor's editor.
  await listed.locator('[part~="status"]').filter({ hasText: '审核通过' }).waitFor();
  await editor.locator('[part~="summary"] [part~="status"]').filter({ hasText: '审核通过' }).waitFor();
  await shot(patient.page, 'rx-4-patient-approved');

  // The patient chooses pickup, pays in the sandbox and follows it at the pharmacy.
  await mine.evaluate((el) => ((el as unknown as { trackSeconds: number }).trackSeconds = 1));
  await listed.click();
  await mine.getByLabel('到店自取').check();
  // The hospital's own pharmacy is the portal's hospital's.
  await mine.locator('[part~="pickup-point"]').first().filter({ hasText: '城东人民医院门诊药房' }).click();
  await mine.locator('[part~="pay-button"]').click();
  await mine.locator('[part~="sandbox-pay-button"]').click();
  await mine.locator('[part~="step-current"]').filter({ hasText: '药房配药' }).waitFor();
  await mine.locator('[part~="step-current"]').filter({ hasText: '待取药' }).waitFor({ timeout: 15_000 });
  await shot(patient.page, 'rx-5-ready');

  // The print view: the doctor's and the pharmacist's signatures with their certificates, and the code that checks them.
  await patient.page.evaluate(() => (window.print = () => undefined));
  await mine.locator('[part~="print-button"]').click();
  const printed = mine.locator('[part~="print-view"]');
  await printed.locator('[part~="review-signature"]').filter({ hasText: '孙悦' }).waitFor();
  await printed.getByText('证书序列号').first().waitFor();
  const code = (await printed.locator('[part~="verification-code"] strong').textContent())!.trim();
  assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await shot(patient.page, 'rx-6-printed', printed);
  const checked = await (await fetch(`${env.demo.url}/api/prescription-verifications/${code}`)).json() as { valid: boolean; doctor: { name: string }; pharmacist?: { name: string } };
  assert.deepEqual([checked.valid, checked.doctor.name, checked.pharmacist?.name], [true, '周敏', '孙悦']);
  await phone.close();
  for (const p of [doctor.page, pharmacist.page, patient.page]) assert.equal(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'no page was reloaded');

  // Nothing personal in a URL; no errors in any page.
  for (const url of [...doctor.urls, ...pharmacist.urls, ...patient.urls]) assert.ok(!/张伟|氨氯地平|阿莫西林|青霉素|高血压/.test(decodeURIComponent(url)), url);
  assert.deepEqual(doctor.errors, []);
  assert.deepEqual(pharmacist.errors, []);
  assert.deepEqual(patient.errors, []);
});
