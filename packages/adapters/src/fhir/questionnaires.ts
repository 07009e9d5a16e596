/**
 * Follow-up questionnaires in FHIR R4: a questionnaire (@ihkit/core CARE_QUESTIONNAIRES) as a
 * Questionnaire, a patient's answers as a QuestionnaireResponse, and the score the gateway
 * computed as an Observation of the scale's total score (PHQ-9 44261-6, GAD-7 70274-6),
 * derived from the response.
 *
 * - Questionnaire: `url` and `name` the questionnaire's, `language` zh-CN with the zh-TW and en
 *   texts as the standard translation extension on each text; each item's LOINC code, type and
 *   options, each option's score as the `ordinalValue` extension.
 * - QuestionnaireResponse: `completed`, the questionnaire's url, `authored`, `basedOn` the
 *   CarePlan, identified by the gateway's response id; the answers as sent.
 * - Observation: `final`, category `survey`, valueInteger the total, the band as its note,
 *   `derivedFrom` the response, `basedOn` the plan.
 */
import type { CareQuestionnaireResponse, Questionnaire, QuestionnaireText } from '@ihkit/core';
import { CARE_QUESTIONNAIRES } from '@ihkit/core';
import { TRANSLATION_EXTENSION } from './conventions.js';
import type { Extension, FhirQuestionnaire, FhirQuestionnaireResponse, Observation, PrimitiveElement } from './resources.js';

/** The gateway's response ids (`QuestionnaireResponse.identifier.system`). */
export const QUESTIONNAIRE_RESPONSE_ID_SYSTEM = 'urn:ihkit:questionnaire-response';
export const ORDINAL_VALUE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

/** A text in zh-CN, with its zh-TW and en translations on the sibling element. */
const texts = (t: QuestionnaireText): [string, PrimitiveElement] => [t['zh-CN'], {
  extension: (['zh-TW', 'en'] as const).map((lang): Extension => ({ url: TRANSLATION_EXTENSION, extension: [{ url: 'lang', valueCode: lang }, { url: 'content', valueString: t[lang] }] })),
}];

export function toFhirQuestionnaire(q: Questionnaire): FhirQuestionnaire {
  const [title, _title] = texts(q.title);
  const [description, _description] = texts(q.description);
  return {
    resourceType: 'Questionnaire', url: q.url, name: q.name, status: q.status, language: 'zh-CN', title, _title, description, _description, code: q.code,
    item: q.item.map((i) => {
      const [text, _text] = texts(i.text);
      return {
        linkId: i.linkId, text, _text, type: i.type, required: i.required,
        ...(i.code ? { code: i.code } : {}),
        ...(i.maxLength !== undefined ? { maxLength: i.maxLength } : {}),
        ...(i.answerOption ? { answerOption: i.answerOption.map((o) => ({ valueCoding: o.valueCoding, extension: [{ url: ORDINAL_VALUE_EXTENSION, valueDecimal: o.score }] })) } : {}),
      };
    }),
  };
}

/** The answers as a QuestionnaireResponse of the patient (`patientRef`: `Patient/<id>`), of the plan when given. */
export function toFhirQuestionnaireResponse(r: CareQuestionnaireResponse, patientRef: string, planRef?: string): FhirQuestionnaireResponse {
  const q = CARE_QUESTIONNAIRES[r.questionnaire];
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: QUESTIONNAIRE_RESPONSE_ID_SYSTEM, value: r.id },
    questionnaire: q.url,
    status: r.status,
    subject: { reference: patientRef },
    ...(planRef ? { basedOn: [{ reference: planRef }] } : {}),
    authored: r.authored,
    item: r.item.map((i) => ({
      linkId: i.linkId,
      answer: i.answer.map((a) => (a.valueCoding ? { valueCoding: q.item.find((x) => x.linkId === i.linkId)?.answerOption?.find((o) => o.valueCoding.code === a.valueCoding!.code)?.valueCoding ?? a.valueCoding } : a)),
    })),
  };
}

/** The total score as an Observation derived from the response (`responseRef`: `QuestionnaireResponse/<id>`). */
export function toFhirScoreObservation(r: CareQuestionnaireResponse, patientRef: string, responseRef: string, planRef?: string): Observation {
  const q = CARE_QUESTIONNAIRES[r.questionnaire];
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
    code: { coding: [q.scoreCode], text: q.scoreCode.display ?? q.name },
    subject: { reference: patientRef },
    effectiveDateTime: r.authored,
    valueInteger: r.score,
    note: [{ text: `${r.band}${r.flags.length ? `; ${r.flags.join(', ')}` : ''}` }],
    derivedFrom: [{ reference: responseRef }],
    ...(planRef ? { basedOn: [{ reference: planRef }] } : {}),
  };
}
