/**
 * End to end: a remote consultation (远程会诊) across the demo network, each person on their own
 * hospital's staff console. 周敏 (home) asks 东县人民医院 about 张伟, whom she treats, with his
 * lab report attached; the county's admin (the coordinator) schedules it with the county's
 * doctor, who reads the attached report through the grant and signs the opinion on the demo
 * phone (these two through the API: the demo's identity provider has no county accounts);
 * 周敏 reads the signed opinion, its signer and its
 * certificate serial, and closes it. The reports are the home organization's in the demo (its
 * LIS), so the home doctor is the one who can attach one (docs/network.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';
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

  // The county's coordinator and expert: the demo's identity provider knows only the home
  // hospital's accounts, so they act through the API with the gateway's demo login.
  const admin = await apiAs(env, 'admin.east');
  const received = (await admin.call('GET', '/remote-consultations?side=received')).items;
  assert.equal(received.length, 1);
  const rc = received[0];
  assert.equal(rc.attachments[0].kind, 'lab-report');
  const directory = await admin.call('GET', '/remote-consultation-directory');
  const east = directory.organizations.find((o: { own: boolean }) => o.own).doctors[0].userId;
  await admin.call('POST', `/remote-consultations/${rc.id}/schedule`, { scheduledAt: new Date(Date.now() + 2 * 3_600_000).toISOString(), experts: [east] });
  const expert = await apiAs(env, 'dr.east');
  await expert.call('GET', `/lab-reports/${rc.attachments[0].id}`);
  const signed = expert.call('POST', `/remote-consultations/${rc.id}/opinion`, { opinion: '建议行冠脉 CTA；期间避免剧烈活动，症状加重即来院。' });
  const phone = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${env.demo.url}/demo/phone/sign/`);
  await confirmOnPhone(phone, 'remote-2-expert-phone');
  assert.equal((await signed).state, 'opinion-signed');

  // 周敏 reads the signed opinion (the list read again on switching back to her requests) and closes it.
  await mine.getByRole('tab', { name: '收到的' }).click();
  await mine.getByRole('tab', { name: '我发起的' }).click();
  await mine.locator('[part~="row-opinion-signed"]').waitFor();
  await mine.getByRole('button', { name: /^查看/ }).first().click();
  await mine.locator('[part~="opinion-verified"]').filter({ hasText: '签名验证通过' }).waitFor();
  // The signer as the practitioner registry names them (the county's doctor carries 周敏's HIS id in the demo).
  assert.match((await mine.locator('[part~="opinion-signer"]').textContent())!, /签名专家：\S+（执业证号 \d+）/);
  assert.match((await mine.locator('[part~="opinion-serial"]').textContent())!, /证书序列号：\S+/);
  assert.match((await mine.locator('[part~="opinion-text"]').textContent())!, /冠脉 CTA/);
  await shot(zhou.page, 'remote-4-opinion', mine);
  await mine.getByRole('button', { name: '结束会诊' }).click();
  await mine.locator('[part~="state"]').filter({ hasText: '已结束' }).waitFor();

  for (const { urls, errors } of [zhou]) {
    assert.ok(urls.every((u) => !decodeURIComponent(u).includes('张伟') && !decodeURIComponent(u).includes('胸闷')), 'no name or clinical text in any URL');
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  }
});
