/**
 * Guided triage (智能导诊): from where it hurts, what the patient feels, how long and a few
 * yes/no follow-up questions, to the hospital's departments that fit — or, when a red flag
 * applies, to the emergency department / 120 and nothing else. The rules are the hospital's
 * (`TriageRules`, served by the gateway's getTriageRules and checked when it starts); this
 * module is pure, so it runs in the browser and what the patient answers never leaves it.
 *
 * Sex and age decide what is offered and what may come out: a symptom, question, route or
 * department limited to a band is ignored for anyone outside it (a male patient never gets a
 * female-only department, whatever he picked), and `children` sends a child to paediatrics.
 */
import type { components } from './api.gen.js';

type Schemas = components['schemas'];
export type TriageRules = Schemas['TriageRules'];
export type TriageText = Schemas['TriageText'];
export type TriageWhen = Schemas['TriageWhen'];
export type TriageDuration = Schemas['TriageDuration'];
export type TriageSex = Schemas['TriageSex'];
export type TriageSymptom = TriageRules['symptoms'][number];
export type TriageQuestion = TriageRules['questions'][number];
export type TriageBodyArea = TriageRules['bodyAreas'][number];
export type TriageRedFlag = TriageRules['redFlags'][number];
export type TriageRoute = TriageRules['routes'][number];

export const TRIAGE_DURATIONS: readonly TriageDuration[] = ['hours', 'days', 'weeks', 'months'];

/** Who is being triaged: age in years (fractions for babies) and sex, from the patient's record. */
export interface TriagePatient {
  ageYears: number;
  sex: TriageSex;
}

/** What the patient answered. */
export interface TriageAnswers {
  /** Symptom keys chosen (from any body area). */
  symptoms: readonly string[];
  duration?: TriageDuration;
  /** Follow-up questions answered yes; the others count as no. */
  yes?: readonly string[];
}

export interface TriageSuggestion {
  departmentId: string;
  score: number;
  /** Why, one text per route that applied, strongest first, without repeats. */
  reasons: TriageText[];
}

export type TriageResult =
  /** A red flag applies: emergency department or 120 now; no departments are offered. */
  | { kind: 'emergency'; redFlags: { id: string; advice: TriageText }[]; phone: string }
  /** Departments that fit, best first. */
  | { kind: 'departments'; departments: TriageSuggestion[] }
  /** Nothing in the rules fits: ask the hospital (its enquiry desk), or pick a department yourself. */
  | { kind: 'none' };

type Band = { sex?: TriageSex; minAgeYears?: number; maxAgeYears?: number };

/** Whether a band (sex, ages from inclusive, to exclusive) includes the patient. */
export function inBand(band: Band, patient: TriagePatient): boolean {
  if (band.sex && band.sex !== patient.sex) return false;
  if (band.minAgeYears !== undefined && patient.ageYears < band.minAgeYears) return false;
  if (band.maxAgeYears !== undefined && patient.ageYears >= band.maxAgeYears) return false;
  return true;
}

/** A body area's symptoms this patient may choose (sex and age), in the rules' order. */
export function triageSymptoms(rules: TriageRules, bodyAreaId: string, patient: TriagePatient): TriageSymptom[] {
  const area = rules.bodyAreas.find((a) => a.id === bodyAreaId);
  if (!area) return [];
  const byId = new Map(rules.symptoms.map((s) => [s.id, s]));
  return area.symptoms.map((id) => byId.get(id)).filter((s): s is TriageSymptom => !!s && inBand(s, patient));
}

/** The body areas with at least one symptom this patient may choose. */
export function triageBodyAreas(rules: TriageRules, patient: TriagePatient): TriageBodyArea[] {
  return rules.bodyAreas.filter((a) => triageSymptoms(rules, a.id, patient).length > 0);
}

/** The follow-up questions for the chosen symptoms, in the rules' order. */
export function triageQuestions(rules: TriageRules, symptoms: readonly string[], patient: TriagePatient): TriageQuestion[] {
  const chosen = eligibleSymptoms(rules, symptoms, patient);
  return rules.questions.filter((q) => inBand(q, patient) && q.askWhen.some((s) => chosen.has(s)));
}

function eligibleSymptoms(rules: TriageRules, symptoms: readonly string[], patient: TriagePatient): Set<string> {
  const byId = new Map(rules.symptoms.map((s) => [s.id, s]));
  return new Set(symptoms.filter((id) => { const s = byId.get(id); return !!s && inBand(s, patient); }));
}

function applies(when: TriageWhen, symptoms: ReadonlySet<string>, yes: ReadonlySet<string>, duration: TriageDuration | undefined, patient: TriagePatient): boolean {
  if (!inBand(when, patient)) return false;
  if (when.anySymptoms && !when.anySymptoms.some((s) => symptoms.has(s))) return false;
  if (when.allSymptoms && !when.allSymptoms.every((s) => symptoms.has(s))) return false;
  if (when.anyYes && !when.anyYes.some((q) => yes.has(q))) return false;
  if (when.allYes && !when.allYes.every((q) => yes.has(q))) return false;
  if (when.durations && (!duration || !when.durations.includes(duration))) return false;
  return true;
}

/**
 * Triage: red flags first (any that applies stops here), then the routes that apply, their
 * scores summed per department, children moved to `children.department`, departments whose
 * band leaves the patient out dropped, ranked by score (ties: the rules' order).
 * Symptoms and questions outside the patient's band count as not chosen / not answered.
 */
export function triage(rules: TriageRules, answers: TriageAnswers, patient: TriagePatient): TriageResult {
  const symptoms = eligibleSymptoms(rules, answers.symptoms, patient);
  const asked = new Set(triageQuestions(rules, [...symptoms], patient).map((q) => q.id));
  const yes = new Set((answers.yes ?? []).filter((q) => asked.has(q)));
  const redFlags = rules.redFlags.filter((f) => applies(f.when, symptoms, yes, answers.duration, patient));
  if (redFlags.length > 0) return { kind: 'emergency', redFlags: redFlags.map((f) => ({ id: f.id, advice: f.advice })), phone: rules.emergencyPhone ?? '120' };

  const child = rules.children && patient.ageYears < rules.children.underAgeYears ? rules.children : undefined;
  const bands = new Map((rules.departments ?? []).map((d) => [d.id, d]));
  const open = (id: string): boolean => { const band = bands.get(id); return !band || inBand(band, patient); };
  const found = new Map<string, { score: number; order: number; reasons: { text: TriageText; score: number }[] }>();
  rules.routes.forEach((route, order) => {
    if (!applies(route.when, symptoms, yes, answers.duration, patient)) return;
    let departmentId = route.department;
    if (child && departmentId !== child.department && !child.keep?.includes(departmentId) && open(child.department)) departmentId = child.department;
    if (!open(departmentId)) return;
    const entry = found.get(departmentId) ?? { score: 0, order, reasons: [] };
    entry.score += route.score;
    entry.reasons.push({ text: route.reason, score: route.score });
    found.set(departmentId, entry);
  });
  if (found.size === 0) return { kind: 'none' };
  const departments = [...found.entries()]
    .sort(([, a], [, b]) => b.score - a.score || a.order - b.order)
    .map(([departmentId, e]) => ({ departmentId, score: e.score, reasons: uniqueTexts(e.reasons.sort((a, b) => b.score - a.score).map((r) => r.text)) }));
  return { kind: 'departments', departments };
}

function uniqueTexts(texts: TriageText[]): TriageText[] {
  const seen = new Set<string>();
  return texts.filter((t) => (seen.has(t['zh-CN']) ? false : (seen.add(t['zh-CN']), true)));
}

/** A text in the reader's language: zh-TW falls back to zh-CN, anything else to en. */
export function triageText(text: TriageText, locale: string): string {
  if (/^zh-(TW|HK|MO|Hant)/i.test(locale)) return text['zh-TW'] ?? text['zh-CN'];
  if (/^zh/i.test(locale)) return text['zh-CN'];
  return text.en;
}

/**
 * Age in years on `today` (both YYYY-MM-DD, the hospital's calendar), in whole months / 12 so
 * that a baby's months count (0.25 = 3 months).
 */
export function triageAge(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let months = (ty - by) * 12 + (tm - bm);
  if (td < bd) months -= 1;
  return Math.max(0, months) / 12;
}

/**
 * What a rules file names but does not define, or defines twice: keys of symptoms, questions,
 * body areas and red flags must be unique, every symptom a body area, question or condition
 * names must exist, every question a condition names must exist, every band must be a real
 * range, and every symptom must be reachable from a body area. Each problem names its place
 * as a JSON pointer (`/routes/3/when/anySymptoms/0`). The gateway refuses rules with any.
 */
export function triageRulesProblems(rules: TriageRules): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  const unique = (list: readonly { id: string }[], at: string): Set<string> => {
    const ids = new Set<string>();
    list.forEach((x, i) => { if (ids.has(x.id)) problems.push({ pointer: `/${at}/${i}/id`, message: `"${x.id}" is defined twice` }); ids.add(x.id); });
    return ids;
  };
  const symptoms = unique(rules.symptoms, 'symptoms');
  const questions = unique(rules.questions, 'questions');
  unique(rules.bodyAreas, 'bodyAreas');
  unique(rules.redFlags, 'redFlags');
  unique(rules.departments ?? [], 'departments');
  const known = (ids: readonly string[] | undefined, set: Set<string>, what: string, at: string): void =>
    ids?.forEach((id, i) => { if (!set.has(id)) problems.push({ pointer: `${at}/${i}`, message: `names ${what} "${id}", which the rules do not define` }); });
  const band = (b: Band, at: string): void => {
    if (b.minAgeYears !== undefined && b.maxAgeYears !== undefined && b.minAgeYears >= b.maxAgeYears) problems.push({ pointer: at, message: `minAgeYears ${b.minAgeYears} is not below maxAgeYears ${b.maxAgeYears}` });
  };
  const when = (w: TriageWhen, at: string): void => {
    known(w.anySymptoms, symptoms, 'symptom', `${at}/anySymptoms`);
    known(w.allSymptoms, symptoms, 'symptom', `${at}/allSymptoms`);
    known(w.anyYes, questions, 'question', `${at}/anyYes`);
    known(w.allYes, questions, 'question', `${at}/allYes`);
    band(w, at);
  };
  const inArea = new Set(rules.bodyAreas.flatMap((a) => a.symptoms));
  rules.bodyAreas.forEach((a, i) => known(a.symptoms, symptoms, 'symptom', `/bodyAreas/${i}/symptoms`));
  rules.symptoms.forEach((s, i) => {
    band(s, `/symptoms/${i}`);
    if (!inArea.has(s.id)) problems.push({ pointer: `/symptoms/${i}/id`, message: `"${s.id}" is in no body area, so no one can choose it` });
  });
  rules.questions.forEach((q, i) => { band(q, `/questions/${i}`); known(q.askWhen, symptoms, 'symptom', `/questions/${i}/askWhen`); });
  (rules.departments ?? []).forEach((d, i) => band(d, `/departments/${i}`));
  rules.redFlags.forEach((f, i) => when(f.when, `/redFlags/${i}/when`));
  rules.routes.forEach((r, i) => when(r.when, `/routes/${i}/when`));
  return problems;
}

/** Every department id the rules name (routes, children, bands), for checking them against the HIS's list. */
export function triageDepartmentIds(rules: TriageRules): string[] {
  const ids = new Set<string>(rules.routes.map((r) => r.department));
  if (rules.children) { ids.add(rules.children.department); rules.children.keep?.forEach((id) => ids.add(id)); }
  (rules.departments ?? []).forEach((d) => ids.add(d.id));
  return [...ids];
}
