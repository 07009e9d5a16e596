/**
 * Every call to a hospital system goes through here, bounded three ways:
 * - a timeout: a call slower than `timeoutMs` fails, and its AbortSignal (the adapter's last
 *   argument) aborts, so that an adapter that passes it on stops the request;
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
import { isAdapterError, type AdapterCallOptions, type HisAdapter, type InsuranceAdapter, type LisAdapter, type NotificationAdapter, type PacsAdapter, type PaymentAdapter, type PharmacyAdapter } from '@ihkit/adapters';
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
  return async <T>(method: string, run: (options: AdapterCallOptions) => Promise<T>): Promise<T> => {
    if (!breaker.allow()) {
      options.onFailure?.({ method, reason: 'circuit-open' });
      throw new HttpProblem(code, 'The system behind the gateway is failing; it is tried again shortly.');
    }
    // Given up on, the call is aborted too: an adapter that passes the signal on stops its request.
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = new AdapterTimeout();
        reject(reason);
        abort.abort(reason);
      }, options.timeoutMs);
    });
    try {
      const result = await Promise.race([run({ signal: abort.signal }), timeout]);
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
    createOrder: (order) => call('createOrder', (opts) => payments.createOrder(order, opts)),
    verifyNotification: (n) => call('verifyNotification', (opts) => payments.verifyNotification(n, opts)),
    refund: (r) => call('refund', (opts) => payments.refund(r, opts)),
    ...(queryOrder ? { queryOrder: (o) => call('queryOrder', (opts) => queryOrder.call(payments, o, opts)) } : {}),
    ...(closeOrder ? { closeOrder: (o) => call('closeOrder', (opts) => closeOrder.call(payments, o, opts)) } : {}),
    ...(bill ? { bill: (date) => bill.call(payments, date) } : {}),
  };
}

/** The insurance channel with the same bounds (a breaker of its own): failures and timeouts become INSURANCE_UNAVAILABLE. */
export function guardInsurance(insurance: InsuranceAdapter, options: GuardOptions): InsuranceAdapter {
  const call = boundedCalls('INSURANCE_UNAVAILABLE', options);
  return {
    insurer: insurance.insurer,
    authorise: (r) => call('authorise', (opts) => insurance.authorise(r, opts)),
    preSettle: (r) => call('preSettle', (opts) => insurance.preSettle(r, opts)),
    settle: (r) => call('settle', (opts) => insurance.settle(r, opts)),
    reverse: (r) => call('reverse', (opts) => insurance.reverse(r, opts)),
    query: (r) => call('query', (opts) => insurance.query(r, opts)),
  };
}

/** The pharmacy with the same bounds: it is the hospital's, so failures are HIS_UNAVAILABLE. */
export function guardPharmacy(pharmacy: PharmacyAdapter, options: GuardOptions): PharmacyAdapter {
  const call = boundedCalls('HIS_UNAVAILABLE', options);
  const cache = cached(options.cacheMs ?? 0, options.now ?? Date.now);
  return {
    name: pharmacy.name,
    pickupPoints: () => cache('pickupPoints', () => call('pickupPoints', (opts) => pharmacy.pickupPoints(opts))),
    dispatch: (order) => call('dispatch', (opts) => pharmacy.dispatch(order, opts)),
    status: (ref) => call('status', (opts) => pharmacy.status(ref, opts)),
    cancel: (ref) => call('cancel', (opts) => pharmacy.cancel(ref, opts)),
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
    listDepartments: () => cache('departments', () => call('listDepartments', (opts) => his.listDepartments(opts))),
    // One cached list, filtered here: a key per department asked would let any caller grow the cache.
    listDoctors: async (query) => {
      const all = await cache('doctors', () => call('listDoctors', (opts) => his.listDoctors(undefined, opts)));
      return query?.departmentId ? all.filter((d) => d.departmentId === query.departmentId) : all;
    },
    listSlots: (query) => call('listSlots', (opts) => his.listSlots(query, opts)),
    getSlot: (slotId) => call('getSlot', (opts) => his.getSlot(slotId, opts)),
    book: (request) => call('book', (opts) => his.book(request, opts)),
    cancel: (appointmentId, reason) => call('cancel', (opts) => his.cancel(appointmentId, reason, opts)),
    reschedule: (appointmentId, slotId) => call('reschedule', (opts) => his.reschedule(appointmentId, slotId, opts)),
    getAppointment: (appointmentId) => call('getAppointment', (opts) => his.getAppointment(appointmentId, opts)),
    listAppointments: (query) => call('listAppointments', (opts) => his.listAppointments(query, opts)),
    findPatient: (lookup) => call('findPatient', (opts) => his.findPatient(lookup, opts)),
    ...(his.searchPatients ? { searchPatients: (query, limit) => call('searchPatients', (opts) => his.searchPatients!(query, limit, opts)) } : {}),
    listEncounters: async (patientId) => (await call('listEncounters', (opts) => his.listEncounters(patientId, opts))).map((e) => (e.kind === encounterKindOf(e.kind) ? e : { ...e, kind: encounterKindOf(e.kind) })),
    searchDrugs: async (text, limit) => (await call('searchDrugs', (opts) => his.searchDrugs(text, limit, opts))).map(withKnownControl),
    getDrugs: async (ids) => (await call('getDrugs', (opts) => his.getDrugs(ids, opts))).map(withKnownControl),
    listInteractions: (drugs) => call('listInteractions', (opts) => his.listInteractions(drugs, opts)),
    listAllergies: (patientId) => call('listAllergies', (opts) => his.listAllergies(patientId, opts)),
    ...(his.numberPrescription ? { numberPrescription: (p) => call('numberPrescription', (opts) => his.numberPrescription!(p, opts)) } : {}),
    ...(his.recordConsultationOpinion ? { recordConsultationOpinion: (o) => call('recordConsultationOpinion', (opts) => his.recordConsultationOpinion!(o, opts)) } : {}),
    getPractitioner: (id) => practitioners(id, () => call('getPractitioner', (opts) => his.getPractitioner(id, opts))),
    ...(his.listGuardians ? { listGuardians: (patientId) => call('listGuardians', (opts) => his.listGuardians!(patientId, opts)) } : {}),
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
    send: (message) => call('send', (opts) => notifications.send(message, opts)),
  };
}

/** The LIS with the same bounds (LIS_UNAVAILABLE). `watch` is not bounded: it is a subscription. */
export function guardLis(lis: LisAdapter, options: GuardOptions): LisAdapter {
  const call = boundedCalls('LIS_UNAVAILABLE', options);
  return {
    name: lis.name,
    listReports: (patientId) => call('listReports', (opts) => lis.listReports(patientId, opts)),
    getReport: (reportId) => call('getReport', (opts) => lis.getReport(reportId, opts)),
    ...(lis.watch ? { watch: lis.watch.bind(lis) } : {}),
  };
}

/** The PACS with the same bounds (PACS_UNAVAILABLE). */
export function guardPacs(pacs: PacsAdapter, options: GuardOptions): PacsAdapter {
  const call = boundedCalls('PACS_UNAVAILABLE', options);
  return {
    name: pacs.name,
    listStudies: (patientId) => call('listStudies', (opts) => pacs.listStudies(patientId, opts)),
    getStudy: (studyId) => call('getStudy', (opts) => pacs.getStudy(studyId, opts)),
    thumbnail: (studyId, seriesId) => call('thumbnail', (opts) => pacs.thumbnail(studyId, seriesId, opts)),
    renderFrame: (studyId, seriesId, instanceId, frame) => call('renderFrame', (opts) => pacs.renderFrame(studyId, seriesId, instanceId, frame, opts)),
  };
}

class AdapterTimeout extends Error {
  override readonly name = 'AdapterTimeout';
}
