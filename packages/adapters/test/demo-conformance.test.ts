/**
 * The demo hospital's HIS through the conformance kit, on both databases: the same suite an
 * integrator runs on their own adapter (its LIS and PACS have theirs in lab-store-conformance
 * and demo-pacs).
 */
import { addDays, localDate } from '@ihkit/core';
import { addDemoPatients, createDemoHis, demoMigrations, seedDemo } from '@ihkit/adapters';
import { hisConformance } from '@ihkit/adapters/conformance';
import { migrate } from '../../gateway/src/db/index.js';
import { databases } from '../../gateway/test/helpers/databases.js';
import { PATIENT } from '../src/demo/patients.js';

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
      },
      teardown: () => db.close(),
    };
  });
}
