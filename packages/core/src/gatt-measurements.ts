/**
 * The standard Bluetooth GATT measurements of home meters, as the Bluetooth SIG's service
 * specifications lay them out, read from the bytes a characteristic sends (little-endian):
 * Blood Pressure Measurement (0x2A35, service Blood Pressure 0x1810), Glucose Measurement
 * (0x2A18) and Glucose Measurement Context (0x2A34, service Glucose 0x1808), and Weight
 * Measurement (0x2A9D, service Weight Scale 0x181D); with the IEEE 11073-20601 SFLOAT (16-bit)
 * and FLOAT (32-bit) numbers they carry. A meter's clock has no time zone: its date and time are
 * read as the browser's local time. Nothing here talks to a device (see <ih-followup>).
 */

export const GATT = {
  bloodPressureService: 0x1810,
  bloodPressureMeasurement: 0x2a35,
  glucoseService: 0x1808,
  glucoseMeasurement: 0x2a18,
  glucoseMeasurementContext: 0x2a34,
  recordAccessControlPoint: 0x2a52,
  weightScaleService: 0x181d,
  weightMeasurement: 0x2a9d,
} as const;

/** An IEEE 11073 special value (NaN, NRes, ±INF, reserved): no number. */
export const NOT_A_NUMBER = undefined;

/** Mantissa × 10^exponent, rounded to the digits the exponent gives (72 × 10⁻¹ is 7.2, not 7.2000000001). */
function scaled(mantissa: number, exponent: number): number {
  const v = mantissa * 10 ** exponent;
  return exponent < 0 ? Number(v.toFixed(-exponent)) : v;
}

/** IEEE 11073 SFLOAT: a 4-bit signed exponent over a 12-bit signed mantissa; undefined for NaN, NRes, ±INF and the reserved value. */
export function readSfloat(view: DataView, offset: number): number | undefined {
  const raw = view.getUint16(offset, true);
  const m = raw & 0x0fff;
  if (m >= 0x07fe && m <= 0x0802) return NOT_A_NUMBER;
  const mantissa = m >= 0x0800 ? m - 0x1000 : m;
  const e = raw >> 12;
  return scaled(mantissa, e >= 0x8 ? e - 0x10 : e);
}

/** IEEE 11073 FLOAT: an 8-bit signed exponent over a 24-bit signed mantissa; undefined for the special values. */
export function readFloat(view: DataView, offset: number): number | undefined {
  const raw = view.getUint32(offset, true);
  const m = raw & 0x00ffffff;
  if (m >= 0x007ffffe && m <= 0x00800002) return NOT_A_NUMBER;
  const mantissa = m >= 0x00800000 ? m - 0x01000000 : m;
  const e = raw >>> 24;
  return scaled(mantissa, e >= 0x80 ? e - 0x100 : e);
}

/** A Date Time (0x2A08): year, month, day, hours, minutes, seconds; undefined when the meter does not know the date (year, month or day 0). */
function readDateTime(view: DataView, offset: number): Date | undefined {
  const year = view.getUint16(offset, true);
  const [month, day, h, min, s] = [2, 3, 4, 5, 6].map((i) => view.getUint8(offset + i)) as [number, number, number, number, number];
  if (!year || !month || !day) return undefined;
  return new Date(year, month - 1, day, h, min, s);
}

export interface BloodPressureMeasurement {
  /** mmHg, converted from kPa when the meter measures in kPa. */
  systolic?: number;
  diastolic?: number;
  meanArterial?: number;
  /** Beats per minute. */
  pulse?: number;
  takenAt?: Date;
  /** The meter's user (0xFF: unknown). */
  userId?: number;
  /** The meter's measurement status bits (body movement, cuff fit, irregular pulse, …). */
  status?: number;
}

const MMHG_PER_KPA = 7.50062;

/** Blood Pressure Measurement (0x2A35). */
export function parseBloodPressure(view: DataView): BloodPressureMeasurement {
  const flags = view.getUint8(0);
  const kpa = (flags & 0x01) !== 0;
  const pressure = (offset: number) => {
    const v = readSfloat(view, offset);
    return v === undefined ? undefined : kpa ? Math.round(v * MMHG_PER_KPA) : v;
  };
  const out: BloodPressureMeasurement = {};
  const set = <K extends keyof BloodPressureMeasurement>(k: K, v: BloodPressureMeasurement[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('systolic', pressure(1));
  set('diastolic', pressure(3));
  set('meanArterial', pressure(5));
  let at = 7;
  if (flags & 0x02) {
    set('takenAt', readDateTime(view, at));
    at += 7;
  }
  if (flags & 0x04) {
    set('pulse', readSfloat(view, at));
    at += 2;
  }
  if (flags & 0x08) {
    set('userId', view.getUint8(at));
    at += 1;
  }
  if (flags & 0x10) set('status', view.getUint16(at, true));
  return out;
}

export interface GlucoseMeasurement {
  /** The meter's record number, which the context of the same record carries too. */
  sequence: number;
  takenAt?: Date;
  /** mmol/L, converted from the meter's kg/L (mg/dL) or mol/L. */
  glucose?: number;
  /** The sample's type (1 capillary whole blood, …) and where it was taken (1 finger, …), as the meter codes them. */
  sampleType?: number;
  sampleLocation?: number;
  /** The meter's sensor status annunciation bits. */
  status?: number;
}

/** Glucose's molar mass, g/mol: mg/dL ÷ 18.016 is mmol/L. */
const GLUCOSE_MG_PER_MMOL = 180.16;

/** Glucose Measurement (0x2A18). */
export function parseGlucose(view: DataView): GlucoseMeasurement {
  const flags = view.getUint8(0);
  const out: GlucoseMeasurement = { sequence: view.getUint16(1, true) };
  const base = readDateTime(view, 3);
  let at = 10;
  let offsetMinutes = 0;
  if (flags & 0x01) {
    offsetMinutes = view.getInt16(at, true);
    at += 2;
  }
  if (base) out.takenAt = new Date(base.getTime() + offsetMinutes * 60_000);
  if (flags & 0x02) {
    const value = readSfloat(view, at);
    const molPerL = (flags & 0x04) !== 0;
    // kg/L × 10⁶ is mg/L; mol/L × 1000 is mmol/L.
    if (value !== undefined) out.glucose = Number((molPerL ? value * 1000 : (value * 1e6) / GLUCOSE_MG_PER_MMOL).toFixed(1));
    const typeLocation = view.getUint8(at + 2);
    out.sampleType = typeLocation & 0x0f;
    out.sampleLocation = typeLocation >> 4;
    at += 3;
  }
  if (flags & 0x08) out.status = view.getUint16(at, true);
  return out;
}

/** The meal of a Glucose Measurement Context (0x2A34), by its code. */
export type GlucoseMeal = 'preprandial' | 'postprandial' | 'fasting' | 'casual' | 'bedtime';
const MEALS: Record<number, GlucoseMeal> = { 1: 'preprandial', 2: 'postprandial', 3: 'fasting', 4: 'casual', 5: 'bedtime' };

/** Glucose Measurement Context (0x2A34): the record it belongs to and, when the meter knows it, the meal. */
export function parseGlucoseContext(view: DataView): { sequence: number; meal?: GlucoseMeal } {
  const flags = view.getUint8(0);
  const sequence = view.getUint16(1, true);
  let at = 3;
  if (flags & 0x80) at += 1; // extended flags
  if (flags & 0x01) at += 3; // carbohydrate id and amount
  const meal = flags & 0x02 ? MEALS[view.getUint8(at)] : undefined;
  return meal ? { sequence, meal } : { sequence };
}

export interface WeightMeasurement {
  /** kg, converted from lb when the scale weighs in pounds; absent when the measurement failed. */
  weight?: number;
  takenAt?: Date;
  userId?: number;
  bmi?: number;
  /** Metres. */
  height?: number;
}

/** Weight Measurement (0x2A9D): SI resolution 0.005 kg and 0.001 m, imperial 0.01 lb and 0.1 in. */
export function parseWeight(view: DataView): WeightMeasurement {
  const flags = view.getUint8(0);
  const imperial = (flags & 0x01) !== 0;
  const raw = view.getUint16(1, true);
  const out: WeightMeasurement = {};
  if (raw !== 0xffff) out.weight = Number((imperial ? raw * 0.01 * 0.45359237 : raw * 0.005).toFixed(imperial ? 2 : 3));
  let at = 3;
  if (flags & 0x02) {
    const t = readDateTime(view, at);
    if (t) out.takenAt = t;
    at += 7;
  }
  if (flags & 0x04) {
    out.userId = view.getUint8(at);
    at += 1;
  }
  if (flags & 0x08) {
    out.bmi = Number((view.getUint16(at, true) * 0.1).toFixed(1));
    const h = view.getUint16(at + 2, true);
    out.height = Number((imperial ? h * 0.1 * 0.0254 : h * 0.001).toFixed(3));
  }
  return out;
}

/**
 * The Record Access Control Point (0x2A52) request for a glucose meter's stored records:
 * "report stored records" (0x01) of "the last record" (0x06). The records come as Glucose
 * Measurement (and Context) notifications, then a response on the control point.
 */
export const REPORT_LAST_GLUCOSE_RECORD = Uint8Array.of(0x01, 0x06);
