/**
 * Every HIS call goes through here: a call that fails with anything but an AdapterError, or
 * takes longer than the timeout, becomes HIS_UNAVAILABLE (503). AdapterErrors pass through
 * and become problems with their own code.
 */
import { isAdapterError, type HisAdapter } from '@ihkit/adapters';
import { HttpProblem } from './problems.js';

export type HisFailureLog = (info: { method: string; reason: 'timeout' | 'error'; error?: unknown }) => void;

export function guardHis(his: HisAdapter, options: { timeoutMs: number; onFailure?: HisFailureLog }): HisAdapter {
  const call = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HisTimeout()), options.timeoutMs);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      if (isAdapterError(error)) throw error;
      const reason = error instanceof HisTimeout ? 'timeout' : 'error';
      options.onFailure?.({ method, reason, error: reason === 'error' ? error : undefined });
      throw new HttpProblem('HIS_UNAVAILABLE', reason === 'timeout' ? 'The hospital system did not answer in time.' : undefined);
    } finally {
      clearTimeout(timer);
    }
  };

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
  };
}

class HisTimeout extends Error {
  override readonly name = 'HisTimeout';
}
