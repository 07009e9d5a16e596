/**
 * End to end: lab and imaging reports through the example portal, and a critical result
 * reaching the ordering doctor's desk. The gateway runs as `npm start` runs it, with a real
 * Orthanc PACS (DICOMweb) behind it holding a CT study made for the demo patient 张伟, and
 * its HL7 v2 listener taking the laboratory's result over MLLP.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { demoAccounts, sendMllp } from '@ihkit/adapters';
import { startOrthanc } from '../../scripts/orthanc.mjs';
import { makeStudy } from '../../scripts/dicom-samples.mjs';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';
import { logFile } from './e2e-logs.js';

const zhangWei = demoAccounts.find((a) => a.username === 'zhangwei')!.patientId!;
const drZhou = demoAccounts.find((a) => a.username === 'dr.zhou')!.doctorId!;
let orthanc: Awaited<ReturnType<typeof startOrthanc>> | undefined;
let samples: Awaited<ReturnType<typeof makeStudy>> | undefined;

// Before the demo starts: the PACS, with a 2-series CT of 张伟's.
const env = demoAndBrowser(async () => {
  orthanc = await startOrthanc({ logFile: logFile('orthanc') });
  samples = await makeStudy({ patientId: zhangWei, patientName: '张^伟', size: 128, studies: [
    { description: '上腹部 CT 平扫', modality: 'CT', date: '2026-10-30T09:30', accession: 'E2E1001', series: [{ description: '平扫', slices: 6 }, { description: '冠状位重建', slices: 2 }] },
  ] });
  for (const f of samples.files) await orthanc.upload(f);
  return { IHKIT_DICOMWEB_URL: orthanc.dicomWebUrl };
});
after(async () => {
  await orthanc?.stop();
  if (samples) rmSync(samples.dir, { recursive: true, force: true });
});

test('a patient reads a lab report with its flags and trend, then scrolls through a CT study from the PACS', async () => {
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

  // Imaging: the study in Orthanc, with a thumbnail per series.
  await reports.getByRole('tab', { name: '影像检查' }).click();
  const study = reports.locator('[part~="study"]').filter({ hasText: '上腹部 CT 平扫' });
  await study.waitFor();
  const thumbs = study.locator('img[part~="thumbnail"]');
  await thumbs.first().waitFor();
  assert.equal(await thumbs.count(), 2);
  await page.waitForFunction(() => {
    const imgs = [...document.querySelector('ih-reports')!.shadowRoot!.querySelectorAll<HTMLImageElement>('img[part~="thumbnail"]')];
    return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });

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
  assert.ok(urls.every((u) => !u.startsWith(orthanc!.url)), 'the browser never talks to the PACS');
  assert.deepEqual(errors, []);
});

test('a critical result sent by the laboratory appears on the ordering doctor\'s desk at once and is acknowledged', async () => {
  const { page, errors } = await openAs(env, '/staff/', 'dr.zhou');
  const desk = page.locator('ih-doctor-desk');
  await desk.locator('[part~="heading"]').first().waitFor();
  await page.waitForTimeout(300); // the desk's live connection is up

  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  const message = [
    `MSH|^~\\&|LIS|CHENGDONG-LAB|IHKIT|CHENGDONG|${stamp}||ORU^R01^ORU_R01|E2E-K-1|P|2.5.1|||||||||UNICODE UTF-8`,
    `PID|1||${zhangWei}^^^CHENGDONG^PI`,
    `ORC|RE|PE2E1|FE2E1|||||||||${drZhou}`,
    `OBR|1|PE2E1|FE2E1|24326-1^电解质^LN^^Electrolytes|||${stamp}||||||||||${drZhou}||||||${stamp}|||F`,
    `OBX|1|NM|2823-3^钾^LN^^Potassium||6.8|mmol/L|3.5-5.3|HH|||F`,
  ].join('\r');
  const sent = performance.now();
  assert.match(await sendMllp(env.demo.mllpPort!, '127.0.0.1', message), /MSA\|AA\|E2E-K-1/);
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
