/**
 * Follow-up care in FHIR R4 (fhir/care.ts), against the FHIR server the adapters' tests use
 * (Medplum's router): a plan becomes a CarePlan, readings vital-signs Observations in LOINC (the
 * BP panel 85354-9 with 8480-6 / 8462-4, heart rate 8867-4, body weight 29463-7, glucose 2339-0
 * and fasting 1558-6 in mg/dL), questionnaires (fhir/questionnaires.ts) Questionnaires, their
 * answers QuestionnaireResponses and the score an Observation of 44261-6 / 70274-6 derived from
 * them; each is valid R4, is stored, and is found by its code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateResource } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import { GAD_7, PHQ_9, type CarePlan, type CareQuestionnaireResponse, type CareReading } from '@ihkit/core';
import { createFhirClient, toFhirCarePlan, toFhirObservations, toFhirQuestionnaire, toFhirQuestionnaireResponse, toFhirScoreObservation, type Fhir, type FhirClient } from '@ihkit/adapters';
import { startFhirServer, type FhirTestServer } from './helpers/fhir-server.js';

const PLAN: CarePlan = {
  id: 'plan_1', patientId: 'pat_1', templateId: 'hypertension', version: 2, status: 'active', startedAt: '2026-11-01T02:00:00.000Z',
  measures: [{ kind: 'blood-pressure', everyDays: 1 }, { kind: 'weight', everyDays: 7 }],
  thresholds: [{ metric: 'systolic', unit: 'mmHg', targetLow: 90, targetHigh: 140, alertLow: 90, alertHigh: 160 }],
  revisitEveryDays: 90, nextRevisitOn: '2027-01-30', tasks: [], openAlerts: 0,
};
const reading = (over: Partial<CareReading>): CareReading => ({
  id: 'rdg_1', planId: PLAN.id, kind: 'blood-pressure', takenAt: '2026-12-01T23:30:00.000Z', recordedAt: '2026-12-01T23:31:00.000Z', source: 'bluetooth', breaches: [], ...over,
});

const codes = (o: Fhir.Observation) => o.code?.coding?.map((c) => `${c.system}|${c.code}`);
/** Valid R4 by Medplum's validator (it throws on the first error, e.g. a required element left out). */
const valid = (r: object) => assert.doesNotThrow(() => validateResource(r as MedplumResource), JSON.stringify(r));

const RESPONSE: CareQuestionnaireResponse = {
  id: 'qr_1', planId: 'plan_1', questionnaire: 'phq-9', status: 'completed', authored: '2026-12-02T01:00:00.000Z',
  item: PHQ_9.item.map((i, n) => ({ linkId: i.linkId, answer: [{ valueCoding: { code: i.answerOption![n === 8 ? 1 : 2]!.valueCoding.code } }] })),
  score: 17, band: 'moderately-severe', flags: ['self-harm'], alertId: 'alert_1',
};

describe('follow-up care as FHIR R4', () => {
  let server: FhirTestServer;
  let client: FhirClient;
  let patientRef: string;

  before(async () => {
    server = await startFhirServer();
    client = createFhirClient({ baseUrl: server.baseUrl });
    const { resource } = await client.create<Fhir.Patient>({ resourceType: 'Patient', name: [{ text: '测试' }] } as Fhir.Patient);
    patientRef = `Patient/${resource.id}`;
  });
  after(() => server?.close());

  test('a plan is a CarePlan with its readings and revisit as scheduled activities; an ended one is completed or revoked', async () => {
    const fhir = toFhirCarePlan(PLAN, patientRef);
    valid(fhir);
    assert.equal(fhir.status, 'active');
    assert.deepEqual(fhir.activity!.map((a) => [a.detail!.kind, a.detail!.code?.coding?.[0]?.code ?? a.detail!.description, a.detail!.scheduledTiming!.repeat!.period]),
      [['ServiceRequest', '85354-9', 1], ['ServiceRequest', '29463-7', 7], ['Appointment', 'revisit', 90]]);
    const { resource } = await client.create(fhir);
    const found = await client.search<Fhir.FhirCarePlan>('CarePlan', { subject: patientRef, status: 'active' });
    assert.deepEqual(found.resources.map((r) => r.id), [resource.id]);
    assert.deepEqual(found.resources[0]!.identifier, [{ system: 'urn:ihkit:care-plan', value: 'plan_1' }]);
    assert.equal(toFhirCarePlan({ ...PLAN, status: 'ended', endedAt: '2026-12-05T00:00:00.000Z', endReason: 'goal-met' }, patientRef).status, 'completed');
    const revoked = toFhirCarePlan({ ...PLAN, status: 'ended', endedAt: '2026-12-05T00:00:00.000Z', endReason: 'declined' }, patientRef);
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.period!.end, '2026-12-05T00:00:00.000Z');
    valid(revoked);
  });

  test('a blood pressure with a pulse: the BP panel (systolic, diastolic in mm[Hg], flagged) and a heart rate, both vital signs', async () => {
    const obs = toFhirObservations(reading({
      systolic: 172, diastolic: 96, pulse: 88,
      breaches: [{ metric: 'systolic', value: 172, bound: 160, direction: 'high', level: 'alert' }, { metric: 'diastolic', value: 96, bound: 90, direction: 'high', level: 'target' }],
    }), patientRef, 'CarePlan/x');
    assert.equal(obs.length, 2);
    const [bp, hr] = obs as [Fhir.Observation, Fhir.Observation];
    for (const o of obs) valid(o);
    assert.deepEqual(codes(bp), ['http://loinc.org|85354-9']);
    assert.deepEqual(bp.meta!.profile, ['http://hl7.org/fhir/StructureDefinition/bp']);
    assert.equal(bp.category![0]!.coding![0]!.code, 'vital-signs');
    assert.deepEqual(bp.component!.map((c) => [c.code.coding![0]!.code, c.valueQuantity!.value, c.valueQuantity!.code, c.interpretation?.[0]?.coding?.[0]?.code]),
      [['8480-6', 172, 'mm[Hg]', 'HH'], ['8462-4', 96, 'mm[Hg]', 'H']]);
    assert.deepEqual(codes(hr), ['http://loinc.org|8867-4']);
    assert.deepEqual([hr.valueQuantity!.value, hr.valueQuantity!.code, hr.interpretation], [88, '/min', undefined]);
    assert.equal(bp.effectiveDateTime, '2026-12-01T23:30:00.000Z');
    assert.equal(bp.method!.text, 'Bluetooth meter');
    for (const o of obs) await client.create(o);
    const panels = await client.search<Fhir.Observation>('Observation', { subject: patientRef, code: 'http://loinc.org|85354-9' });
    assert.equal(panels.resources.length, 1);
    assert.equal((await client.search<Fhir.Observation>('Observation', { subject: patientRef, code: 'http://loinc.org|8867-4' })).resources.length, 1);
  });

  test('glucose in mg/dL by meal (fasting 1558-6, else 2339-0, laboratory), and weight in kg', async () => {
    const [fasting] = toFhirObservations(reading({ kind: 'glucose', meal: 'fasting', glucose: 7.2, breaches: [{ metric: 'glucose-fasting', value: 7.2, bound: 7.1, direction: 'high', level: 'target' }] }), patientRef);
    const [after] = toFhirObservations(reading({ kind: 'glucose', meal: 'after-meal', glucose: 3.5, breaches: [{ metric: 'glucose-after-meal', value: 3.5, bound: 3.9, direction: 'low', level: 'alert' }] }), patientRef);
    const [weight] = toFhirObservations(reading({ kind: 'weight', weight: 71.5, source: 'manual' }), patientRef);
    for (const o of [fasting!, after!, weight!]) {
      valid(o);
      await client.create(o);
    }
    assert.deepEqual([codes(fasting!), fasting!.valueQuantity, fasting!.interpretation![0]!.coding![0]!.code], [['http://loinc.org|1558-6'], { value: 129.7, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' }, 'H']);
    assert.deepEqual([codes(after!), after!.valueQuantity!.value, after!.interpretation![0]!.coding![0]!.code], [['http://loinc.org|2339-0'], 63.1, 'LL']);
    assert.equal(fasting!.category![0]!.coding![0]!.code, 'laboratory');
    assert.equal(fasting!.meta, undefined, 'no vital-signs profile for glucose');
    assert.deepEqual([codes(weight!), weight!.valueQuantity!.value, weight!.valueQuantity!.code, weight!.meta!.profile], [['http://loinc.org|29463-7'], 71.5, 'kg', ['http://hl7.org/fhir/StructureDefinition/bodyweight']]);
    assert.equal((await client.search<Fhir.Observation>('Observation', { subject: patientRef, code: 'http://loinc.org|1558-6' })).resources.length, 1);
    assert.equal((await client.search<Fhir.Observation>('Observation', { subject: patientRef, category: 'vital-signs' })).resources.length, 3, 'BP, heart rate, weight');
  });

  test('PHQ-9 and GAD-7 are Questionnaires with their LOINC codes, texts in three languages and scored options', async () => {
    const phq = toFhirQuestionnaire(PHQ_9);
    valid(phq);
    valid(toFhirQuestionnaire(GAD_7));
    assert.equal(phq.item!.length, 9);
    assert.equal(phq.item![8]!.code![0]!.code, '44260-8');
    assert.equal(phq.item![0]!.text, '做事时提不起劲或没有兴趣');
    const translations = phq.item![0]!._text!.extension!.map((e) => e.extension!.map((x) => x.valueCode ?? x.valueString));
    assert.deepEqual(translations, [['zh-TW', '做事時提不起勁或沒有興趣'], ['en', 'Little interest or pleasure in doing things']]);
    assert.deepEqual(phq.item![0]!.answerOption!.map((o) => [o.valueCoding!.code, o.extension![0]!.valueDecimal]), [['LA6568-5', 0], ['LA6569-3', 1], ['LA6570-1', 2], ['LA6571-9', 3]]);
    await client.create(phq);
    const found = await client.search<Fhir.FhirQuestionnaire>('Questionnaire', { url: PHQ_9.url });
    assert.equal(found.resources.length, 1);
  });

  test('the answers are a QuestionnaireResponse, and the score an Observation of 44261-6 derived from it', async () => {
    const fhir = toFhirQuestionnaireResponse(RESPONSE, patientRef, 'CarePlan/plan-1');
    valid(fhir);
    assert.equal(fhir.questionnaire, PHQ_9.url);
    assert.deepEqual(fhir.item![8]!.answer, [{ valueCoding: { system: 'http://loinc.org', code: 'LA6569-3', display: 'Several days' } }]);
    const { resource } = await client.create(fhir);
    const score = toFhirScoreObservation(RESPONSE, patientRef, `QuestionnaireResponse/${resource.id}`, 'CarePlan/plan-1');
    valid(score);
    assert.equal(score.valueInteger, 17);
    await client.create(score);
    const scores = await client.search<Fhir.Observation>('Observation', { subject: patientRef, code: 'http://loinc.org|44261-6' });
    assert.deepEqual(scores.resources.map((o) => [o.valueInteger, o.derivedFrom![0]!.reference]), [[17, `QuestionnaireResponse/${resource.id}`]]);
    const answered = await client.search<Fhir.FhirQuestionnaireResponse>('QuestionnaireResponse', { subject: patientRef, questionnaire: PHQ_9.url });
    assert.deepEqual(answered.resources.map((r) => r.identifier!.value), ['qr_1']);
    const gad = toFhirScoreObservation({ ...RESPONSE, questionnaire: 'gad-7', score: 12, band: 'moderate', flags: [] }, patientRef, `QuestionnaireResponse/${resource.id}`);
    assert.equal(gad.code!.coding![0]!.code, '70274-6');
    valid(gad);
  });
});
