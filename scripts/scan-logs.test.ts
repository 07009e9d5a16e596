/** The e2e log scan (scripts/scan-logs.mjs) on planted logs: it finds each kind of leak, and passes clean logs. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { demoPatients } from '@ihkit/adapters';
import { localDate, residentIdCheckChar } from '@ihkit/core';
import { demoSecrets, mask, scanDir, scanText } from './scan-logs.mjs';

const patient = demoPatients(localDate(new Date(), 'Asia/Shanghai'))[3]!;
const secrets = demoSecrets();
const script = fileURLToPath(new URL('scan-logs.mjs', import.meta.url));
/** A valid resident ID number that is no demo patient's. */
const stranger = '44030519900307123';
const strangerId = stranger + residentIdCheckChar(stranger);

/** What a clean run writes: JSON request logs with opaque ids, Chromium's console, coturn. */
const CLEAN = [
  '{"level":30,"time":1763912345678,"pid":4242,"reqId":"0b6c3c0e-1d5e-4d55-9d0e-5d1c2a9f1e11","req":{"method":"GET","url":"/api/patients/pat_7f3a9c/lab-reports"},"msg":"incoming request"}',
  '{"level":30,"time":1763912345702,"res":{"statusCode":200},"responseTime":23.871,"msg":"request completed"}',
  '[11819:11819:1123/163406.759071:INFO:CONSOLE:1] "ihkit: signed in as usr_01HZX", source: http://localhost:41234/ (1)',
  '0: : session 001000000000000001: realm <ihkit.test> user <1763999999:usr_01HZX>: incoming packet ALLOCATE processed, success',
].join('\n');

function plantedDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-scan-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function runScan(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => execFile(process.execPath, [script, dir], (error, stdout) => resolve({ code: error ? Number(error.code) : 0, out: stdout })));
}

test('the demo data gives the names, ID numbers and phones to look for', () => {
  assert.ok(secrets.names.includes(patient.name));
  assert.ok(secrets.idNumbers.includes(patient.idNumber));
  assert.ok(secrets.phones.includes(patient.phone));
  assert.ok(secrets.names.length >= 10);
});

test('each kind of leak is found, in every spelling; opaque ids, timestamps and durations are not', () => {
  assert.deepEqual(scanText(CLEAN, secrets), []);
  const kinds = (text: string) => scanText(text, secrets).map((f) => f.kind);
  assert.deepEqual(kinds(`{"msg":"booked for ${patient.name}"}`), ['name']);
  assert.deepEqual(kinds(`{"req":{"url":"/api/patients?name=${encodeURIComponent(patient.name)}"}}`), ['name']);
  const escaped = [...patient.name].map((c) => `\\u${c.charCodeAt(0).toString(16)}`).join('');
  assert.deepEqual(kinds(`{"msg":"${escaped}"}`), ['name']);
  assert.deepEqual(kinds(`(0010,0010) PatientName ${[...patient.name][0]}^${[...patient.name].slice(1).join('')}`), ['name']);
  assert.deepEqual(kinds(`{"idNumber":"${patient.idNumber.toLowerCase()}"}`), ['id-number']);
  assert.deepEqual(kinds(`lookup ${strangerId} failed`), ['id-number'], 'any valid resident ID number');
  const wrongCheck = stranger + (residentIdCheckChar(stranger) === '0' ? '1' : '0');
  assert.deepEqual(kinds(`lookup ${wrongCheck} failed`), [], 'a wrong check character is no ID number');
  assert.deepEqual(kinds(`sms to ${patient.phone}`), ['phone']);
  assert.deepEqual(kinds(`"phone":"${patient.phone}"`), ['phone']);
  assert.deepEqual(kinds(`"responseTime":2.3871${patient.phone}5`), [], 'a float whose decimals hold the digits is not a phone');
  assert.deepEqual(kinds('"phone":"13912345678"'), ['mobile']);
  assert.deepEqual(kinds('"time":13912345678901'), [], 'a longer number is not a phone');
  assert.deepEqual(kinds('"reqId":"e9b26fa3-7cf4-4b21-b923-a17325928486"'), [], 'a request id is not a phone');
});

test('a directory scan names the file and line of each finding, and counts what it read', () => {
  const dir = plantedDir({ 'portal-gateway.log': CLEAN, 'reports-chromium.log': `${CLEAN}\n[1:1:1123/163406.1:INFO:CONSOLE:1] "patient ${patient.name}", source: x (1)` });
  try {
    const result = scanDir(dir, secrets);
    assert.equal(result.files, 2);
    assert.equal(result.lines, 9);
    assert.deepEqual(result.findings, [{ file: 'reports-chromium.log', line: 5, kind: 'name', match: patient.name }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run as a script: fails on a planted leak (masked in its output), passes clean logs, fails on none', async () => {
  const leaky = plantedDir({ 'a/gateway.log': `${CLEAN}\n{"msg":"${patient.idNumber}"}`, 'b/console.log': `{"text":"${patient.name}"}` });
  const clean = plantedDir({ 'gateway.log': CLEAN });
  const empty = plantedDir({});
  try {
    const found = await runScan(leaky);
    assert.equal(found.code, 1);
    assert.match(found.out, /2 files, 6 lines/);
    assert.match(found.out, /a\/gateway\.log:5: id-number/);
    assert.match(found.out, /b\/console\.log:1: name/);
    assert.ok(found.out.includes(mask(patient.idNumber)) && !found.out.includes(patient.idNumber), 'the number itself is not printed');
    assert.ok(found.out.includes(mask(patient.name)) && !found.out.includes(patient.name), 'nor the name');
    const passed = await runScan(clean);
    assert.equal(passed.code, 0, passed.out);
    assert.match(passed.out, /1 files, 4 lines/);
    assert.equal((await runScan(empty)).code, 1, 'nothing written is not a pass');
  } finally {
    for (const d of [leaky, clean, empty]) rmSync(d, { recursive: true, force: true });
  }
});
