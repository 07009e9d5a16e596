/**
 * The worked example with one deliberate mistake each: kit-messages.test.ts runs the conformance
 * kit on every one of them (in a child process, since the kit's tests fail by design)
 * and checks that the failure names the call, its arguments and what the contract expects.
 */
import { AdapterError, type HisAdapter } from '@ihkit/adapters';
import { hisConformance } from '@ihkit/adapters/conformance';
import { createVendorHis } from './adapter.js';
import { startSampleHis } from './sample-hospital.js';

const isCode = (e: unknown, code: string) => e instanceof AdapterError && e.code === code;

/** Each mistake: what it replaces in the working adapter. */
export const MISTAKES: Record<string, (his: HisAdapter) => Partial<HisAdapter>> = {
  'getSlot throws for an unknown id': (his) => ({
    getSlot: async (id) => {
      const slot = await his.getSlot(id);
      if (!slot) throw new Error('HIS said 1001 号源不存在');
      return slot;
    },
  }),
  'listDoctors ignores the department': (his) => ({ listDoctors: () => his.listDoctors() }),
  'book ignores the Idempotency-Key': (his) => ({ book: (r) => his.book({ ...r, idempotencyKey: `${r.idempotencyKey}:${Math.random()}` }) }),
  'cancel refuses a cancelled appointment': (his) => ({
    cancel: async (id) => {
      const a = await his.getAppointment(id);
      if (a?.status === 'cancelled') throw new Error('HIS said 1006 已退号');
      return his.cancel(id);
    },
  }),
  'reschedule refuses the slot it is in': (his) => ({
    reschedule: async (id, slotId) => {
      if ((await his.getAppointment(id))?.slotId === slotId) throw new Error('HIS said 1003 该病人当日已挂该医生号');
      return his.reschedule(id, slotId);
    },
  }),
  'ALREADY_BOOKED is not mapped': (his) => ({
    book: (r) => his.book(r).catch((e: unknown) => {
      throw isCode(e, 'ALREADY_BOOKED') ? new Error('HIS said 1003') : e;
    }),
  }),
  'SLOT_NOT_FOUND is not mapped': (his) => ({
    book: (r) => his.book(r).catch((e: unknown) => {
      throw isCode(e, 'SLOT_NOT_FOUND') ? new Error('HIS said 1001') : e;
    }),
  }),
  'findPatient ignores the ID number': (his) => ({ findPatient: async (q) => ('idNumber' in q ? undefined : his.findPatient(q)) }),
  'searchDrugs ignores the limit': (his) => ({ searchDrugs: (text) => his.searchDrugs(text, 100).then((d) => [...d, ...d, ...d, ...d]) }),
  'getDrugs throws for an unknown id': (his) => ({
    getDrugs: async (ids) => {
      const found = await his.getDrugs(ids);
      if (found.length < ids.length) throw new Error('HIS said 2001 药品不存在');
      return found;
    },
  }),
  'interaction severity is the HIS\'s own': (his) => ({
    listInteractions: async (drugs) => (await his.listInteractions(drugs)).map((x) => ({ ...x, severity: 'yz' as 'major' })),
  }),
  'appointments have no number, undeclared': (his) => ({
    book: async (r) => ({ ...(await his.book(r)), number: undefined }),
  }),
  'a control class not recorded reads as none': (his) => ({
    getDrugs: async (ids) => (await his.getDrugs(ids)).map((d) => (d.control === 'unknown' ? { ...d, control: 'none' as const } : d)),
  }),
  'a visit of no type reads as outpatient': (his) => ({
    listEncounters: async (id) => (await his.listEncounters(id)).map((e) => (e.kind === 'unknown' ? { ...e, kind: 'outpatient' as const } : e)),
  }),
  'the permission\'s end date is not read': (his) => ({
    getPractitioner: async (id) => {
      const p = await his.getPractitioner(id);
      return p?.permission ? { ...p, permission: { ...(p.permission.from ? { from: p.permission.from } : {}) } } : p;
    },
  }),
};

// Run as a test file (by kit-messages.test.ts): one conformance suite per mistake.
if (process.env.IHKIT_BROKEN_ADAPTERS) {
  for (const [mistake, replace] of Object.entries(MISTAKES)) {
    hisConformance(`broken: ${mistake}`, async () => {
      const { vendor, fixture } = await startSampleHis();
      const his = createVendorHis({ baseUrl: vendor.url });
      return { adapter: { ...his, ...replace(his) }, fixture, teardown: () => vendor.close() };
    });
  }
}
