/**
 * The worked example of docs/adapters.md, run as an integrator would: the adapter for the vendor
 * HIS (adapter.ts) against a stand-in of its web service (vendor-his.ts), through the conformance
 * kit. If this test is green, the docs' example is code that works.
 */
import { hisConformance } from '@ihkit/adapters/conformance';
import { createVendorHis } from './adapter.js';
import { startSampleHis } from './sample-hospital.js';

hisConformance('the vendor JSON HIS (worked example)', async () => {
  const { vendor, fixture } = await startSampleHis();
  return { adapter: createVendorHis({ baseUrl: vendor.url }), fixture, teardown: () => vendor.close() };
});
