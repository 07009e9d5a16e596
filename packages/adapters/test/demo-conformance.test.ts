/**
 * The demo hospital's HIS through the conformance kit, on both databases: the same suite an
 * integrator runs on their own adapter (its LIS and PACS have theirs in lab-store-conformance
 * and demo-pacs).
 */
import { addDays, localDate } from '@ihkit/core';
import { addDemoPatients, createDemoHis, DEMO_PHARMACIST, demoAccounts, demoMigrations, seedDemo } from '@ihkit/adapters';
import { hisConformance } from '@ihkit/adapters/conformance';
import { migrate } from '../../gateway/src/db/index.js';
import { databases } from '../../gateway/test/helpers/databases.js';
import { PATIENT } from '../src/demo/patients.js';

const doctor = (username: string) => demoAccounts.find((a) => a.username === username)!.doctorId!;

for (const database of databases) {
  hisConformance(`the demo hospital (${database.name})`, async () => {
    const db = await database.open();
    const now = new Date();
    await migrate(db, demoMigrations);
    await seedDemo(db, now);
    const adapter = createDemoHis(db);
    const today = localDate(now, adapter.timeZone);
    const [warfarin] = await adapter.searchDrugs('华法林', 1);
    const [aspirin] = await adapter.searchDrugs('阿司匹林', 1);
    return {
      adapter,
      fixture: {
        // Two hospital patients no demo account manages: nobody else books for them.
        patientIds: [PATIENT.zhaoMin, PATIENT.sunXiaoyu],
        from: addDays(today, 1),
        to: addDays(today, 7),
        drugSearch: '氨氯地平',
        interactingDrugIds: [warfarin!.id, aspirin!.id],
        patients: (n) => addDemoPatients(db, n),
        guardian: { childId: PATIENT.sunXiaoyu, guardianId: PATIENT.zhaoMin },
        // 周敏 holds the internet-practice permission, 钱晓东 does not; 孙悦 is the pharmacist.
        practitioners: { permittedDoctorId: doctor('dr.zhou'), notPermittedDoctorId: doctor('dr.qian'), pharmacistId: DEMO_PHARMACIST.sunYue },
        // The kit's checks of these run on the demo with such data added in his-conformance-kit.test.ts.
        notApplicable: {
          'uncoded-drug': 'the demo hospital records a control class for every drug of its catalog',
          'visit-of-no-kind': 'the demo hospital records the kind of every visit',
        },
      },
      teardown: () => db.close(),
    };
  });
}
