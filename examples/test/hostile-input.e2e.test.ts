/**
 * End to end, hostile input through the real gateway: XSS payloads as a family member's name
 * (from the hospital's records), a consult's complaint, chat messages, the doctor's record, a
 * prescription's drug note and long-supply reason, and the pharmacist's reason and note. The
 * gateway keeps each verbatim; the portal and the staff console show each literally, and none
 * runs: nothing calls the payloads' hook, no dialog opens, no element or URL of theirs is in the
 * page, and the pages' strict CSP reports nothing (a blocked attempt would be reported).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '@ihkit/core';
import type { Locator } from 'playwright-core';
import { apiAs, demoAndBrowser, openAs, shot, type SignedInPage } from './demo-browser.js';
import { XSS_HOOK, findInjected, shownText, xssAllInOne, xssCorpus } from '../../packages/widgets/test/xss-corpus.js';

const env = demoAndBrowser();

/** What a page reports: payload hook calls, dialogs and CSP violations (installed before the page's own scripts). */
function watch(): void {
  const w = window as unknown as Record<string, unknown>;
  const seen: string[] = [];
  w.__hostile = seen;
  w.__xss = (id: string) => seen.push(`ran: ${id}`);
  // tsx keeps function names with a helper the page does not have (for the functions evaluated below).
  w.__name = (f: unknown) => f;
  document.addEventListener('securitypolicyviolation', (e) => seen.push(`CSP: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`), true);
}

/** Nothing ran, nothing was added or blocked, and every text in `texts` shows literally somewhere in `where`. */
async function assertHarmless(signedIn: SignedInPage, where: Locator, texts: string[], label: string): Promise<void> {
  const { page } = signedIn;
  await page.waitForTimeout(300); // an image's error, a dialog, a CSP report
  assert.equal(XSS_HOOK, '__xss');
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __hostile: string[] }).__hostile), [], `${label}: ran or was blocked`);
  assert.deepEqual(await page.evaluate(findInjected, undefined), [], `${label}: in the page`);
  const shown = await where.evaluate(shownText);
  for (const text of texts) assert.ok(shown.includes(text.replace(/\s+/g, ' ')), `${label}: not shown literally: ${text.slice(0, 80)}`);
  assert.deepEqual(signedIn.errors, [], `${label}: page errors`);
}

test('payloads stored through the real gateway are kept verbatim and shown literally in the portal and the staff console; none runs', async () => {
  const patient = await apiAs(env, 'zhangwei');
  const doctor = await apiAs(env, 'dr.zhou');
  const pharmacist = await apiAs(env, 'ph.sun');
  const dialogs: string[] = [];

  // A family member whose name in the hospital's records is a payload (names are the HIS's; the portal links them by name and ID number).
  const name = xssCorpus('name', 64).find((p) => p.id.startsWith('img@'))!.text;
  const first17 = '11010119900307123';
  const idNumber = first17 + residentIdCheckChar(first17);
  await env.demo.db.query("INSERT INTO demo_patients (id, name, gender, birth_date, id_number) VALUES ('pat_hostile', $1, 'male', '1990-03-07', $2)", [name, idNumber]);
  const member = await patient.call('POST', '/patients', { name, idNumber, relation: 'other' });
  assert.equal(member.name, name);

  // Consult A, in progress: a complaint and messages both ways. Consult B, completed: the record.
  const self = (await patient.call('GET', '/patients')).items.find((p: { relation: string }) => p.relation === 'self').id;
  const condition = (await patient.call('GET', `/patients/${self}/conditions`)).items.find((c: { code: string }) => c.code === 'I10');
  const consultOf = async (complaint: string) => {
    const c = await patient.call('POST', '/consults', { patientId: self, doctorId: condition.doctorId, encounterId: condition.encounterId, conditionCode: 'I10', complaint });
    const order = await patient.call('POST', `/consults/${c.id}/payment`);
    await patient.call('POST', `/payments/${order.id}/sandbox-pay`);
    await doctor.call('POST', `/consults/${c.id}/accept`);
    return c.id as string;
  };
  const text = {
    complaint: xssAllInOne('complaint', 2000),
    patientSays: xssAllInOne('patient', 2000),
    doctorSays: xssAllInOne('doctor', 2000),
    record: { complaint: xssAllInOne('rc', 2000), diagnosis: xssAllInOne('rd', 500), advice: xssAllInOne('ra', 4000) },
    note: xssAllInOne('note', 200),
    longSupply: xssAllInOne('long', 500),
    returned: xssAllInOne('return', 500),
    approved: xssAllInOne('approve', 500),
  };
  const a = await consultOf(text.complaint);
  await doctor.call('POST', `/consults/${a}/messages`, { text: text.doctorSays });
  await patient.call('POST', `/consults/${a}/messages`, { text: text.patientSays });
  const b = await consultOf('血压平稳。');
  await doctor.call('POST', `/consults/${b}/messages`, { text: '您好' });
  await doctor.call('POST', `/consults/${b}/complete`, text.record);

  // A prescription on A with a drug note and a long-supply reason.
  const drug = (await doctor.call('POST', '/drug-search', { q: '氨氯地平' })).items[0];
  const draft = { items: [{ drugId: drug.id, dose: 5, frequency: 'qd', days: 7, note: text.note }], chronic: true, longSupplyReason: text.longSupply };
  const rx = await doctor.call('POST', `/consults/${a}/prescriptions`, draft);

  // Verbatim: what was sent is what the gateway gives back.
  assert.equal((await patient.call('GET', `/consults/${a}`)).complaint, text.complaint);
  const said = (await patient.call('GET', `/consults/${a}/messages`)).items.filter((m: { kind: string }) => m.kind === 'text').map((m: { text: string }) => m.text);
  assert.deepEqual(said, [text.doctorSays, text.patientSays]);
  const { writtenAt: _at, ...record } = (await patient.call('GET', `/consults/${b}`)).record;
  assert.deepEqual(record, text.record);
  assert.equal((await patient.call('GET', '/patients')).items.find((p: { id: string }) => p.id === member.id).name, name);
  const stored = await pharmacist.call('GET', `/prescriptions/${rx.id}`);
  assert.deepEqual([stored.items[0].note, stored.longSupplyReason], [text.note, text.longSupply]);

  const open = async (path: string, username: string) => {
    const signedIn = await openAs(env, path, username, { initScript: watch });
    signedIn.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return signedIn;
  };

  // The pharmacist reviews it: the note and the reason are in view.
  const ph = await open('/staff/', 'ph.sun');
  const review = ph.page.locator('ih-pharmacist-review');
  await review.locator('[part~="queue-item"]').first().click();
  await review.locator('[part~="approve-button"]').waitFor();
  await assertHarmless(ph, review, [text.note, text.longSupply], 'pharmacist: the prescription');
  await shot(ph.page, 'hostile-1-pharmacist');
  const returned = await pharmacist.call('POST', `/prescriptions/${rx.id}/return`, { reason: text.returned });
  assert.equal(returned.review.reason, text.returned);

  // The doctor: the queue, the consult with its complaint and chat, the returned prescription with the reason.
  const dr = await open('/staff/', 'dr.zhou');
  const desk = dr.page.locator('ih-doctor-desk');
  await desk.locator(`[part~="queue-item"][data-consult="${a}"]`).click();
  await desk.locator('[part~="complaint"]').waitFor();
  const editor = dr.page.locator('ih-prescription-editor');
  await editor.locator('[part~="return-reason"]').waitFor();
  await desk.locator('[part~="message"]').filter({ hasText: '@patient' }).first().waitFor();
  await assertHarmless(dr, dr.page.locator('ih-provider'), [text.complaint, text.doctorSays, text.patientSays, text.returned], 'doctor: the consult');
  await shot(dr.page, 'hostile-2-doctor');

  // Revised and approved with a note: the patient sees the prescription, the record, the chat and the family member.
  await doctor.call('POST', `/prescriptions/${rx.id}/revise`, draft);
  const approved = await pharmacist.call('POST', `/prescriptions/${rx.id}/approve`, { note: text.approved });
  assert.equal(approved.review.note, text.approved);
  const me = await open('/', 'zhangwei');
  const clinic = me.page.locator('ih-clinic');
  await clinic.locator('[part~="option"]').filter({ hasText: 'img@name' }).first().waitFor();
  await assertHarmless(me, clinic, [name], 'patient: the family member');
  await clinic.locator('[part~="consults"] [part~="option"]').filter({ hasText: '已完成' }).first().click();
  await clinic.locator('[part~="record"]').waitFor();
  await assertHarmless(me, clinic, Object.values(text.record), 'patient: the record');
  await clinic.locator('[part~="new-button"]').click();
  await clinic.locator('[part~="consults"] [part~="option"]').filter({ hasText: '问诊中' }).first().click();
  await clinic.locator('[part~="message"]').filter({ hasText: '@patient' }).first().waitFor();
  await assertHarmless(me, clinic, [text.doctorSays, text.patientSays], 'patient: the chat');
  const mine = me.page.locator('ih-prescriptions');
  await mine.locator(`[part~="list-item"][data-prescription="${rx.id}"]`).click();
  await mine.locator('[part~="items"]').waitFor();
  await assertHarmless(me, mine, [text.note], 'patient: the prescription');
  await shot(me.page, 'hostile-3-patient');

  assert.deepEqual(dialogs, [], 'no dialog opened');
});
