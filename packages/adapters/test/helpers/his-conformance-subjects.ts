/**
 * Two adapters for his-conformance-kit.test.ts to run the HIS conformance kit on (in a child
 * process, so that the kit's failures are its output, not this suite's): the demo hospital with
 * a drug of no control class, a visit of no kind and a doctor without the internet-practice
 * permission, answered
 * - the safe way: `unknown`, `unknown`, no permission — the kit passes;
 * - as a careless adapter would, filling in what the HIS did not say: `none`, `outpatient`, a
 *   permission — the kit must fail each.
 * Not a test file itself (no `.test.ts`): the kit's tests register when it is run.
 */
import { addDays, localDate, type Drug } from '@ihkit/core';
import { createDemoHis, DEMO_PHARMACIST, demoAccounts, demoMigrations, seedDemo, type Encounter, type HisAdapter } from '@ihkit/adapters';
import { hisConformance } from '@ihkit/adapters/conformance';
import { migrate } from '../../../gateway/src/db/index.js';
import { databases } from '../../../gateway/test/helpers/databases.js';
import { PATIENT } from '../../src/demo/patients.js';

const doctor = (username: string) => demoAccounts.find((a) => a.username === username)!.doctorId!;
const VISIT = 'enc_nokind';

for (const careless of [false, true]) {
  hisConformance(careless ? 'fills in what the HIS does not say' : 'answers what the HIS does not say the safe way', async () => {
    const db = await databases.find((d) => d.name === 'pglite')!.open();
    const now = new Date();
    await migrate(db, demoMigrations);
    await seedDemo(db, now);
    const demo = createDemoHis(db);
    const [uncoded] = await demo.searchDrugs('famotidine', 1);
    if (!uncoded) throw new Error('the demo catalog has famotidine');
    const gp = (await demo.listDoctors())[0]!;
    const control = (d: Drug): Drug => (d.id === uncoded.id ? { ...d, control: careless ? 'none' : 'unknown' } : d);
    const adapter: HisAdapter = {
      ...demo,
      getDrugs: async (ids) => (await demo.getDrugs(ids)).map(control),
      searchDrugs: async (text, limit) => (await demo.searchDrugs(text, limit)).map(control),
      async listEncounters(patientId) {
        const visits = await demo.listEncounters(patientId);
        if (patientId !== PATIENT.zhaoMin) return visits;
        const noKind: Encounter = { id: VISIT, patientId, departmentId: gp.departmentId, doctorId: gp.id, date: addDays(localDate(now, demo.timeZone), -30), kind: careless ? 'outpatient' : 'unknown', diagnoses: [{ code: 'K21.9', name: '胃食管反流病' }] };
        return [noKind, ...visits];
      },
      async getPractitioner(id) {
        const p = await demo.getPractitioner(id);
        return p && careless && !p.permission ? { ...p, permission: { from: '2024-03-01' } } : p;
      },
    };
    const today = localDate(now, adapter.timeZone);
    return {
      adapter,
      fixture: {
        patientIds: [PATIENT.zhaoMin, PATIENT.sunXiaoyu], from: addDays(today, 1), to: addDays(today, 7), drugSearch: '氨氯地平',
        practitioners: { permittedDoctorId: doctor('dr.zhou'), notPermittedDoctorId: doctor('dr.qian'), pharmacistId: DEMO_PHARMACIST.sunYue },
        uncodedDrugId: uncoded.id,
        visitOfNoKind: { patientId: PATIENT.zhaoMin, encounterId: VISIT },
      },
      teardown: () => db.close(),
    };
  });
}
