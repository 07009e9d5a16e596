/**
 * Resident identity card numbers (GB 11643-1999): 6 digits of region, 8 of birth date
 * (YYYYMMDD), 3 of sequence (odd for men, even for women) and a check character computed
 * with ISO 7064 MOD 11-2 ('X' stands for 10).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface ResidentId {
  /** The normalized number (upper-case X). */
  number: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
  regionCode: string;
}

export type ResidentIdProblem = 'LENGTH' | 'CHARACTERS' | 'BIRTH_DATE' | 'CHECK_DIGIT';

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Checks a resident ID number; `today` bounds the birth date (defaults to now). */
export function parseResidentId(input: string, today: Date = new Date()): { ok: true; value: ResidentId } | { ok: false; problem: ResidentIdProblem } {
  const number = input.trim().toUpperCase();
  if (number.length !== 18) return { ok: false, problem: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: 'CHARACTERS' };
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid = y >= 1800 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= today.getTime();
  if (!valid) return { ok: false, problem: 'BIRTH_DATE' };
  if (residentIdCheckChar(number.slice(0, 17)) !== number[17]) return { ok: false, problem: 'CHECK_DIGIT' };
  return {
    ok: true,
    value: {
      number,
      birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: number.slice(0, 6),
    },
  };
}

export function isValidResidentId(input: string, today?: Date): boolean {
  return parseResidentId(input, today).ok;
}

/** Shows the region and check character only: 1101************2X. Safe for screens, never for logs. */
export function maskResidentId(number: string): string {
  return number.length < 8 ? '*'.repeat(number.length) : number.slice(0, 4) + '*'.repeat(number.length - 6) + number.slice(-2);
}

/** Age in whole years on `on` (a YYYY-MM-DD birth date). */
export function ageOn(birthDate: string, on: Date = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}

/** The age below which a patient is a minor, acted for by a guardian. */
export const ADULT_AGE = 18;
