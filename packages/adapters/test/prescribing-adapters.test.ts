import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpRegulator, createSandboxPharmacy } from '@ihkit/adapters';

describe('sandbox pharmacy', () => {
  test('an order is prepared, then shipped, then delivered; it can be cancelled only while preparing', async () => {
    let t = Date.parse('2026-11-23T02:00:00Z');
    const pharmacy = createSandboxPharmacy({ pickupPoints: [{ id: 'p1', name: '门诊药房', address: '1 号楼' }], now: () => new Date(t), prepareMs: 60_000, handOverMs: 600_000 });
    const order = { orderId: 'rx_1', items: [{ drugId: 'd1', quantity: 1 }], fulfilment: { method: 'delivery' as const, address: { recipient: '张伟', phone: '13800000000', region: '上海市', detail: '某路 1 号' } } };
    const { pharmacyRef } = await pharmacy.dispatch(order);
    assert.equal((await pharmacy.dispatch(order)).pharmacyRef, pharmacyRef, 'idempotent by order id');
    assert.ok(!pharmacyRef.includes('13800000000') && !pharmacyRef.includes('张伟'));
    assert.equal((await pharmacy.status(pharmacyRef)).status, 'preparing');
    t += 60_000;
    const shipped = await pharmacy.status(pharmacyRef);
    assert.equal(shipped.status, 'shipped');
    assert.ok(shipped.trackingNo);
    assert.equal(await pharmacy.cancel(pharmacyRef), false, 'too late once shipped');
    t += 600_000;
    assert.equal((await pharmacy.status(pharmacyRef)).status, 'delivered');

    const pickup = await pharmacy.dispatch({ orderId: 'rx_2', items: [], fulfilment: { method: 'pickup', pickupPointId: 'p1' } });
    assert.equal(await pharmacy.cancel(pickup.pharmacyRef), true);
    t += 3_600_000;
    assert.equal((await pharmacy.status(pickup.pharmacyRef)).status, 'cancelled');
    assert.equal(await pharmacy.cancel(pickup.pharmacyRef), true, 'cancelling twice is fine');
  });
});

describe('HTTP supervision platform', () => {
  test('posts the report and reads the acknowledgement; a refusal throws', async () => {
    const seen: Array<{ auth?: string; body: { reportId: string } }> = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 200 ? { ackId: 'ack-1' } : { error: 'down' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`;
      const regulator = createHttpRegulator({ url, token: 't0ken' });
      const report = { reportId: 'rpt_1', kind: 'prescription' as const, event: 'approved' as const, subjectId: 'rx_1', occurredAt: new Date().toISOString(), payload: { a: 1 } };
      assert.deepEqual(await regulator.submit(report), { ackId: 'ack-1' });
      assert.equal(seen[0]?.auth, 'Bearer t0ken');
      assert.equal(seen[0]?.body.reportId, 'rpt_1');
      status = 503;
      await assert.rejects(regulator.submit(report), /503/);
    } finally {
      server.close();
    }
  });
});
