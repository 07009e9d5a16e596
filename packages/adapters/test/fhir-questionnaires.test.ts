/**
 * Follow-up questionnaires in FHIR R4 (fhir/questionnaires.ts), against the FHIR server the
 * adapters' tests use (Medplum's router): PHQ-9 and GAD-7 as Questionnaires (texts in three
 * languages, scored options), a patient's answers as a QuestionnaireResponse, the score as an
 * Observation of 44261-6 / 70274-6 derived from it; each valid R4, stored, and found.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateResource } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import { GAD_7, PHQ_9, type CareQuestionnaireResponse } from '@ihkit/core';
import { createFhirClient, toFhirQuestionnaire, toFhirQuestionnaireResponse, toFhirScoreObservation, type Fhir, type FhirClient } from '@ihkit/adapters';
import { startFhirServer, type FhirTestServer } from './helpers/fhir-server.js';

const valid = (r: object) => assert.doesNotThrow(() => validateResource(r as MedplumResource), JSON.stringify(r));

const RESPONSE: CareQuestionnaireResponse = {
  id: 'qr_1', planId: 'plan_1', questionnaire: 'phq-9', status: 'completed', authored: '2026-12-02T01:00:00.000Z',
  item: PHQ_9.item.map((i, n) => ({ linkId: i.linkId, answer: [{ valueCoding: { code: i.answerOption![n === 8 ? 1 : 2]!.valueCoding.code } }] })),
  score: 17, band: 'moderately-severe', flags: ['self-harm'], alertId: 'alert_1',
};

describe('follow-up questionnaires as FHIR R4', () => {
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
