/**
 * Reconciliation (对账): the provider's daily bill against the gateway's payments and refunds.
 * The WeChat Pay stand-in serves its bill in the documented CSV; the test edits the bill's lines
 * so that it has a missing, an extra and a mismatched line, and checks that the daily job and
 * the admin's operation report each of them — and nothing else — to the finance office.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { beijingDay, createWechatPay } from '@ihkit/adapters';
import type { Consult, Payment, Reconciliation } from '@ihkit/core';
import { startWechatPayStandIn, type WechatPayStandIn } from '../../adapters/test/helpers/wechatpay-standin.js';
import { upsertUser } from '../src/users.js';
import { API, databases, login, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { get, ok, post, requestConsult } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

const NOTIFY = `https://hospital.example${API}/payments/notify/wechat`;

function problem(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal((res.json() as { code: string }).code, code);
}

for (const database of databases) {
  describe(`reconciliation (${database.name})`, () => {
    let gw: TestGateway;
    let wx: WechatPayStandIn;
    let zhang: string;
    let admin: string;
    let self: string;
    let day: string;

    /** A consult paid with WeChat Pay, its notification applied. */
    const paidConsult = async (): Promise<{ consult: Consult; payment: Payment }> => {
      const consult = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      const payment = ok<Payment>(await post(gw, zhang, `/consults/${consult.id}/payment`, { provider: 'wechat', channel: 'h5' }));
      const { notification } = await wx.pay(payment.id, { send: false });
      const d = wx.signedDelivery(notification.body);
      assert.equal((await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/wechat`, headers: { 'content-type': 'application/json', ...d.headers }, payload: d.body })).statusCode, 200);
      return { consult, payment };
    };
    const report = async (from = day, to = day) => ok<Reconciliation>(await get(gw, admin, `/admin/reconciliation?from=${from}&to=${to}`));
    const summary = (r: Reconciliation) =>
      r.differences.filter((d) => d.source === 'bill').map((d) => [d.kind, d.line, d.paymentId, d.ours?.amount ?? null, d.theirs?.amount ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

    before(async () => {
      wx = await startWechatPayStandIn();
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, payments: createWechatPay(wx.options(NOTIFY)) });
      zhang = await login(gw, 'zhangwei', 'demo');
      admin = await sessionToken(await upsertUser(gw.db, { username: 'finance.admin', role: 'admin', displayName: 'Finance' }), { db: gw.db, expiresAt: new Date(Date.now() + 7 * 86_400_000) }); // the test's clock moves days on
      self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
      day = beijingDay(new Date());
    });
    after(async () => {
      await gw?.close();
      await wx?.close();
    });

    test('the daily job reports a missing, an extra and a mismatched line of the bill — and a matching payment and refund not at all', async () => {
      const kept = await paidConsult(); // in the bill as recorded
      const dropped = await paidConsult(); // the bill leaves it out: missing
      const changed = await paidConsult(); // the bill has another amount: mismatch
      const refunded = await paidConsult(); // paid and refunded, both in the bill
      ok<Consult>(await post(gw, zhang, `/consults/${refunded.consult.id}/cancel`));
      await gw.relayRefunds(); // (the refund watcher may have been first)
      await eventually(async () => assert.ok(wx.refunds.size === 1, 'refunded at WeChat Pay'));
      const stranger = `pay_${'f'.repeat(24)}`; // a payment the gateway never made: extra
      wx.state.editBill = (rows) => [
        ...rows.filter((r) => r.outTradeNo !== dropped.payment.id).map((r) => (r.outTradeNo === changed.payment.id && r.kind === 'payment' ? { ...r, amount: r.amount + 100 } : r)),
        { kind: 'payment', outTradeNo: stranger, transactionId: '4200000000000000000000000001', amount: 999, at: new Date() },
      ];

      // Before the bill is out (10:30 Beijing the next day) nothing is run for the day.
      gw.clock.set(`${day}T23:00:00+08:00`);
      assert.deepEqual((await gw.reconcilePayments()).filter((r) => r.date === day), []);
      const nextDay = beijingDay(new Date(Date.parse(`${day}T12:00:00+08:00`) + 86_400_000));
      gw.clock.set(`${nextDay}T10:29:00+08:00`);
      assert.deepEqual((await gw.reconcilePayments()).filter((r) => r.date === day), []);
      gw.clock.set(`${nextDay}T10:31:00+08:00`);
      assert.deepEqual((await gw.reconcilePayments()).filter((r) => r.date === day), [{ provider: 'wechat', date: day, ok: true }]);
      assert.deepEqual((await gw.reconcilePayments()).filter((r) => r.date === day), [], 'a day is compared once');

      const r = await report();
      const run = r.runs.find((x) => x.provider === 'wechat' && x.date === day)!;
      assert.equal(run.status, 'done');
      assert.equal(run.billLines, 5); // kept, changed, refunded's payment and refund, the stranger
      assert.equal(run.differences, 3);
      const fee = kept.consult.fee.amount;
      assert.deepEqual(summary(r), [
        ['extra', 'payment', stranger, null, 999],
        ['mismatch', 'payment', changed.payment.id, fee, fee + 100],
        ['missing', 'payment', dropped.payment.id, fee, null],
      ]);
      const missing = r.differences.find((d) => d.kind === 'missing')!;
      assert.equal(missing.providerRef, wx.orders.get(dropped.payment.id)!.transactionId, 'the provider’s transaction id, to look it up there');
      assert.equal(missing.date, day);
      assert.match(gw.logs.text, /reconciliation found differences/);
      assert.doesNotMatch(gw.logs.text, /张伟|血压/);
    });

    test('the admin runs a day again once the provider corrected its bill; the old differences give way to the new ones', async () => {
      wx.state.editBill = (rows) => rows;
      const r = ok<Reconciliation>(await post(gw, admin, '/admin/reconciliation', { provider: 'wechat', date: day }));
      assert.equal(r.runs.length, 1);
      assert.equal(r.runs[0]!.status, 'done');
      assert.equal(r.runs[0]!.attempts, 2);
      assert.deepEqual(summary(r), []);
      assert.deepEqual(summary(await report()), []);
      // The same through the gateway's own API the CLI uses (ihkit-gateway reconcile wechat <day>).
      const again = await gw.reconcile('wechat', day);
      assert.equal(again.runs[0]!.attempts, 3);
      assert.deepEqual(again.differences.filter((d) => d.source === 'bill'), []);
    });

    test('a bill that cannot be had: the run is recorded as failed with the error type, and tried again later', async () => {
      wx.state.down = 503;
      try {
        problem(await post(gw, admin, '/admin/reconciliation', { provider: 'wechat', date: day }), 503, 'PAYMENT_UNAVAILABLE');
      } finally {
        wx.state.down = 0;
      }
      const run = (await report()).runs.find((x) => x.date === day)!;
      assert.equal(run.status, 'failed');
      assert.ok(run.error && !/unavailable/.test(run.error), `an error type, not the provider's text: ${run.error}`);
      // The daily job retries it once its wait is over.
      assert.deepEqual((await gw.reconcilePayments()).filter((x) => x.date === day), []);
      gw.clock.set(gw.clock.ms + 2 * 3600_000);
      assert.deepEqual((await gw.reconcilePayments()).filter((x) => x.date === day), [{ provider: 'wechat', date: day, ok: true }]);
    });

    test('what the admin may ask: a past day of a provider with a bill, a range of at most 93 days', async () => {
      problem(await post(gw, admin, '/admin/reconciliation', { provider: 'alipay', date: day }), 404, 'NOT_FOUND');
      const today = beijingDay(gw.clock.now());
      problem(await post(gw, admin, '/admin/reconciliation', { provider: 'wechat', date: today }), 400, 'VALIDATION_FAILED');
      problem(await post(gw, admin, '/admin/reconciliation', { provider: 'wechat', date: '2026-02-30' }), 400, 'VALIDATION_FAILED');
      problem(await get(gw, admin, '/admin/reconciliation?from=2026-01-01&to=2026-06-01'), 400, 'VALIDATION_FAILED');
      problem(await get(gw, admin, `/admin/reconciliation?from=${day}&to=2020-01-01`), 400, 'VALIDATION_FAILED');
      problem(await get(gw, await login(gw, 'zhangwei', 'demo'), `/admin/reconciliation?from=${day}&to=${day}`), 403, 'ROLE_NOT_ALLOWED');
    });
  });
}

describe('ihkit-gateway reconcile (the CLI, configured from the environment as in docs/payments.md)', () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  test('compares a day’s WeChat Pay bill and prints every difference; exit status 2 when there is one', async () => {
    const wx = await startWechatPayStandIn();
    const dir = mkdtempSync(join(tmpdir(), 'ihkit-reconcile-cli-'));
    try {
      writeFileSync(join(dir, 'apiclient_key.pem'), wx.merchant.privateKey);
      writeFileSync(join(dir, 'wechatpay_platform.pem'), wx.platform.certificate);
      const yesterday = beijingDay(new Date(Date.now() - 86_400_000));
      wx.state.editBill = () => [{ kind: 'payment', outTradeNo: `pay_${'e'.repeat(24)}`, transactionId: '4200000000000000000000000002', amount: 1234, at: new Date(`${yesterday}T09:00:00+08:00`) }];
      const env = {
        IHKIT_DATA_DIR: join(dir, 'data'),
        IHKIT_JWT_SECRET: 'cli-test-secret-0123456789-0123456789-0123456789',
        IHKIT_PUBLIC_URL: 'https://hospital.example',
        IHKIT_WECHATPAY_MCHID: wx.keys.mchid,
        IHKIT_WECHATPAY_APPID: wx.keys.appid,
        IHKIT_WECHATPAY_SERIAL: wx.keys.serial,
        IHKIT_WECHATPAY_PRIVATE_KEY: join(dir, 'apiclient_key.pem'),
        IHKIT_WECHATPAY_PLATFORM_CERTS: join(dir, 'wechatpay_platform.pem'),
        IHKIT_WECHATPAY_APIV3_KEY: wx.keys.apiV3Key,
        IHKIT_WECHATPAY_API_URL: wx.url,
      };
      const out = await run(['reconcile', 'wechat', yesterday], env);
      assert.equal(out.code, 2, out.stderr);
      const report = JSON.parse(out.stdout) as Reconciliation;
      assert.deepEqual(report.runs.map((r) => [r.provider, r.date, r.status, r.billLines, r.differences]), [['wechat', yesterday, 'done', 1, 1]]);
      assert.deepEqual(report.differences.map((d) => [d.kind, d.line, d.theirs?.amount]), [['extra', 'payment', 1234]]);
      // The provider down: exit status 1, with the error's type only.
      wx.state.down = 503;
      const down = await run(['reconcile', 'wechat', yesterday], env);
      assert.equal(down.code, 1);
      assert.match(down.stderr, /ihkit-gateway reconcile failed: \w+/);
      assert.doesNotMatch(down.stderr, /unavailable/);
      assert.equal((await run(['reconcile', 'wechat'], env)).code, 64);
    } finally {
      await wx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
