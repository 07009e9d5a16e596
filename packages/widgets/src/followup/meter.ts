/**
 * Reading a home meter over Web Bluetooth for <ih-followup>: the standard GATT profiles only —
 * Blood Pressure (0x1810), Glucose (0x1808, its last stored record asked for through the Record
 * Access Control Point) and Weight Scale (0x181D) —, parsed by @ihkit/core. Loaded only when a
 * patient asks to connect a meter; the browser's own chooser picks the device.
 */
import { GATT, parseBloodPressure, parseGlucose, parseGlucoseContext, parseWeight, REPORT_LAST_GLUCOSE_RECORD, type CareMeasure } from '@ihkit/core';

/** The part of Web Bluetooth used here (not in TypeScript's DOM types). */
interface Characteristic extends EventTarget {
  readonly value?: DataView;
  startNotifications(): Promise<Characteristic>;
  stopNotifications(): Promise<Characteristic>;
  writeValue(value: BufferSource): Promise<void>;
}
interface Service {
  getCharacteristic(uuid: number): Promise<Characteristic>;
}
interface Server {
  connected: boolean;
  getPrimaryService(uuid: number): Promise<Service>;
  disconnect(): void;
}
export interface WebBluetooth {
  requestDevice(options: { filters: Array<{ services: number[] }> }): Promise<{ gatt?: { connect(): Promise<Server> } }>;
}

/** What a meter gave: the form's values, when it was measured, and the meal a glucose meter noted. */
export interface MeterReading {
  values: Partial<Record<'systolic' | 'diastolic' | 'pulse' | 'glucose' | 'weight', number>>;
  takenAt?: Date;
  meal?: 'fasting' | 'after-meal';
}

/** How long a meter has to send its measurement once connected. */
const WAIT_MS = 60_000;

const SERVICE_OF: Record<CareMeasure['kind'], number> = {
  'blood-pressure': GATT.bloodPressureService,
  pulse: GATT.bloodPressureService,
  glucose: GATT.glucoseService,
  weight: GATT.weightScaleService,
};

/** The next value the characteristic sends, parsed. */
function nextValue<T>(c: Characteristic, parse: (v: DataView) => T): Promise<T> {
  return new Promise((resolve) => {
    const on = () => {
      if (!c.value) return;
      c.removeEventListener('characteristicvaluechanged', on);
      resolve(parse(c.value));
    };
    c.addEventListener('characteristicvaluechanged', on);
  });
}

/** Asks the user for a meter of the measure's kind, reads one measurement and disconnects. */
export async function readMeter(bluetooth: WebBluetooth, kind: CareMeasure['kind']): Promise<MeterReading> {
  const service = SERVICE_OF[kind];
  const device = await bluetooth.requestDevice({ filters: [{ services: [service] }] });
  if (!device.gatt) throw new Error('the device has no GATT server');
  const server = await device.gatt.connect();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const gatt = await server.getPrimaryService(service);
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the meter sent nothing')), WAIT_MS)));
    return await Promise.race([timeout, read(gatt, kind)]);
  } finally {
    clearTimeout(timer);
    if (server.connected) server.disconnect();
  }
}

async function read(gatt: Service, kind: CareMeasure['kind']): Promise<MeterReading> {
  if (kind === 'weight') {
    const c = await gatt.getCharacteristic(GATT.weightMeasurement);
    const next = nextValue(c, parseWeight);
    await c.startNotifications();
    const m = await next;
    return { values: m.weight !== undefined ? { weight: m.weight } : {}, ...(m.takenAt ? { takenAt: m.takenAt } : {}) };
  }
  if (kind === 'glucose') {
    const measurement = await gatt.getCharacteristic(GATT.glucoseMeasurement);
    const context = await gatt.getCharacteristic(GATT.glucoseMeasurementContext).catch(() => undefined);
    const racp = await gatt.getCharacteristic(GATT.recordAccessControlPoint);
    const records: Array<ReturnType<typeof parseGlucose>> = [];
    const meals = new Map<number, string>();
    measurement.addEventListener('characteristicvaluechanged', () => measurement.value && records.push(parseGlucose(measurement.value)));
    context?.addEventListener('characteristicvaluechanged', () => {
      const c = context.value && parseGlucoseContext(context.value);
      if (c?.meal) meals.set(c.sequence, c.meal);
    });
    // The control point answers (op code 0x06) once the records asked for have been sent.
    const done = nextValue(racp, (v) => v.getUint8(0));
    await measurement.startNotifications();
    await context?.startNotifications().catch(() => undefined);
    await racp.startNotifications();
    await racp.writeValue(REPORT_LAST_GLUCOSE_RECORD);
    await done;
    const last = records.filter((r) => r.glucose !== undefined).at(-1);
    if (!last) return { values: {} };
    const meal = meals.get(last.sequence);
    return {
      values: { glucose: last.glucose! },
      ...(last.takenAt ? { takenAt: last.takenAt } : {}),
      ...(meal === 'fasting' ? { meal: 'fasting' as const } : meal === 'postprandial' ? { meal: 'after-meal' as const } : {}),
    };
  }
  const c = await gatt.getCharacteristic(GATT.bloodPressureMeasurement);
  const next = nextValue(c, parseBloodPressure);
  await c.startNotifications();
  const m = await next;
  const values: MeterReading['values'] = {};
  if (kind === 'blood-pressure' && m.systolic !== undefined && m.diastolic !== undefined) Object.assign(values, { systolic: m.systolic, diastolic: m.diastolic });
  if (m.pulse !== undefined) values.pulse = m.pulse;
  return { values, ...(m.takenAt ? { takenAt: m.takenAt } : {}) };
}
