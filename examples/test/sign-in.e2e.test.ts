/**
 * End to end, a doctor's working session through the hospital's identity provider, in Debian's
 * Chromium against the demo as `npm start` runs it: the staff console's "Sign in" goes to the
 * provider's own page (oidc-provider at /oidc: Authorization Code flow with PKCE by
 * oidc-client-ts), which offers the staff accounts only; back in the console the doctor takes a
 * consult and writes a prescription while the page refreshes its short-lived access token by
 * itself; signing needs a recent sign-in, so the editor asks the doctor to confirm it is them in
 * the provider's window and then signs what they wrote, once; signing out ends the provider's
 * session and revokes the refresh token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { consultThroughApi, demoAndBrowser, openAs, pageToken, shot } from './demo-browser.js';

// Access tokens of 70 s: oidc-client-ts renews 60 s before expiry, so within ~10 s. Signing
// needs a sign-in within the last minute.
const env = demoAndBrowser({ IHKIT_DEMO_TOKEN_SECONDS: '70', IHKIT_REAUTH_TO_SIGN_MINUTES: '1' });

test('a doctor signs in at the provider’s page, works, refreshes, confirms it is them to sign, and signs out', async () => {
  await consultThroughApi(env, { complaint: '血压平稳，想续开降压药。' });
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));

  // The console's "Sign in" goes to the identity provider, which offers staff accounts only.
  await page.goto(`${env.demo.url}/staff/`);
  await page.locator('ih-doctor-desk').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '选择演示账号登录' }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/oidc\/interaction\//);
  await page.getByText('登录后返回：医护工作台').waitFor();
  assert.equal(await page.getByRole('button', { name: /张伟/ }).count(), 0, 'no patient account at the staff console');
  await shot(page, 'oidc-1-provider');
  const signInStarted = Date.now();
  await page.getByRole('button', { name: /周敏/ }).click();

  // Back in the console, signed in as the HIS's 周敏; the code is gone from the address.
  await page.locator('#who').getByText('周敏').waitFor();
  assert.equal(new URL(page.url()).search, '');
  const first = (await pageToken(page))!;
  const claims = decodeJwt(first);
  assert.equal(claims.ihkit_role, 'doctor');
  assert.equal(claims.aud, `${env.demo.url}/api`);
  assert.ok(!('name' in decodeJwt((await page.evaluate(() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))!)!).id_token)) as string)), 'the ID token (in the sign-out URL) names nobody');

  // Works: takes the consult on and writes a prescription.
  const desk = page.locator('ih-doctor-desk');
  await desk.locator('[part~="queue-item"]').filter({ hasText: '张伟' }).first().click();
  await desk.locator('[part~="accept-button"]').click();
  const editor = page.locator('ih-prescription-editor');
  await editor.locator('[part~="search-input"]').fill('氨氯地平');
  await editor.locator('[part~="search-option"]').first().click();
  await editor.locator('[part~="submit-button"][aria-disabled="false"]').waitFor();

  // The page refreshes its access token by itself (refresh token grant), and keeps working with the new one.
  let refreshed = first;
  for (let i = 0; i < 300 && refreshed === first; i++) {
    await page.waitForTimeout(100);
    refreshed = (await pageToken(page))!;
  }
  assert.notEqual(refreshed, first, 'a new access token');
  assert.equal(decodeJwt(refreshed).auth_time, claims.auth_time, 'a refresh is no new sign-in');
  assert.equal(decodeJwt(refreshed).sub, claims.sub);
  const [request] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/api/drug-search')), editor.locator('[part~="search-input"]').fill('阿司匹林')]);
  assert.equal(request.headers().authorization, `Bearer ${refreshed}`, 'the elements send the new token');
  await editor.locator('[part~="search-input"]').fill('');

  // A minute after signing in, signing asks the doctor to confirm it is them.
  await page.waitForTimeout(Math.max(0, signInStarted + 62_000 - Date.now()));
  const submit = editor.locator('[part~="submit-button"]');
  await submit.click();
  await editor.getByText(/签名前请确认是您本人/).waitFor();
  await submit.filter({ hasText: '验证身份并签名' }).waitFor();
  assert.equal(await page.locator('#who').textContent(), '周敏', 'still signed in');
  await shot(page, 'oidc-2-confirm');

  // The provider's window asks for this account only; the prescription is signed once, as written.
  const [popup] = await Promise.all([page.waitForEvent('popup'), submit.click()]);
  await popup.getByRole('heading', { name: '请确认是您本人' }).waitFor();
  assert.equal(await popup.locator('button[name=account]').count(), 1);
  await popup.getByRole('button', { name: /以 周敏 的身份继续/ }).click();
  await popup.waitForEvent('close');
  await editor.getByText('处方已签名提交，等待药师审核。').waitFor();
  await editor.getByText('氨氯地平').first().waitFor();
  const signedWith = (await pageToken(page))!;
  assert.ok((decodeJwt(signedWith).auth_time as number) > (claims.auth_time as number), 'a fresh authentication');
  const rows = (await env.demo.db.query("SELECT count(*)::int AS n FROM prescriptions WHERE status = 'pending_review'")) as { rows: Array<{ n: number }> };
  assert.equal(rows.rows[0]!.n, 1, 'signed once');

  // Signing out: the provider asks, ends its session, and the page is signed out; the refresh
  // token no longer works, and the next sign-in asks which account again.
  const refreshToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'))!)!).refresh_token as string);
  await page.getByRole('button', { name: '退出' }).click();
  await page.getByRole('heading', { name: '退出登录' }).waitFor();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.locator('#signin').waitFor();
  assert.equal(new URL(page.url()).pathname, '/staff/');
  assert.equal(await page.locator('#who').textContent(), '');
  assert.equal(await pageToken(page), undefined);
  const refresh = await fetch(`${env.demo.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'ihkit-staff' }),
  });
  assert.equal(refresh.status, 400, 'the refresh token was revoked');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '选择演示账号登录' }).waitFor();

  // Nothing about the person in any URL the page asked for (the ID token hint is opaque).
  for (const url of urls) assert.doesNotMatch(decodeURIComponent(url), /周敏|张伟|ihkit_doctor_id/, url);
  assert.deepEqual(errors, []);
  await context.close();
});

test('openAs signs every kind of account in through the provider, each at its own page', async () => {
  const pharmacist = await openAs(env, '/staff/', 'ph.sun');
  await pharmacist.page.locator('#who').getByText('孙悦').waitFor();
  await pharmacist.page.locator('ih-pharmacist-review').waitFor();
  const patient = await openAs(env, '/', 'lina');
  await patient.page.locator('#who').getByText('李娜').waitFor();
  assert.equal(decodeJwt((await pageToken(patient.page))!).ihkit_role, 'patient');
  assert.deepEqual([...pharmacist.errors, ...patient.errors], []);
  await pharmacist.page.context().close();
  await patient.page.context().close();
});
