// Prescription signatures: what signing at submission and verifying on every read cost with
// each reference signer (a list of 200 prescriptions verifies 200 signatures).
import { canonical, createLocalSigner } from '@ihkit/adapters';
import { randomBytes } from 'node:crypto';

/** A prescription-sized document: five items, patient and doctor, dates, total. */
function sampleContent(i) {
  const items = Array.from({ length: 5 }, (_, k) => ({ drugId: `drug_${k}`, name: '苯磺酸氨氯地平片', strength: '5 mg', dose: 5, doseUnit: 'mg', frequency: 'qd', days: 7, quantity: 1, unitPrice: { amount: 1260, currency: 'CNY' } }));
  return new TextEncoder().encode(canonical({ id: `rx_${i}`, version: 1, patient: { id: 'pat_1', name: '张伟', birthDate: '1978-04-02' }, doctor: { id: 'doc_1', name: '周敏' }, items, issuedAt: new Date().toISOString() }));
}

async function time(n, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

export async function signatureBench({ n = 200 } = {}) {
  const docs = Array.from({ length: n }, (_, i) => sampleContent(i));
  const rows = [];
  for (const algorithm of ['SM2-SM3', 'ECDSA-P256-SHA256']) {
    const signer = createLocalSigner({ algorithm, secret: randomBytes(32) });
    await signer.sign({ signerId: 'u_warmup', content: docs[0] }); // derive the key once
    const signed = [];
    const signMs = await time(n, async (i) => signed.push(await signer.sign({ signerId: 'u_doc', content: docs[i] })));
    const verifyMs = await time(n, async (i) => signer.verify({ signerId: 'u_doc', content: docs[i], ...signed[i] }));
    rows.push({ algorithm, signMs, verifyMs });
    console.log(`  ${algorithm.padEnd(18)} sign ${signMs.toFixed(2)} ms, verify ${verifyMs.toFixed(2)} ms; a list of 200 verifies in ${(verifyMs * 200).toFixed(0)} ms`);
  }
  const [sm2, p256] = rows;
  console.log(`  SM2-SM3 / P-256: sign ${(sm2.signMs / p256.signMs).toFixed(1)}×, verify ${(sm2.verifyMs / p256.verifyMs).toFixed(1)}×`);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await signatureBench();
