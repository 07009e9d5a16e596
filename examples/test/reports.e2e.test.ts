/**
 * End to end: lab and imaging reports through the example portal, and a critical result
 * reaching the ordering doctor's desk. The gateway runs as `npm start` runs it, with a real
 * Orthanc PACS (DICOMweb) behind it holding a CT study made for the demo patient 张伟 with the
 * radiologist's report as a DICOM SR, and a chest film not reported yet, and its HL7 v2
 * listener taking the laboratory's result over MLLP.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { demoAccounts, sendMllp } from '@ihkit/adapters';
import { startOrthanc } from '../../scripts/orthanc.mjs';
import { makeStudy } from '../../scripts/dicom-samples.mjs';
import type { Locator, Page } from 'playwright-core';
import { consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';
import { logFile } from './e2e-logs.js';

const zhangWei = demoAccounts.find((a) => a.username === 'zhangwei')!.patientId!;
const drZhou = demoAccounts.find((a) => a.username === 'dr.zhou')!.doctorId!;
let orthanc: Awaited<ReturnType<typeof startOrthanc>> | undefined;
let samples: Awaited<ReturnType<typeof makeStudy>> | undefined;

/** The CT's report as the reporting system stored it (a Basic Text SR, verified). */
const CT_REPORT = {
  status: 'final',
  findings: '肝脏大小、形态正常，肝实质密度弥漫性减低。\n胆囊、胰腺、脾脏及双肾未见异常。',
  impression: '1. 脂肪肝（轻度）。\n2. 余上腹部 CT 平扫未见明显异常。',
  author: '赵^文博', verifier: '刘^建华', written: '2026-10-30T11:20', verified: '2026-10-30T15:05',
};

// Before the demo starts: the PACS, with a 2-series CT of 张伟's and its report, and a chest film awaiting one.
const env = demoAndBrowser(async () => {
  orthanc = await startOrthanc({ logFile: logFile('orthanc') });
  samples = await makeStudy({ patientId: zhangWei, patientName: '张^伟', size: 128, studies: [
    { description: '上腹部 CT 平扫', modality: 'CT', date: '2026-10-30T09:30', accession: 'E2E1001', series: [{ description: '平扫', slices: 6 }, { description: '冠状位重建', slices: 2 }], reports: [CT_REPORT] },
    { description: '胸部正位片', modality: 'DX', date: '2026-11-02T08:10', accession: 'E2E1002', series: [{ description: '后前位', slices: 1 }] },
  ] });
  for (const f of samples.files) await orthanc.upload(f);
  return { IHKIT_DICOMWEB_URL: orthanc.dicomWebUrl };
});
after(async () => {
  await orthanc?.stop();
  if (samples) rmSync(samples.dir, { recursive: true, force: true });
});

/** The laboratory's ORU^R01 for 张伟's electrolytes ordered by 周敏: potassium `k` (HH), as a LIS sends it. */
function criticalPotassium(order: string, k: string): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  return [
    `MSH|^~\\&|LIS|CHENGDONG-LAB|IHKIT|CHENGDONG|${stamp}||ORU^R01^ORU_R01|${order}|P|2.5.1|||||||||UNICODE UTF-8`,
    `PID|1||${zhangWei}^^^CHENGDONG^PI`,
    `ORC|RE|P${order}|F${order}|||||||||${drZhou}`,
    `OBR|1|P${order}|F${order}|24326-1^电解质^LN^^Electrolytes|||${stamp}||||||||||${drZhou}||||||${stamp}|||F`,
    `OBX|1|NM|2823-3^钾^LN^^Potassium||${k}|mmol/L|3.5-5.3|HH|||F`,
  ].join('\r');
}

/** Whether the locator's box lies wholly inside the page's window. */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

test('a patient reads a lab report with its flags and trend, then a CT study\'s report and its images from the PACS', async () => {
  const { page, errors, urls } = await openAs(env, '/', 'zhangwei');
  const reports = page.locator('ih-reports');
  await reports.scrollIntoViewIfNeeded();
  // 张伟 acts for his family too: he chooses himself.
  await reports.getByRole('button', { name: /张伟/ }).click();

  // Lab: his latest fasting glucose is high, flagged in words, not colour alone.
  const glucose = reports.locator('[part~="report"]').filter({ hasText: '空腹血糖' }).first();
  await glucose.waitFor();
  await glucose.click();
  await reports.locator('[part~="results"]').waitFor();
  const row = reports.locator('[part~="result"]').filter({ hasText: '空腹血糖' });
  assert.match((await row.getAttribute('part'))!, /result-abnormal/);
  assert.match((await row.locator('[part~="flag"]').textContent())!, /↑\s*偏高/);
  assert.match((await row.textContent())!, /3\.9[-–]6\.1/);

  // Its trend across his four visits, oldest first.
  await row.locator('[part~="trend-button"]').click();
  await reports.locator('[part~="trend-chart"]').waitFor();
  assert.equal(await reports.locator('[part~="trend-point"]').count(), 4);
  await shot(page, 'reports-1-trend');

  // Imaging: the study in Orthanc, its report (read from the SR) first, then a thumbnail per series.
  await reports.getByRole('tab', { name: '影像检查' }).click();
  const study = reports.locator('[part~="study"]').filter({ hasText: '上腹部 CT 平扫' });
  await study.waitFor();
  const report = study.locator('[part~="imaging-report"]');
  assert.deepEqual(await report.locator('dt').allInnerTexts(), ['检查所见', '诊断意见']);
  assert.equal(await report.locator('[part~="report-findings"]').innerText(), CT_REPORT.findings);
  assert.equal(await report.locator('[part~="report-impression"]').innerText(), CT_REPORT.impression);
  assert.deepEqual(await report.locator('[part~="report-signature"] > span').allInnerTexts(), ['报告医师：赵文博', '审核医师：刘建华', '报告时间：2026年10月30日周五 15:05']);
  assert.equal(await study.locator('[part~="badge-status"]').count(), 0, 'a verified report is not marked preliminary');
  const film = reports.locator('[part~="study"]').filter({ hasText: '胸部正位片' });
  assert.match(await film.locator('[part~="report-pending"]').innerText(), /^报告尚未出具/);
  const thumbs = study.locator('img[part~="thumbnail"]');
  await thumbs.first().waitFor();
  assert.equal(await thumbs.count(), 2, 'the report\'s SR is not a series of images');
  await page.waitForFunction(() => {
    const imgs = [...document.querySelector('ih-reports')!.shadowRoot!.querySelectorAll<HTMLImageElement>('img[part~="thumbnail"]')];
    return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
  await shot(page, 'reports-2-imaging-report');

  // The viewer: six slices; the arrow key moves through them and each is drawn.
  await study.locator('[part~="series"]').filter({ hasText: '平扫' }).first().click();
  const counter = reports.locator('[part~="frame-counter"]');
  await counter.filter({ hasText: /1\s*\/\s*6/ }).waitFor();
  const pixels = () => page.evaluate(() => {
    const c = document.querySelector('ih-reports')!.shadowRoot!.querySelector<HTMLCanvasElement>('[part~="viewer-canvas"]')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i]!;
    return sum;
  });
  await page.waitForFunction(() => {
    const c = document.querySelector('ih-reports')!.shadowRoot!.querySelector<HTMLCanvasElement>('[part~="viewer-canvas"]');
    return !!c && c.width > 0 && c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 0 && v > 0);
  });
  const first = await pixels();
  await reports.locator('[part~="viewer-canvas"]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await counter.filter({ hasText: /3\s*\/\s*6/ }).waitFor();
  await page.waitForFunction((before) => {
    const c = document.querySelector('ih-reports')!.shadowRoot!.querySelector<HTMLCanvasElement>('[part~="viewer-canvas"]')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i]!;
    return sum !== before;
  }, first);
  await shot(page, 'reports-2-viewer');

  const frames = urls.filter((u) => /\/frames\/\d+$/.test(u));
  assert.ok(frames.length >= 3, 'frames were fetched through the gateway');
  assert.ok(urls.every((u) => !u.includes('110105') && !decodeURIComponent(u).includes('张伟')), 'no ID number or name in any URL');
  assert.ok(urls.every((u) => !decodeURIComponent(u).includes('脂肪肝')), 'no report text in any URL');
  assert.ok(urls.every((u) => !u.startsWith(orthanc!.url)), 'the browser never talks to the PACS');
  assert.deepEqual(errors, []);
});

test('a critical result sent by the laboratory appears on the ordering doctor\'s desk at once and is acknowledged', async () => {
  const { page, errors } = await openAs(env, '/staff/', 'dr.zhou');
  const desk = page.locator('ih-doctor-desk');
  await desk.locator('[part~="heading"]').first().waitFor();
  await page.waitForTimeout(300); // the desk's live connection is up

  const sent = performance.now();
  assert.match(await sendMllp(env.demo.mllpPort!, '127.0.0.1', criticalPotassium('E2E-K-1', '6.8')), /MSA\|AA\|E2E-K-1/);
  const alert = desk.locator('[part~="alert-item"]').filter({ hasText: '张伟' });
  await alert.waitFor({ timeout: 5000 });
  const shownAfterMs = performance.now() - sent;
  assert.match((await alert.textContent())!.replace(/\s+/g, ' '), /钾 6\.8 mmol\/L ↑↑ 危急偏高/);
  await shot(page, 'reports-3-alert');
  console.log(`# critical result on the desk ${shownAfterMs.toFixed(0)} ms after the ORU^R01 was sent`);

  await alert.getByRole('button', { name: '已知悉' }).click();
  await alert.locator('[part~="alert-acknowledged"]').filter({ hasText: /周敏已于 \d\d:\d\d 确认/ }).waitFor();
  assert.deepEqual(errors, []);
});

test('a critical value that arrives while the doctor is typing in a consult is held on screen, in the title, and the patient is told what to do', async () => {
  await consultThroughApi(env, { complaint: '最近血压偏高，偶尔心慌。', accept: true });
  const { page, errors, urls } = await openAs(env, '/staff/', 'dr.zhou');
  const desk = page.locator('ih-doctor-desk');
  const ownTitle = await page.title();
  await desk.locator('[part~="queue-item"]').filter({ hasText: '张伟' }).click();
  const input = desk.locator('[part~="message-input"]');
  await input.waitFor();
  // The doctor is down in the conversation, typing, as doctors are.
  await desk.locator('[part~="conversation"]').evaluate((c) => c.scrollIntoView({ block: 'start' }));
  await input.click();
  await input.pressSequentially('血钾');
  await page.waitForTimeout(300); // the desk's live connection is up

  assert.match(await sendMllp(env.demo.mllpPort!, '127.0.0.1', criticalPotassium('E2E-K-2', '7.1')), /MSA\|AA\|E2E-K-2/);
  const banner = desk.locator('[part~="alert-banner"]');
  await banner.waitFor({ state: 'visible', timeout: 5000 });
  await assert.doesNotReject(page.waitForFunction(() => document.title.startsWith('(1) 危急值 · ')), 'the title counts it');
  assert.match((await banner.textContent())!.replace(/\s+/g, ' '), /张伟 · 钾 7\.1 mmol\/L ↑↑ 危急偏高/);
  assert.ok(await onScreen(page, banner), 'the banner is on screen where the doctor is');
  assert.ok(await onScreen(page, desk.locator('[part~="send-button"]')), 'the send button is still on screen');
  assert.equal(await page.title(), `(1) 危急值 · ${ownTitle}`);
  // Focus stayed in the composer: the doctor's typing goes on where it was.
  await page.keyboard.type('偏高');
  assert.equal(await input.inputValue(), '血钾偏高');
  await shot(page, 'reports-4-banner-desktop');

  // On a phone the banner is on screen too.
  await page.setViewportSize({ width: 390, height: 844 });
  await desk.locator('[part~="conversation"]').evaluate((c) => c.scrollIntoView({ block: 'start' }));
  await page.waitForFunction(() => {
    const b = document.querySelector('ih-doctor-desk')!.shadowRoot!.querySelector('[part~="alert-banner"]')!.getBoundingClientRect();
    return b.height > 0 && b.top >= 0 && b.bottom <= innerHeight;
  });
  await shot(page, 'reports-5-banner-phone');

  await banner.getByRole('button', { name: '已知悉' }).click();
  await banner.waitFor({ state: 'detached' });
  await page.waitForFunction((t) => document.title === t, ownTitle);
  assert.equal(await input.inputValue(), '血钾偏高');
  assert.ok(urls.every((u) => !decodeURIComponent(u).includes('张伟')), 'no name in any URL');
  assert.deepEqual(errors, []);

  // 张伟 opens the report: next to the value, what it means and what to do now.
  const patient = await openAs(env, '/', 'zhangwei');
  const reports = patient.page.locator('ih-reports');
  await reports.scrollIntoViewIfNeeded();
  await reports.getByRole('button', { name: /张伟/ }).click();
  await reports.locator('[part~="report"]').filter({ hasText: '电解质' }).first().click();
  const guidance = reports.locator('[part~="critical-guidance"]');
  await guidance.waitFor();
  const said = (await guidance.textContent())!.replace(/\s+/g, ' ');
  assert.match(said, /钾 (7\.1|6\.8) mmol\/L ↑↑ 危急偏高/);
  assert.match(said, /医院已将这一结果通知您的医生。/);
  assert.match(said, /现在请尽快联系您的医生或医院。/);
  assert.match(said, /急诊.*120/);
  await shot(patient.page, 'reports-6-patient-guidance');
  assert.deepEqual(patient.errors, []);
});
