/**
 * A doctor's or pharmacist's record over FHIR R4: the Practitioner and their PractitionerRoles.
 *
 * | Practitioner field | FHIR R4                                                                              |
 * |--------------------|--------------------------------------------------------------------------------------|
 * | name               | Practitioner.name (text, else family + given)                                         |
 * | licenceNumber      | Practitioner.identifier of the licence system (`urn:ihkit:practitioner-licence`), else the licence qualification's identifier |
 * | category, scope    | the licence qualification: coded in `urn:ihkit:practice-category` (clinical, …, pharmacy); scope in its `urn:ihkit:fhir:practice-scope` extensions (valueString) |
 * | permission         | the qualification coded `urn:ihkit:practitioner-qualification` `internet-practice` (a doctor's 互联网诊疗权限) or `pharmacist` (药师资格): its period's start and end, as the hospital's calendar days |
 * | kind               | `pharmacist` when a role is coded `pharmacist` (HL7 practitioner-role) or the licence is a pharmacy one; else `doctor` |
 * | title              | the first role's code other than HL7's practitioner-role code: its text (主任医师, 主管药师 …) |
 * | departmentIds      | the active roles' healthcareService                                                   |
 *
 * An inactive Practitioner is no record. Nothing is guessed: without the qualification, or with
 * a period whose dates cannot be read, there is no permission; of several, the one holding
 * today counts, else the one ending last.
 */
import { localDate, type PracticeCategory, type Practitioner, type PractitionerKind } from '@ihkit/core';
import { codeIn, conceptText, EXT, extensions, personName, PRACTICE_CATEGORY_SYSTEM, PRACTITIONER_QUALIFICATION_SYSTEM, PRACTITIONER_ROLE_SYSTEM } from './conventions.js';
import { idOf, type Period, type Practitioner as FhirPractitioner, type PractitionerRole } from './resources.js';
import type { HisContext } from './context.js';

const CATEGORIES: readonly PracticeCategory[] = ['clinical', 'chinese_medicine', 'dental', 'public_health', 'pharmacy', 'chinese_pharmacy'];
const PHARMACY: readonly PracticeCategory[] = ['pharmacy', 'chinese_pharmacy'];
/** The permission qualification's code, by what the practitioner is. */
const PERMISSION_CODE: Readonly<Record<PractitionerKind, string>> = { doctor: 'internet-practice', pharmacist: 'pharmacist' };

type Qualification = NonNullable<FhirPractitioner['qualification']>[number];

/** A period's start or end as a calendar day in the hospital's zone; undefined when absent, null when unreadable. */
function day(value: string | undefined, timeZone: string): string | undefined | null {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return localDate(new Date(value), timeZone);
  return null; // a year or month alone, or not a date: nothing to trust
}

function permissionOf(qualifications: readonly Qualification[], kind: PractitionerKind, ctx: HisContext): Practitioner['permission'] {
  const today = localDate(ctx.now(), ctx.timeZone);
  const periods: Array<{ from?: string; until?: string }> = [];
  for (const q of qualifications) {
    if (codeIn(q.code, PRACTITIONER_QUALIFICATION_SYSTEM) !== PERMISSION_CODE[kind]) continue;
    const period: Period = q.period ?? {};
    const [from, until] = [day(period.start, ctx.timeZone), day(period.end, ctx.timeZone)];
    if (from === null || until === null) continue;
    periods.push({ ...(from ? { from } : {}), ...(until ? { until } : {}) });
  }
  const holding = periods.find((p) => (!p.from || p.from <= today) && (!p.until || today <= p.until));
  const chosen = holding ?? [...periods].sort((a, b) => (b.until ?? '9999').localeCompare(a.until ?? '9999'))[0];
  return chosen;
}

export interface PractitionerSystems {
  /** Practitioner.identifier system of practising licence numbers (default urn:ihkit:practitioner-licence). */
  licence: string;
}

export async function getPractitioner(practitionerId: string, systems: PractitionerSystems, ctx: HisContext): Promise<Practitioner | undefined> {
  const p = await ctx.client.read<FhirPractitioner>('Practitioner', practitionerId);
  if (!p?.id || p.active === false) return undefined;
  const { resources } = await ctx.client.search<PractitionerRole>('PractitionerRole', { practitioner: `Practitioner/${p.id}` });
  const roles = resources.filter((r) => r.active !== false && idOf(r.practitioner, 'Practitioner') === p.id);

  const qualifications = p.qualification ?? [];
  const licence = qualifications.find((q) => codeIn(q.code, PRACTICE_CATEGORY_SYSTEM));
  const categoryCode = codeIn(licence?.code, PRACTICE_CATEGORY_SYSTEM);
  const category = CATEGORIES.find((c) => c === categoryCode);
  const pharmacistRole = roles.some((r) => r.code?.some((c) => codeIn(c, PRACTITIONER_ROLE_SYSTEM) === 'pharmacist'));
  const kind: PractitionerKind = pharmacistRole || (category && PHARMACY.includes(category)) ? 'pharmacist' : 'doctor';
  const licenceNumber = (p.identifier?.find((i) => i.system === systems.licence && i.value?.trim()) ?? licence?.identifier?.find((i) => i.value?.trim()))?.value?.trim();
  const scope = extensions(licence, EXT.practiceScope).flatMap((e) => e.valueString?.trim() || []);
  const title = roles.flatMap((r) => r.code ?? []).filter((c) => !codeIn(c, PRACTITIONER_ROLE_SYSTEM)).map(conceptText).find(Boolean);
  const departmentIds = [...new Set(roles.flatMap((r) => r.healthcareService?.flatMap((h) => idOf(h, 'HealthcareService') ?? []) ?? []))];
  const permission = permissionOf(qualifications, kind, ctx);

  return {
    id: p.id,
    kind,
    name: personName(p.name).name,
    ...(licenceNumber ? { licenceNumber } : {}),
    ...(category ? { category } : {}),
    ...(scope.length ? { scope } : {}),
    ...(title ? { title } : {}),
    departmentIds,
    ...(permission ? { permission } : {}),
  };
}
