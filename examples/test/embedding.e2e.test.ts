/**
 * The embedding modes and white-labelling, under the strict Content-Security-Policy every demo
 * page is served with: the vendor's page (/vendor/) uses its own tag prefix (lumen-), brand
 * tokens, ::part rules, strings and logo; books through a data-ih-open button (the modal mode),
 * reopens through the floating launcher in another language and the dark preset, and reads a
 * report and a CT series from a link — and the browser reports no CSP violation at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';
import { STRICT_CSP } from '../serve.mjs';

const env = demoAndBrowser();

/** Collects CSP violations as the page sees them (Chromium also logs each as a console error). */
function watchViolations() {
  const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
  document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
}
const violations = (page: import('playwright-core').Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('every demo page and bundle is served with the strict policy and the security headers', async () => {
  assert.match(STRICT_CSP, /script-src 'self';/);
  assert.doesNotMatch(STRICT_CSP, /unsafe-(inline|eval)/);
  for (const path of ['/', '/staff/', '/vendor/', '/ihkit/ihkit.js', '/ihkit/ihkit-booking.js', '/staff/staff.js']) {
    const res = await fetch(`${env.demo.url}${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-security-policy'), STRICT_CSP, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
    assert.match(res.headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/, path);
  }
});

test('a vendor’s white-labelled page books in a modal, reopens from the floating button in zh-TW and dark, and shows reports, with no CSP violation', async () => {
  const { page, errors, urls } = await openAs(env, '/vendor/', 'zhangwei', { initScript: watchViolations });

  // The vendor's prefix: lumen-* elements, and no ih-* definitions on the page.
  assert.equal(await page.evaluate(() => [!!customElements.get('lumen-booking'), !!customElements.get('ih-booking')].join()), 'true,false');
  // The host's html { font-size: 13px } does not shrink the widgets; the vendor's token sets 15px.
  const launcherButton = page.locator('lumen-launcher [part~="button"]');
  assert.equal(await launcherButton.evaluate((b) => getComputedStyle(b).fontSize), '15px');

  // The modal mode: a plain button with data-ih-open.
  const opener = page.getByRole('button', { name: '预约挂号', exact: true });
  await opener.click();
  const modal = page.locator('lumen-modal').filter({ has: page.locator('lumen-booking') });
  const dialog = modal.getByRole('dialog', { name: '明仁 · 预约挂号' }); // the vendor's string
  await dialog.waitFor();
  const booking = modal.locator('lumen-booking');
  await booking.getByRole('button', { name: /心血管内科/ }).click();
  await booking.getByRole('button', { name: /周敏/ }).click();
  await booking.getByRole('radiogroup', { name: '就诊日期' }).getByRole('radio', { name: /可预约/ }).last().click();
  await booking.getByRole('radio', { name: /剩余/ }).first().click();
  await booking.getByRole('button', { name: /张伟/ }).click();
  await booking.getByRole('button', { name: '确认预约' }).click();
  await booking.getByRole('heading', { name: '挂号完成，请按时到院' }).waitFor(); // the vendor's string
  await page.locator('#last-booked').filter({ hasText: '挂号单号' }).waitFor();
  const booked = (await page.locator('#last-booked').textContent())!;
  assert.match(booked, /^已预约，挂号单号 GH\d{8}-\d{4}$/, 'the page saw ih-booked and showed the hospital\'s number, not the id');
  await shot(page, 'vendor-1-booked');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '预约挂号', 'focus back on the opener');

  // Live: Traditional Chinese and the dark preset, then the floating button.
  await page.locator('#language').selectOption('zh-TW');
  await page.locator('#theme').selectOption('dark');
  await launcherButton.getByText('明仁 · 預約掛號').waitFor();
  await launcherButton.click();
  const twDialog = modal.getByRole('dialog', { name: '明仁 · 預約掛號' });
  await twDialog.waitFor();
  await booking.getByRole('heading', { name: '掛號完成，請準時到院' }).waitFor(); // as it was left, now in zh-TW
  // The hospital's department, asked for again in zh-TW, in Traditional characters (the doctor's name as the HIS holds it).
  await booking.locator('[part~="summary"]').getByText('心血管內科').waitFor();
  await booking.locator('[part~="summary"]').getByText('周敏').waitFor();
  const background = await twDialog.evaluate((d) => getComputedStyle(d).backgroundColor);
  assert.equal(background, 'rgb(18, 26, 36)', 'the dark preset reaches the open dialog');
  await shot(page, 'vendor-2-zh-TW-dark');
  await twDialog.getByRole('button', { name: '關閉' }).click();
  await twDialog.waitFor({ state: 'hidden' });

  // A link with data-ih-open: reports, a lazily loaded chunk, then the viewer's chunk and frames (blob: images).
  await page.locator('#language').selectOption('zh-CN');
  await page.getByRole('link', { name: '检查报告' }).click();
  const reports = page.locator('lumen-modal lumen-reports');
  await reports.getByRole('button', { name: /张伟/ }).click();
  await reports.locator('[part~="report"]').filter({ hasText: '空腹血糖' }).first().waitFor();
  await reports.getByRole('tab', { name: '影像检查' }).click();
  const study = reports.locator('[part~="study"]').filter({ hasText: '上腹部 CT' });
  await study.locator('img[part~="thumbnail"]').first().waitFor();
  await study.locator('[part~="series"]').filter({ hasText: '平扫' }).first().click();
  await reports.locator('[part~="frame-counter"]').filter({ hasText: /1\s*\/\s*20/ }).waitFor();
  await reports.locator('[part~="viewer-canvas"]').focus();
  await page.keyboard.press('ArrowDown');
  await reports.locator('[part~="frame-counter"]').filter({ hasText: /2\s*\/\s*20/ }).waitFor();
  await shot(page, 'vendor-3-reports');

  assert.deepEqual(await violations(page), [], 'no CSP violation');
  assert.deepEqual(errors, []);
  assert.equal(new URL(page.url()).hash, '', 'the links were not followed');
  for (const u of urls) assert.ok(!decodeURIComponent(u).includes('张伟'), `${u} carries a name`);
});

test('the portal and the staff console work under the same policy (the staff elements load as chunks)', async () => {
  const patient = await openAs(env, '/', 'zhangwei', { initScript: watchViolations });
  await patient.page.locator('ih-booking').getByRole('button', { name: /心血管内科/ }).waitFor();
  await patient.page.locator('ih-prescriptions [part~="base"], ih-prescriptions [part~="empty"], ih-prescriptions [part~="item"]').first().waitFor();
  const doctor = await openAs(env, '/staff/', 'dr.zhou', { initScript: watchViolations });
  await doctor.page.locator('ih-doctor-desk').getByRole('heading').first().waitFor();
  const pharmacist = await openAs(env, '/staff/', 'ph.sun', { initScript: watchViolations });
  await pharmacist.page.locator('ih-pharmacist-review').getByRole('heading').first().waitFor();
  for (const p of [patient, doctor, pharmacist]) {
    assert.deepEqual(await violations(p.page), []);
    assert.deepEqual(p.errors, []);
  }
});
