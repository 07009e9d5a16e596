/**
 * Every call to a hospital system goes through here, bounded three ways:
 * - a timeout: a call slower than `timeoutMs` fails;
 * - a circuit breaker per system: after `breaker.failures` failures in a row, calls fail at
 *   once for `breaker.cooldownMs`, then one trial call decides whether the system is back;
 * - failures other than an AdapterError become the system's problem code (HIS_UNAVAILABLE,
 *   LIS_UNAVAILABLE, PACS_UNAVAILABLE, PAYMENT_UNAVAILABLE). AdapterErrors pass through and
 *   become problems with their own code (they are answers, not failures). So does the loss of
 *   the gateway's own database (DATABASE_UNAVAILABLE) under an adapter that keeps its data
 *   there (the demo hospital, the stored LIS): it says nothing about the hospital system.
 * Slow-changing HIS data (departments, doctors, pickup points) is cached for `cacheMs`, and a
 * cached answer is served while the system is failing. Practitioner records (who may practise
 * online) are cached only briefly (`practitionerCacheMs`) and never served stale: when the HIS
 * cannot say, nobody is let through on an old answer.
 * What the HIS leaves out is read the safe way here, once for every handler: a drug's control
 * class it does not give (or gives in a form ihkit does not know) is `unknown`, which is refused
 * online; a visit's kind likewise, which is no offline visit (@ihkit/core's drugControlOf,
 * encounterKindOf).
 */
import { isAdapterError, type HisAdapter, type InsuranceAdapter, type LisAdapter, type NotificationAdapter, type PacsAdapter, type PaymentAdapter, type PharmacyAdapter } from '@ihkit/adapters';
import { drugControlOf, encounterKindOf, type Drug, type ServerErrorCode } from '@ihkit/core';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { HttpProblem } from './problems.js';

export type AdapterFailureLog = (info: { method: string; reason: 'timeout' | 'error' | 'circuit-open'; error?: unknown }) => void;

export interface GuardOptions {
  timeoutMs: number;
  /** Consecutive failures that open the circuit, and how long it stays open. */
  breaker?: { failures: number; cooldownMs: number };
  /** How long slow-changing data is cached, in ms (0: not cached). */
  cacheMs?: number;
  /** How long a practitioner's record is cached, in ms (0: not cached); never served once stale. */
  practitionerCacheMs?: number;
  onFailure?: AdapterFailureLog;
  now?: () => number;
}

/** Trips after `failures` failures in a row; lets one trial call through after `cooldownMs`. */
class Breaker {
  #failures = 0;
  #openUntil = 0;
  #trial = false;
  constructor(private readonly limit: { failures: number; cooldownMs: number }, private readonly now: () => number) {}

  /** Whether a call may go to the system now. */
  allow(): boolean {
    if (this.#failures < this.limit.failures) return true;
    if (this.now() < this.#openUntil || this.#trial) return false;
    this.#trial = true;
    return true;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#trial = false;
  }

  /** The call told nothing about the system: a trial call may be made again. */
  undecided(): void {
    this.#trial = false;
  }

  failed(): void {
    this.#failures++;
    this.#trial = false;
    if (this.#failures >= this.limit.failures) this.#openUntil = this.now() + this.limit.cooldownMs;
  }
}

const NO_BREAKER = { failures: Number.POSITIVE_INFINITY, cooldownMs: 0 };

/** Runs adapter calls bounded by a timeout and a breaker; failures other than AdapterErrors become `code`. */
function boundedCalls(code: ServerErrorCode, options: GuardOptions) {
  const now = options.now ?? Date.now;
  const breaker = new Breaker(options.breaker ?? NO_BREAKER, now);
  return async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    if (!breaker.allow()) {
      options.onFailure?.({ method, reason: 'circuit-open' });
      throw new HttpProblem(code, 'The system behind the gateway is failing; it is tried again shortly.');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AdapterTimeout()), options.timeoutMs);
    });
    try {
      const result = await Promise.race([run(), timeout]);
      breaker.succeeded();
      return result;
    } catch (error) {
      if (isAdapterError(error)) {
        breaker.succeeded(); // the system answered
        throw error;
      }
      if (isDatabaseUnavailable(error)) {
        breaker.undecided();
        throw error;
      }
      breaker.failed();
      const reason = error instanceof AdapterTimeout ? 'timeout' : 'error';
      options.onFailure?.({ method, reason, error: reason === 'error' ? error : undefined });
      throw new HttpProblem(code, reason === 'timeout' ? 'The system behind the gateway did not answer in time.' : undefined);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Remembers answers by key for `ttlMs`; with `stale`, an answer past its time is still given
 * when fetching fails (otherwise the failure is).
 */
function cached(ttlMs: number, now: () => number, stale = true) {
  const entries = new Map<string, { at: number; value: unknown }>();
  return async <T>(key: string, fetch: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (ttlMs > 0 && hit && now() - hit.at < ttlMs) return hit.value as T;
    if (hit && !stale) entries.delete(key);
    try {
      const value = await fetch();
      if (ttlMs > 0) entries.set(key, { at: now(), value });
      return value;
    } catch (error) {
      if (stale && hit && !isAdapterError(error)) return hit.value as T;
      throw error;
    }
  };
}

/** A drug with its control class read the safe way. */
const withKnownControl = (drug: Drug): Drug => (drug.control === drugControlOf(drug.control) ? drug : { ...drug, control: drugControlOf(drug.control) });

/**
 * A payment provider with the same bounds (a breaker of its own): failures and timeouts become
 * PAYMENT_UNAVAILABLE. `bill` is a daily background download, bounded by the adapter's own
 * timeouts rather than a request's.
 */
export function guardPayments<P extends PaymentAdapter>(payments: P, options: GuardOptions): PaymentAdapter {
  const call = boundedCalls('PAYMENT_UNAVAILABLE', options);
  const { queryOrder, closeOrder, bill } = payments;
  return {
    provider: payments.provider,
    channels: payments.channels,
    ...(payments.acknowledgement ? { acknowledgement: payments.acknowledgement } : {}),
    createOrder: (order) => call('createOrder', () => payments.createOrder(order)),
    verifyNotification: (n) => call('verifyNotification', () => payments.verifyNotification(n)),
    refund: (r) => call('refund', () => payments.refund(r)),
    ...(queryOrder ? { queryOrder: (o) => call('queryOrder', () => queryOrder.call(payments, o)) } : {}),
    ...(closeOrder ? { closeOrder: (o) => call('closeOrder', () => closeOrder.call(payments, o)) } : {}),
    ...(bill ? { bill: (date) => bill.call(payments, date) } : {}),
  };
}

/** The insurance channel with the same bounds (a breaker of its own): failures and timeouts become INSURANCE_UNAVAILABLE. */
export function guardInsurance(insurance: InsuranceAdapter, options: GuardOptions): InsuranceAdapter {
  const call = boundedCalls('INSURANCE_UNAVAILABLE', options);
  return {
    insurer: insurance.insurer,
    authorise: (r) => call('authorise', () => insurance.authorise(r)),
    preSettle: (r) => call('preSettle', () => insurance.preSettle(r)),
    settle: (r) => call('settle', () => insurance.settle(r)),
    reverse: (r) => call('reverse', () => insurance.reverse(r)),
    query: (r) => call('query', () => insurance.query(r)),
  };
}

/** The pharmacy with the same bounds: it is the hospital's, so failures are HIS_UNAVAILABLE. */
export function guardPharmacy(pharmacy: PharmacyAdapter, options: GuardOptions): PharmacyAdapter {
  const call = boundedCalls('HIS_UNAVAILABLE', options);
  const cache = cached(options.cacheMs ?? 0, options.now ?? Date.now);
  return {
    name: pharmacy.name,
    pickupPoints: () => cache('pickupPoints', () => call('pickupPoints', () => pharmacy.pickupPoints())),
    dispatch: (order) => call('dispatch', () => pharmacy.dispatch(order)),
    status: (ref) => call('status', () => pharmacy.status(ref)),
    cancel: (ref) => call('cancel', () => pharmacy.cancel(ref)),
  };
}

export function guardHis(his: HisAdapter, options: GuardOptions): HisAdapter {
  const call = boundedCalls('HIS_UNAVAILABLE', options);
  const cache = cached(options.cacheMs ?? 0, options.now ?? Date.now);
  // Keyed by the practitioner ids of staff accounts, never by what a caller sends: it stays small.
  const practitioners = cached(options.practitionerCacheMs ?? 0, options.now ?? Date.now, false);
  return {
    get name() {
      return his.name;
    },
    get timeZone() {
      return his.timeZone;
    },
    listDepartments: () => cache('departments', () => call('listDepartments', () => his.listDepartments())),
    // One cached list, filtered here: a key per department asked would let any caller grow the cache.
    listDoctors: async (query) => {
      const all = await cache('doctors', () => call('listDoctors', () => his.listDoctors()));
      return query?.departmentId ? all.filter((d) => d.departmentId === query.departmentId) : all;
    },
    listSlots: (query) => call('listSlots', () => his.listSlots(query)),
    getSlot: (slotId) => call('getSlot', () => his.getSlot(slotId)),
    book: (request) => call('book', () => his.book(request)),
    cancel: (appointmentId, reason) => call('cancel', () => his.cancel(appointmentId, reason)),
    reschedule: (appointmentId, slotId) => call('reschedule', () => his.reschedule(appointmentId, slotId)),
    getAppointment: (appointmentId) => call('getAppointment', () => his.getAppointment(appointmentId)),
    listAppointments: (query) => call('listAppointments', () => his.listAppointments(query)),
    findPatient: (lookup) => call('findPatient', () => his.findPatient(lookup)),
    ...(his.searchPatients ? { searchPatients: (query, limit) => call('searchPatients', () => his.searchPatients!(query, limit)) } : {}),
    listEncounters: async (patientId) => (await call('listEncounters', () => his.listEncounters(patientId))).map((e) => (e.kind === encounterKindOf(e.kind) ? e : { ...e, kind: encounterKindOf(e.kind) })),
    searchDrugs: async (text, limit) => (await call('searchDrugs', () => his.searchDrugs(text, limit))).map(withKnownControl),
    getDrugs: async (ids) => (await call('getDrugs', () => his.getDrugs(ids))).map(withKnownControl),
    listInteractions: (drugs) => call('listInteractions', () => his.listInteractions(drugs)),
    listAllergies: (patientId) => call('listAllergies', () => his.listAllergies(patientId)),
    ...(his.numberPrescription ? { numberPrescription: (p) => call('numberPrescription', () => his.numberPrescription!(p)) } : {}),
    ...(his.recordConsultationOpinion ? { recordConsultationOpinion: (o) => call('recordConsultationOpinion', () => his.recordConsultationOpinion!(o)) } : {}),
    getPractitioner: (id) => practitioners(id, () => call('getPractitioner', () => his.getPractitioner(id))),
    ...(his.listGuardians ? { listGuardians: (patientId) => call('listGuardians', () => his.listGuardians!(patientId)) } : {}),
  };
}

/**
 * The notification provider with the same bounds. Only the outbox's relay calls it, which
 * retries what fails; an AdapterError (the person cannot be reached) passes through.
 */
export function guardNotifications(notifications: NotificationAdapter, options: GuardOptions): NotificationAdapter {
  const call = boundedCalls('INTERNAL', options);
  return {
    name: notifications.name,
    send: (message) => call('send', () => notifications.send(message)),
  };
}

/** The LIS with the same bounds (LIS_UNAVAILABLE). `watch` is not bounded: it is a subscription. */
export function guardLis(lis: LisAdapter, options: GuardOptions): LisAdapter {
  const call = boundedCalls('LIS_UNAVAILABLE', options);
  return {
    name: lis.name,
    listReports: (patientId) => call('listReports', () => lis.listReports(patientId)),
    getReport: (reportId) => call('getReport', () => lis.getReport(reportId)),
    ...(lis.watch ? { watch: lis.watch.bind(lis) } : {}),
  };
}

/** The PACS with the same bounds (PACS_UNAVAILABLE). */
export function guardPacs(pacs: PacsAdapter, options: GuardOptions): PacsAdapter {
  const call = boundedCalls('PACS_UNAVAILABLE', options);
  return {
    name: pacs.name,
    listStudies: (patientId) => call('listStudies', () => pacs.listStudies(patientId)),
    getStudy: (studyId) => call('getStudy', () => pacs.getStudy(studyId)),
    thumbnail: (studyId, seriesId) => call('thumbnail', () => pacs.thumbnail(studyId, seriesId)),
    renderFrame: (studyId, seriesId, instanceId, frame) => call('renderFrame', () => pacs.renderFrame(studyId, seriesId, instanceId, frame)),
  };
}

class AdapterTimeout extends Error {
  override readonly name = 'AdapterTimeout';
}
