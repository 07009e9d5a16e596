/**
 * What ihkit needs from a pharmacy: the hospital's own outpatient pharmacy or a partner
 * pharmacy that delivers. The gateway sends it paid prescriptions and follows their status.
 *
 * Contract for implementers:
 * - `dispatch` is idempotent by `orderId` (the prescription id): sending it again returns the
 *   first reference and never prepares the order twice.
 * - `cancel` succeeds only while the order has not left the pharmacy (not shipped, not ready
 *   for pickup) and then returns true; afterwards it returns false. Cancelling twice is fine.
 * - `status` reports where the order is; the gateway asks when a patient looks and on a timer.
 * - Anything thrown means "pharmacy unavailable".
 */
import type { PickupPoint } from '@ihkit/core';
import type { AdapterCallOptions } from './call-options.js';

export type DeliveryAddress = { recipient: string; phone: string; region: string; detail: string };

export interface PharmacyOrder {
  orderId: string;
  items: Array<{ drugId: string; quantity: number }>;
  fulfilment: { method: 'delivery'; address: DeliveryAddress } | { method: 'pickup'; pickupPointId: string };
}

export type PharmacyStatus = 'preparing' | 'shipped' | 'ready_for_pickup' | 'delivered' | 'picked_up' | 'cancelled';

export interface PharmacyAdapter {
  readonly name: string;
  pickupPoints(options?: AdapterCallOptions): Promise<PickupPoint[]>;
  dispatch(order: PharmacyOrder, options?: AdapterCallOptions): Promise<{ pharmacyRef: string }>;
  status(pharmacyRef: string, options?: AdapterCallOptions): Promise<{ status: PharmacyStatus; trackingNo?: string; updatedAt: string }>;
  cancel(pharmacyRef: string, options?: AdapterCallOptions): Promise<boolean>;
}
