/**
 * The conformance kit: node:test suites an integrator runs against their own adapter, given a
 * small description of data their test system holds. Every reference adapter passes them.
 *
 *   // test/our-lis.test.ts — run with `node --test`
 *   import { lisConformance } from '@ihkit/adapters/conformance';
 *   lisConformance('our LIS', async () => ({ adapter: createOurLis(…), fixture: { patientId: 'p1' } }));
 */
export { hisConformance, type HisFixture } from './his.js';
export { lisConformance, type LisFixture } from './lis.js';
export { pacsConformance, type PacsFixture } from './pacs.js';
export { signatureConformance, type SignatureFixture } from './signature.js';
export { insuranceConformance, type InsuranceFixture } from './insurance.js';
