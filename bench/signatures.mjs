// Prescription signatures through the reference CA (in process): what signing costs per
// prescription (the doctor's signature and the pharmacist's, each a request to the CA, the
// signer's device signing and the CA's timestamp) and what verifying both by certificate costs
// (chain to the root, CRL, timestamp, signature: what the gateway does on a read it has not
// verified before; a list of 200 prescriptions verifies them all once, then from memory).
import 'reflect-metadata';
import { canonical, createLocalCa, parseCertificates, verifyCaSignature } from '@ihkit/adapters';

/** A prescription-sized document: five items, patient and doctor, dates, total. */
function sampleContent(i) {
  const items = Array.from({ length: 5 }, (_, k) => ({ drugId: `drug_${k}`, name: '苯磺酸氨氯地平片', strength: '5 mg', dose: 5, doseUnit: 'mg', frequency: 'qd', days: 7, quantity: 1, unitPrice: { amount: 1260, currency: 'CNY' } }));
  return new TextEncoder().encode(canonical({ id: `rx_${i}`, version: 1, patient: { id: 'pat_1', name: '张伟', birthDate: '1978-04-02' }, doctor: { id: 'doc_1', name: '周敏', licenceNumber: '110440000012345' }, items, issuedAt: new Date().toISOString() }));
}

async function time(n, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

export async function signatureBench({ n = 100 } = {}) {
  const ca = await createLocalCa({ autoConfirm: true });
  const doctor = { licenceNumber: '110440000012345', name: '周敏' };
  const pharmacist = { licenceNumber: 'ZY44010120190158', name: '孙悦' };
  await ca.enrol(doctor);
  await ca.enrol(pharmacist);
  const roots = parseCertificates(ca.rootPem);
  const crls = await ca.adapter.revocationLists();
  const docs = Array.from({ length: n }, (_, i) => sampleContent(i));
  const sign = async (signer, content) => (await ca.adapter.requestSignature({ signer, title: 'Prescription', content })).signature;
  const signed = [];
  const setUpMs = await time(n, async (i) => {
    const byDoctor = await sign(doctor, docs[i]);
    const review = new TextEncoder().encode(canonical({ prescription: i, doctorSignature: byDoctor.value, decision: 'approved' }));
    signed.push({ byDoctor, review, byPharmacist: await sign(pharmacist, review) });
  });
  const verifyMs = await time(n, async (i) => {
    const s = signed[i];
    const a = await verifyCaSignature({ content: docs[i], signature: s.byDoctor, licenceNumber: doctor.licenceNumber, roots, crls });
    const b = await verifyCaSignature({ content: s.review, signature: s.byPharmacist, licenceNumber: pharmacist.licenceNumber, roots, crls });
    if (!a.valid || !b.valid) throw new Error('a benchmark signature does not verify');
  });
  console.log(`  ECDSA P-256 through the reference CA: set-up (doctor + pharmacist sign, with timestamps) ${setUpMs.toFixed(2)} ms per prescription; verifying both by certificate ${verifyMs.toFixed(2)} ms per prescription; a list of 200 verifies in ${(verifyMs * 200).toFixed(0)} ms the first time`);
  return { setUpMs, verifyMs };
}

if (import.meta.url === `file://${process.argv[1]}`) await signatureBench();
