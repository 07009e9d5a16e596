/**
 * A pharmacy for the demo and for tests. It keeps nothing but cancellations: an order's
 * progress follows from the time it was dispatched, which its reference carries — preparing
 * for `prepareMs`, then shipped (or ready for pickup), then delivered (or picked up) after
 * `handOverMs` more.
 */
import type { PickupPoint } from '@ihkit/core';
import type { PharmacyAdapter, PharmacyStatus } from '../pharmacy.js';

export interface SandboxPharmacyOptions {
  pickupPoints: readonly PickupPoint[];
  now?: () => Date;
  prepareMs?: number;
  handOverMs?: number;
}

const REF = /^sbx_([A-Za-z0-9_-]+)\.(\d+)\.(delivery|pickup)$/;

export function createSandboxPharmacy(options: SandboxPharmacyOptions): PharmacyAdapter {
  const now = options.now ?? (() => new Date());
  const prepareMs = options.prepareMs ?? 60_000;
  const handOverMs = options.handOverMs ?? 30 * 60_000;
  const refs = new Map<string, string>();
  const cancelled = new Map<string, Date>();

  const parse = (ref: string) => {
    const m = REF.exec(ref);
    if (!m) throw new Error('unknown sandbox pharmacy order');
    return { at: Number(m[2]), method: m[3] as 'delivery' | 'pickup' };
  };
  const progress = (ref: string): { status: PharmacyStatus; since: number } => {
    const { at, method } = parse(ref);
    const cancelledAt = cancelled.get(ref);
    if (cancelledAt) return { status: 'cancelled', since: cancelledAt.getTime() };
    const t = now().getTime();
    if (t < at + prepareMs) return { status: 'preparing', since: at };
    if (t < at + prepareMs + handOverMs) return { status: method === 'delivery' ? 'shipped' : 'ready_for_pickup', since: at + prepareMs };
    return { status: method === 'delivery' ? 'delivered' : 'picked_up', since: at + prepareMs + handOverMs };
  };

  return {
    name: 'sandbox',
    async pickupPoints() {
      return [...options.pickupPoints];
    },
    async dispatch(order) {
      let ref = refs.get(order.orderId);
      if (!ref) refs.set(order.orderId, (ref = `sbx_${order.orderId}.${now().getTime()}.${order.fulfilment.method}`));
      return { pharmacyRef: ref };
    },
    async status(ref) {
      const { status, since } = progress(ref);
      const { at, method } = parse(ref);
      return { status, updatedAt: new Date(since).toISOString(), ...(method === 'delivery' && status !== 'preparing' && status !== 'cancelled' ? { trackingNo: `SBX${at}` } : {}) };
    },
    async cancel(ref) {
      const { status } = progress(ref);
      if (status === 'cancelled') return true;
      if (status !== 'preparing') return false;
      cancelled.set(ref, now());
      return true;
    },
  };
}
