/**
 * End to end: a remote consultation (远程会诊) across the demo network, each person on their own
 * hospital's staff console. 周敏 (home) asks 东县人民医院 about 张伟, whom she treats, with his
 * lab report attached; the county's admin (the coordinator, on a phone) schedules it with the
 * county's doctor; the county's doctor reads the attached report through the grant, writes the
 * opinion and signs it on the demo phone; 周敏 reads the signed opinion, its signer and its
 * certificate serial, and closes it. The reports are the home organization's in the demo (its
 * LIS), so the home doctor is the one who can attach one (docs/network.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';
import { confirmOnPhone } from './demo-phone.js';

// The reference CA waits for the expert to confirm on the demo phone.
const env = demoAndBrowser({ IHKIT_LOCAL_CA_CONFIRM: 'device' });

test('request with a lab report → scheduled by the county’s coordinator → opinion signed on the phone → read and closed', async () => {
  await consultThroughApi(env, { complaint: '近三天活动后胸闷。', accept: true });

  // 周敏 asks the county hospital, attaching 张伟's lab report.
  const zhou = await openAs(env, '/staff/', 'dr.zhou');
  const mine = zhou.page.locator('ih-remote-consultations');
  await mine.locator('[part~="new-button"]').click();
  await mine.getByLabel('患者').fill('张伟');
  await mine.getByRole('button', { name: '查找' }).click();
  const match = mine.locator('[part~="match"]').filter({ hasText: '张伟' }).first();
  await match.click();
  assert.equal(await match.getAttribute('aria-pressed'), 'true');
  await mine.locator('[part~="organization-select"]').selectOption('county-east');
  await mine.getByLabel('会诊目的与问题').fill('活动后胸闷三天，心电图未见明显异常，请协助评估是否需冠脉检查。');
  await mine.getByLabel('加急').check();
  const lab = mine.locator('label').filter({ hasText: '检验报告' }).first();
  await lab.waitFor();
  await lab.locator('input').check();
  await shot(zhou.page, 'remote-1-request', mine);
  await mine.getByRole('button', { name: '提交申请' }).click();
  await mine.locator('[part~="done"]').filter({ hasText: '会诊申请已提交' }).waitFor();
  await mine.locator('[part~="row-requested"]').filter({ hasText: '东县人民医院' }).waitFor();

  // The county's admin, on a phone, schedules it with the county's doctor.
  const admin = await openAs(env, '/staff/', 'admin.east', { phone: true });
  const worklist = admin.page.locator('ih-remote-consultations');
  await worklist.locator('[part~="row-requested"]').filter({ hasText: '城东人民医院' }).waitFor();
  await worklist.getByRole('button', { name: /^查看/ }).first().click();
  const at = await admin.page.evaluate(() => {
    const d = new Date(Date.now() + 2 * 3_600_000);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  });
  await worklist.getByLabel('会诊时间').fill(at);
  await worklist.locator('[part~="expert-toggle"]').first().check();
  await shot(admin.page, 'remote-2-schedule-phone');
  await worklist.getByRole('button', { name: '确认安排' }).click();
  await worklist.locator('[part~="state"]').filter({ hasText: '已安排' }).waitFor();

  // The county's doctor reads the attached report, writes the opinion and signs it on the phone.
  const expert = await openAs(env, '/staff/', 'dr.east');
  const theirs = expert.page.locator('ih-remote-consultations');
  await theirs.getByRole('tab', { name: '收到的' }).click();
  await theirs.locator('[part~="row-scheduled"]').waitFor();
  await theirs.getByRole('button', { name: /^查看/ }).first().click();
  await theirs.locator('[part~="attachment-button"]').first().click();
  await theirs.locator('[part~="attachment-content"]').waitFor();
  await theirs.getByLabel('会诊意见内容').fill('建议行冠脉 CTA；期间避免剧烈活动，症状加重即来院。');
  await theirs.getByRole('button', { name: '签名并提交' }).click();
  await theirs.locator('[part~="sign-on-phone"]').filter({ hasText: '请在手机上确认签名' }).waitFor();
  await shot(expert.page, 'remote-3-sign-on-phone', theirs);
  const phone = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${env.demo.url}/demo/phone/sign/`);
  await confirmOnPhone(phone, 'remote-3-expert-phone');
  await theirs.locator('[part~="opinion-text"]').waitFor({ timeout: 20_000 });

  // 周敏 reads the signed opinion (the list read again on switching back to her requests) and closes it.
  await mine.getByRole('tab', { name: '收到的' }).click();
  await mine.getByRole('tab', { name: '我发起的' }).click();
  await mine.locator('[part~="row-opinion-signed"]').waitFor();
  await mine.getByRole('button', { name: /^查看/ }).first().click();
  await mine.locator('[part~="opinion-verified"]').filter({ hasText: '签名验证通过' }).waitFor();
  assert.match((await mine.locator('[part~="opinion-signer"]').textContent())!, /东县人民医院医生/);
  assert.match((await mine.locator('[part~="opinion-serial"]').textContent())!, /证书序列号：\S+/);
  assert.match((await mine.locator('[part~="opinion-text"]').textContent())!, /冠脉 CTA/);
  await shot(zhou.page, 'remote-4-opinion', mine);
  await mine.getByRole('button', { name: '结束会诊' }).click();
  await mine.locator('[part~="state"]').filter({ hasText: '已结束' }).waitFor();

  for (const { urls, errors } of [zhou, admin, expert]) {
    assert.ok(urls.every((u) => !decodeURIComponent(u).includes('张伟') && !decodeURIComponent(u).includes('胸闷')), 'no name or clinical text in any URL');
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  }
});
