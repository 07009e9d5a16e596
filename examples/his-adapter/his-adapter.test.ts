/**
 * The worked example of docs/adapters.md, run as an integrator would: the adapter for the vendor
 * HIS (adapter.ts) against a stand-in of its web service (vendor-his.ts), through the conformance
 * kit. If this test is green, the docs' example is code that works.
 */
import { addDays, localDate } from '@ihkit/core';
import { hisConformance } from '@ihkit/adapters/conformance';
import { createVendorHis } from './adapter.js';
import { sampleHospital } from './sample-hospital.js';
import { startVendorHis } from './vendor-his.js';

hisConformance('the vendor JSON HIS (worked example)', async () => {
  const from = addDays(localDate(new Date(), 'Asia/Shanghai'), 1);
  const vendor = await startVendorHis(sampleHospital({ from, days: 7, patients: 60 }));
  const adapter = createVendorHis({ baseUrl: vendor.url });
  return {
    adapter,
    fixture: {
      patientIds: [vendor.data.br[10]!.brid, vendor.data.br[11]!.brid],
      from,
      to: addDays(from, 6),
      drugSearch: '阿司匹林',
      interactingDrugIds: ['YP002', 'YP003'],
      // Patients 20… are the race's: nobody else books for them.
      patients: async (n) => vendor.data.br.slice(20, 20 + n).map((b) => b.brid),
    },
    teardown: () => vendor.close(),
  };
});
