/**
 * Every HIS call goes through here: a call that fails with anything but an AdapterError, or
 * takes longer than the timeout, becomes HIS_UNAVAILABLE (503). AdapterErrors pass through
 * and become problems with their own code.
 */
import { isAdapterError, type HisAdapter, type PaymentAdapter, type PharmacyAdapter } from '@ihkit/adapters';
import type { ServerErrorCode } from '@ihkit/core';
import { HttpProblem } from './problems.js';

export type HisFailureLog = (info: { method: string; reason: 'timeout' | 'error'; error?: unknown }) => void;

/** Runs adapter calls bounded by a timeout; failures other than AdapterErrors become `code`. */
function boundedCalls(code: ServerErrorCode, options: { timeoutMs: number; onFailure?: HisFailureLog }) {
  return async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AdapterTimeout()), options.timeoutMs);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      if (isAdapterError(error)) throw error;
      const reason = error instanceof AdapterTimeout ? 'timeout' : 'error';
      options.onFailure?.({ method, reason, error: reason === 'error' ? error : undefined });
      throw new HttpProblem(code, reason === 'timeout' ? 'The system behind the gateway did not answer in time.' : undefined);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The payment adapter with the same bounds: failures and timeouts become PAYMENT_UNAVAILABLE. */
export function guardPayments<P extends PaymentAdapter>(payments: P, options: { timeoutMs: number; onFailure?: HisFailureLog }): PaymentAdapter {
  const call = boundedCalls('PAYMENT_UNAVAILABLE', options);
  return {
    provider: payments.provider,
    createOrder: (order) => call('createOrder', () => payments.createOrder(order)),
    verifyNotification: (n) => call('verifyNotification', () => payments.verifyNotification(n)),
    refund: (r) => call('refund', () => payments.refund(r)),
  };
}

/** The pharmacy with the same bounds: it is the hospital's, so failures are HIS_UNAVAILABLE. */
export function guardPharmacy(pharmacy: PharmacyAdapter, options: { timeoutMs: number; onFailure?: HisFailureLog }): PharmacyAdapter {
  const call = boundedCalls('HIS_UNAVAILABLE', options);
  return {
    name: pharmacy.name,
    pickupPoints: () => call('pickupPoints', () => pharmacy.pickupPoints()),
    dispatch: (order) => call('dispatch', () => pharmacy.dispatch(order)),
    status: (ref) => call('status', () => pharmacy.status(ref)),
    cancel: (ref) => call('cancel', () => pharmacy.cancel(ref)),
  };
}

export function guardHis(his: HisAdapter, options: { timeoutMs: number; onFailure?: HisFailureLog }): HisAdapter {
  const call = boundedCalls('HIS_UNAVAILABLE', options);

  return {
    get name() {
      return his.name;
    },
    get timeZone() {
      return his.timeZone;
    },
    listDepartments: () => call('listDepartments', () => his.listDepartments()),
    listDoctors: (query) => call('listDoctors', () => his.listDoctors(query)),
    listSlots: (query) => call('listSlots', () => his.listSlots(query)),
    getSlot: (slotId) => call('getSlot', () => his.getSlot(slotId)),
    book: (request) => call('book', () => his.book(request)),
    cancel: (appointmentId, reason) => call('cancel', () => his.cancel(appointmentId, reason)),
    getAppointment: (appointmentId) => call('getAppointment', () => his.getAppointment(appointmentId)),
    listAppointments: (query) => call('listAppointments', () => his.listAppointments(query)),
    findPatient: (lookup) => call('findPatient', () => his.findPatient(lookup)),
    listEncounters: (patientId) => call('listEncounters', () => his.listEncounters(patientId)),
    searchDrugs: (text, limit) => call('searchDrugs', () => his.searchDrugs(text, limit)),
    getDrugs: (ids) => call('getDrugs', () => his.getDrugs(ids)),
    listInteractions: (drugs) => call('listInteractions', () => his.listInteractions(drugs)),
    listAllergies: (patientId) => call('listAllergies', () => his.listAllergies(patientId)),
  };
}

class AdapterTimeout extends Error {
  override readonly name = 'AdapterTimeout';
}
