/**
 * `ihkit-gateway verify <code>`: at the hospital, without the running gateway, the signatures of
 * a printed prescription are checked against the CA (here the reference CA's directory).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Prescription } from '@ihkit/core';
import { runCommand } from '../src/commands.js';
import { openDb } from '../src/db/index.js';
import { login, newKey, startGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, ok, post } from './helpers/consults.js';

test('verify <code> prints the signers and their certificates, exit 0; a changed prescription exits 1 and says which signature fails', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-verify-cli-'));
  const env = { IHKIT_DATA_DIR: join(dir, 'pglite'), IHKIT_LOCAL_CA_DIR: join(dir, 'ca'), IHKIT_DEMO: '1' };
  try {
    const gw = await startGateway({ open: () => openDb({ dataDir: env.IHKIT_DATA_DIR }) }, { demo: true, sweepIntervalMs: 0, localCaDir: env.IHKIT_LOCAL_CA_DIR, localCaConfirm: 'auto' });
    let rx: Prescription;
    try {
      const zhang = await login(gw, 'zhangwei', 'demo');
      const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const pharmacist = await login(gw, 'ph.sun', 'demo');
      const consult = await acceptedConsult(gw, zhang, doctor);
      const drug = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
      rx = ok<Prescription>(await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: drug.id, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }), 201);
      rx = ok<Prescription>(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}));
    } finally {
      await gw.close();
    }
    const lines: string[] = [];
    assert.equal(await runCommand(['verify', rx.verificationCode!], env, (l) => lines.push(l)), 0, lines.join('\n'));
    assert.match(lines[0]!, new RegExp(`prescription ${rx.number} .*signatures valid`));
    assert.match(lines[1]!, new RegExp(`doctor: ${rx.doctorName} .*certificate ${rx.signature.certificateSerial} .*valid`));
    assert.match(lines[2]!, new RegExp(`pharmacist: 孙悦 .*certificate ${rx.review!.signature!.certificateSerial} .*valid`));

    const db = await openDb({ dataDir: env.IHKIT_DATA_DIR });
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE prescriptions SET content = jsonb_set(content, '{diagnosis,code}', '"E11"') WHERE id = $1`, [rx.id]);
    });
    await db.close();
    lines.length = 0;
    assert.equal(await runCommand(['verify', rx.verificationCode!.toLowerCase()], env, (l) => lines.push(l)), 1);
    assert.match(lines.join('\n'), /SIGNATURE INVALID[\s\S]*doctor: .*INVALID \(content\)/);
    lines.length = 0;
    assert.equal(await runCommand(['verify', '2222-3333-4444'], env, (l) => lines.push(l)), 1);
    assert.deepEqual(lines, ['no prescription has this verification code']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
