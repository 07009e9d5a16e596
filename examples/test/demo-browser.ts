/**
 * What every end-to-end test starts from: the demo hospital as `npm start` runs it (on a
 * fresh embedded database) and Debian's Chromium, both closed after the file's tests.
 */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page, WebSocketRoute } from 'playwright-core';
import type { GatewayOptions } from '@ihkit/gateway';
import { demoSubject } from '@ihkit/adapters';
import { startDemo } from '../serve.mjs';
import { launchChromium, logStream } from './e2e-logs.js';

export interface DemoAndBrowser {
  /** `db`: the demo's database (to put in what only the hospital's systems would hold). */
  demo: { url: string; mllpPort?: number; db: { query(sql: string, params?: unknown[]): Promise<unknown> }; close(): Promise<void> };
  browser: Browser;
}

/**
 * Registers before/after hooks; the returned object is filled in once they have run. `extraEnv`
 * adds gateway settings (or makes them first, e.g. after starting a PACS), `extraArgs` Chromium
 * switches (fake camera and microphone, say), `gateway` gateway options (an HIS adapter, say).
 * The gateway's and the browser's logs go to the run's log directory (e2e-logs.ts).
 */
export function demoAndBrowser(extraEnv: Record<string, string> | (() => Promise<Record<string, string>>) = {}, extraArgs: string[] = [], gateway: GatewayOptions = {}): DemoAndBrowser {
  const env = {} as DemoAndBrowser;
  let gatewayLog: WriteStream | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ihkit-e2e-'));
  before(async () => {
    const settings = typeof extraEnv === 'function' ? await extraEnv() : extraEnv;
    // The gateway logs everything down to debug into the run's log directory (scanned for personal data).
    gatewayLog = logStream('gateway');
    env.demo = await startDemo(
      // The reference CA signs at once unless a test plays the signer's phone (IHKIT_LOCAL_CA_CONFIRM: 'device');
      // a booking is made at once unless a test pays its registration fee (IHKIT_BOOKING_HOLD_MINUTES, booking-fees.e2e.test.ts).
      { PORT: '0', IHKIT_BOOKING_HOLD_MINUTES: '0', IHKIT_DATA_DIR: dataDir, IHKIT_JWT_SECRET: 'e2e-secret-0123456789abcdef0123456789', IHKIT_MLLP_PORT: '0', IHKIT_LOCAL_CA_DIR: join(dataDir, 'local-ca'), IHKIT_LOCAL_CA_CONFIRM: 'auto', ...settings },
      { ...gateway, logger: { level: 'debug', stream: gatewayLog } },
    );
    env.browser = await launchChromium(extraArgs);
  });
  after(async () => {
    await env.browser?.close();
    await env.demo?.close();
    gatewayLog?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return env;
}

/**
 * Saves a full-page screenshot into IHKIT_E2E_SHOTS, when that is set; with `of`, that element
 * only. On a PHONE take an element: a full-page screenshot briefly turns the emulated touch
 * screen into a mouse, and the elements redraw their mouse instructions for it.
 */
export async function shot(page: Page, name: string, of?: Locator): Promise<void> {
  const dir = process.env.IHKIT_E2E_SHOTS;
  if (!dir) return;
  const path = join(dir, `${name}.png`);
  await (of ? of.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
}

export interface SignedInPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page. */
  errors: string[];
  /** Every URL the page requested (to check that no personal data is in one). */
  urls: string[];
  /** With `cuttableSockets`: the page's WebSockets, which the test can close as a network blip would. */
  sockets: WebSocketRoute[];
}

/** A phone as a patient opens the portal in WeChat: 390×844, a touch screen, a mobile browser. */
export const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } as const;

/**
 * A new browser context at `path`, signed in as a demo account: through the demo's identity
 * provider at the portal `/` and the staff console `/staff/`, with the demo login on the pages
 * that keep it (the vendor's page, the React and Vue examples).
 */
export async function openAs(
  env: DemoAndBrowser,
  path: string,
  username: string,
  opts: {
    cuttableSockets?: boolean;
    /** Runs in the page before its own scripts (e.g. to watch RTCPeerConnections). */ initScript?: () => void;
    /** On a PHONE instead of a 1200×900 desktop window. */ phone?: boolean;
  } = {},
): Promise<SignedInPage> {
  const context = await env.browser.newContext(opts.phone ? PHONE : { viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const signedIn: SignedInPage = { page, errors: [], urls: [], sockets: [] };
  page.on('console', (m) => m.type() === 'error' && signedIn.errors.push(m.text()));
  page.on('pageerror', (e) => signedIn.errors.push(String(e)));
  page.on('request', (r) => signedIn.urls.push(r.url()));
  if (opts.initScript) await page.addInitScript(opts.initScript);
  if (opts.cuttableSockets) {
    await page.routeWebSocket(/\/api\/ws$/, (ws) => {
      ws.connectToServer();
      signedIn.sockets.push(ws);
    });
  }
  await page.goto(`${env.demo.url}${path}`);
  await page.locator('#signin').waitFor({ state: 'attached' });
  if (await page.locator('#demo-user').count()) {
    // The vendor's page and the React and Vue examples keep the gateway's demo login (a username to pick).
    await page.locator('#demo-user').selectOption(username);
    await page.locator('#signin button[type=submit]').click();
    await page.locator('#who').filter({ hasText: /\S/ }).waitFor();
  } else {
    await signInThroughProvider(page, username);
  }
  return signedIn;
}

/**
 * Signs a page (the portal or the staff console) in as a demo account the way a person does:
 * its "Sign in" button, the demo identity provider's own page (/oidc), the account's button
 * there, and back with the code, until the page names who is signed in.
 */
export async function signInThroughProvider(page: Page, username: string): Promise<void> {
  await page.locator('#signin button[type=submit]').click();
  await page.locator(`button[name=account][value="${demoSubject(username)}"]`).click();
  await page.locator('#who').filter({ hasText: /\S/ }).waitFor();
}

/** The access token the page holds (oidc-client-ts keeps it in sessionStorage), to call the API as the page would. */
export function pageToken(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
    return key ? (JSON.parse(sessionStorage.getItem(key)!) as { access_token: string }).access_token : undefined;
  });
}

/** The demo's API as one of its accounts: `call` checks the answer is 2xx and returns its JSON. */
export async function apiAs(env: DemoAndBrowser, username: string): Promise<{ token: string; call<T = any>(method: string, path: string, body?: unknown): Promise<T> }> {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${env.demo.url}/api${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return res.json();
  };
  const { token } = await call('POST', '/sessions', undefined, { username, password: 'demo' });
  return { token, call: (method, path, body) => call(method, path, token, body) };
}

/**
 * Through the API, as the clinic's own test plays it in the browser: 张伟 asks 周敏 about his
 * 原发性高血压 and pays in the sandbox; with `accept`, 周敏 accepts. Returns the consult's id.
 */
export async function consultThroughApi(env: DemoAndBrowser, opts: { complaint: string; accept?: boolean }): Promise<string> {
  const patient = await apiAs(env, 'zhangwei');
  const self = (await patient.call('GET', '/patients')).items.find((p: { relation: string }) => p.relation === 'self').id;
  const condition = (await patient.call('GET', `/patients/${self}/conditions`)).items.find((c: { code: string }) => c.code === 'I10');
  const consult = await patient.call('POST', '/consults', { patientId: self, doctorId: condition.doctorId, encounterId: condition.encounterId, conditionCode: 'I10', complaint: opts.complaint });
  const order = await patient.call('POST', `/consults/${consult.id}/payment`);
  await patient.call('POST', `/payments/${order.id}/sandbox-pay`);
  if (opts.accept) await (await apiAs(env, 'dr.zhou')).call('POST', `/consults/${consult.id}/accept`);
  return consult.id;
}
