/**
 * End to end in Chromium against the real gateway and its sandbox insurer: 张伟 pays an approved
 * prescription through his medical insurance (医保移动支付). In 我的处方 he chooses pickup and
 * 医保支付, authorises on the insurer's e-certificate page (医保电子凭证), comes back to the
 * portal with the split shown — pooled fund 统筹, personal account 个人账户, self-pay 自付, and
 * each drug's class — confirms, and pays the self-pay part in the sandbox: the prescription is
 * paid. Once on a phone (390×844) and once on a desktop (1280×800). Then, on a phone, he asks
 * for a follow-up consult in 在线复诊 and pays its fee the same way: the split of the fee (a
 * service item) shown before he confirms, the self-pay part in the sandbox, the consult then
 * waiting for its doctor. Nothing of the code or of the patient goes into a URL the browser sends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Drug } from '@ihkit/core';
import { apiAs, consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

/** An approved prescription for 张伟 of amlodipine (甲), valsartan (乙) and mecobalamin (丙), a week each. */
async function approvedPrescription(): Promise<string> {
  const consultId = await consultThroughApi(env, { complaint: '血压平稳，想续开降压药。', accept: true });
  const doctor = await apiAs(env, 'dr.zhou');
  const find = async (q: string) => (await doctor.call<{ items: Drug[] }>('POST', '/drug-search', { q })).items.find((d) => d.control === 'none')!;
  const drugs = [await find('amlodipine'), await find('valsartan'), await find('mecobalamin')];
  const items = drugs.map((d) => ({ drugId: d.id, dose: d.adultDose?.min ?? d.unitDose, frequency: 'qd', days: 7 }));
  const rx = await doctor.call<{ id: string }>('POST', `/consults/${consultId}/prescriptions`, { items });
  await (await apiAs(env, 'ph.sun')).call('POST', `/prescriptions/${rx.id}/approve`, {});
  return rx.id;
}

/**
 * On the insurer's e-certificate page (`shotName`: its screenshot), authorised; back in the
 * portal, `widget`'s split to confirm and its sums in yuan (the code taken out of the address).
 */
async function authorisedSplit(page: Page, widget: Locator, shotName?: string) {
  await page.waitForURL(/\/demo\/insurance\//);
  await page.getByText('医保电子凭证').first().waitFor();
  if (shotName) await shot(page, shotName);
  await page.getByRole('button', { name: /授权/ }).click();
  const confirm = widget.locator('[part~="insurance-confirm"]');
  await confirm.waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the code is taken out of the address at once');
  const amount = async (part: string) => Number((await widget.locator(`[part~="${part}"] dd`).textContent())!.replace(/[^\d.]/g, ''));
  return { confirm, total: await amount('split-total'), pooled: await amount('split-pooled'), personal: await amount('split-personal'), selfPay: await amount('split-self-pay') };
}

for (const size of [{ name: 'phone', phone: true }, { name: 'desktop', phone: false }]) {
  test(`pay a prescription through medical insurance with the split shown (${size.name})`, async () => {
    await approvedPrescription();
    const patient = await openAs(env, '/', 'zhangwei', { phone: size.phone });
    const page = patient.page;
    if (!size.phone) await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('a[href="#prescriptions"]').click();
    const mine = page.locator('ih-prescriptions');
    await mine.locator('[part~="list-item"]').filter({ hasText: '审核通过' }).first().click();

    await mine.getByLabel('到店自取').check();
    await mine.locator('[part~="pickup-point"]').first().click();
    await mine.locator('[part~="insurance-choice"] input').check();
    await mine.locator('[part~="pay-button"]').filter({ hasText: '去医保授权' }).click();

    // The insurer's e-certificate page: authorise; back in the portal, the split, before anything is settled.
    const { confirm, total, pooled, personal, selfPay } = await authorisedSplit(page, mine, `insurance-1-e-certificate-${size.name}`);
    assert.ok(pooled > 0 && personal > 0 && selfPay > 0, `the three parts: ${pooled} ${personal} ${selfPay}`);
    assert.equal(Math.round((pooled + personal + selfPay) * 100), Math.round(total * 100), 'they add up to the total');
    await mine.locator('[part~="split-item"]').filter({ hasText: '甲类' }).first().waitFor();
    await mine.locator('[part~="split-item"]').filter({ hasText: '丙类' }).first().waitFor();
    await confirm.scrollIntoViewIfNeeded();
    await shot(page, `insurance-2-split-${size.name}`, size.phone ? confirm : undefined);

    // Confirmed: settled; the self-pay part through the sandbox.
    await mine.locator('[part~="insurance-confirm-button"]').click();
    const pay = mine.locator('[part~="sandbox-pay-button"]');
    await pay.waitFor();
    assert.match((await pay.textContent())!, new RegExp(selfPay.toFixed(2).replace('.', '\\.')));
    await shot(page, `insurance-3-self-pay-${size.name}`);
    await pay.click();
    await mine.locator('[part~="status"]').filter({ hasText: /已支付|配药/ }).first().waitFor();
    await shot(page, `insurance-4-paid-${size.name}`);

    for (const url of patient.urls) assert.ok(!/ihkit-insurance-code|张伟|氨氯地平|高血压/.test(decodeURIComponent(url)), url);
    assert.deepEqual(patient.errors, []);
    await page.context().close();
  });
}

test('pay a follow-up consult’s fee through medical insurance with the split shown (phone)', async () => {
  const patient = await openAs(env, '/', 'zhangwei', { phone: true });
  const page = patient.page;
  await page.locator('a[href="#clinic"]').click();
  const clinic = page.locator('ih-clinic');
  await clinic.locator('[part~="option"]').filter({ hasText: '张伟' }).first().click();
  await clinic.locator('[part~="option"]').filter({ hasText: '原发性高血压' }).click();
  await clinic.locator('[part~="option"]').filter({ hasText: '周敏' }).click();
  await clinic.locator('[part~="complaint-input"]').fill('血压平稳，想复诊调整用药。');
  await clinic.locator('[part~="submit-button"]').click();

  // The pay step offers insurance beside the methods; chosen, the button goes to authorise.
  await clinic.locator('[part~="insurance-choice"] input').check();
  await shot(page, 'insurance-consult-1-chosen-phone');
  await clinic.locator('[part~="pay-button"]').filter({ hasText: '去医保授权' }).click();

  // Authorised, back on the consult it left from: the fee's split, before anything is settled.
  const { confirm, total, pooled, personal, selfPay } = await authorisedSplit(page, clinic);
  assert.equal(total, 50, 'the chief physician’s fee');
  // The fee above the ¥20 price limit is the patient's; of the ¥20, 60 % is the fund's.
  assert.equal(pooled, 12);
  assert.ok(selfPay >= 30, `self-pay ${selfPay}`);
  assert.equal(Math.round((pooled + personal + selfPay) * 100), 5000, 'they add up to the fee');
  await clinic.locator('[part~="split-item"]').filter({ hasText: '互联网复诊诊察费' }).waitFor();
  await confirm.scrollIntoViewIfNeeded();
  await shot(page, 'insurance-consult-2-split-phone', confirm);

  await clinic.locator('[part~="insurance-confirm-button"]').click();
  const pay = clinic.locator('[part~="sandbox-pay-button"]');
  await pay.waitFor();
  assert.match((await pay.textContent())!, new RegExp(selfPay.toFixed(2).replace('.', '\\.')));
  await shot(page, 'insurance-consult-3-self-pay-phone');
  await pay.click();
  await clinic.locator('[part~="status"]').filter({ hasText: '等待医生接诊' }).waitFor();
  await shot(page, 'insurance-consult-4-paid-phone');

  for (const url of patient.urls) assert.ok(!/ihkit-insurance-code|张伟|高血压|血压平稳/.test(decodeURIComponent(url)), url);
  assert.deepEqual(patient.errors, []);
  await page.context().close();
});
