/** A merchant's notify_url for adapter tests: each notification goes through the adapter's verifyNotification. */
import { isAdapterError, type PaymentAdapter, type PaymentNotice } from '../../src/index.js';
import { serveStandIn } from './standin-http.js';

export async function merchantReceiver(adapter: () => PaymentAdapter) {
  const verified: PaymentNotice[] = [];
  const refusals: string[] = [];
  const server = await serveStandIn(async (r) => {
    try {
      const notice = await adapter().verifyNotification({ headers: r.headers, body: undefined, rawBody: r.body });
      verified.push(notice);
      const ack = adapter().acknowledgement;
      return { status: 200, headers: { 'content-type': ack?.contentType ?? 'application/json' }, body: ack?.body ?? '{"ok":true}' };
    } catch (e) {
      refusals.push(isAdapterError(e) ? e.code : String(e));
      return { status: 401, body: '{"code":"FAIL","message":"refused"}' };
    }
  });
  return { url: `${server.url}notify`, verified, refusals, close: () => server.close() };
}
