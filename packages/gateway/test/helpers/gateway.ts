/**
 * Starting a gateway for a test: on a fresh database from the databases helper, with a clock
 * the test can move, a known JWT secret and logs captured in memory.
 */
import { Writable } from 'node:stream';
import { addDemoPatients, demoAccounts, type Db, type Queryable } from '@ihkit/adapters';
import type { Slot } from '@ihkit/core';
import { addDays } from '@ihkit/core';
import { SignJWT } from 'jose';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/index.js';
import { SESSION_ISSUER } from '../../src/auth.js';
import { rateLimitsOff } from '../../src/rate-limit.js';
import { linkPatient, upsertUser } from '../../src/users.js';
import { databases } from './databases.js';

export { databases };
export const SECRET = 'test-secret-for-ihkit-gateway-tests-0123456789';
export const API = '/api';

/** A clock that starts at the real time and moves only when told. */
export class TestClock {
  ms: number;
  constructor(start: Date = new Date()) {
    this.ms = start.getTime();
  }
  now = (): Date => new Date(this.ms);
  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime();
  }
}

/** Log lines captured from the gateway's logger. */
export class LogSink extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestGateway extends Gateway {
  clock: TestClock;
  logs: LogSink;
  close(): Promise<void>;
}

export async function startGateway(database: { open(): Promise<Db> }, options: GatewayOptions = {}): Promise<TestGateway> {
  const db = await database.open();
  const clock = new TestClock();
  const logs = new LogSink();
  try {
    const gateway = await createGateway({
      jwtSecret: SECRET,
      now: clock.now,
      // The test clock stands still, so no rate-limit bucket would ever refill: rate-limit.test turns them on.
      rateLimits: rateLimitsOff(),
      // The clock jumps hours and days between tests that sign in once: the window for signing
      // after a sign-in has a test of its own (oidc.test.ts), which sets it.
      reauthToSignMinutes: 366 * 24 * 60,
      logger: { level: options.logLevel ?? 'info', stream: logs },
      ...options,
      db,
    });
    return {
      ...gateway,
      clock,
      logs,
      close: async () => {
        await gateway.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export function auth(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

let keyCounter = 0;
export function newKey(): string {
  keyCounter += 1;
  return `test-key-${process.pid}-${Date.now()}-${keyCounter}`;
}

export async function login(gw: Gateway, username: string, password: string): Promise<string> {
  const res = await gw.app.inject({ method: 'POST', url: `${API}/sessions`, payload: { username, password } });
  if (res.statusCode !== 201) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

/** A demo patient account with a family member to act for. */
export function demoPatient(): (typeof demoAccounts)[number] & { patientId: string } {
  const a = demoAccounts.find((x) => x.role === 'patient' && x.patientId && x.family.length > 0) ?? demoAccounts.find((x) => x.role === 'patient' && x.patientId);
  if (!a?.patientId) throw new Error('no demo patient account');
  return a as (typeof demoAccounts)[number] & { patientId: string };
}

/** Another demo patient account (not demoPatient()). */
export function otherDemoPatient(): (typeof demoAccounts)[number] & { patientId: string } {
  const first = demoPatient();
  const a = demoAccounts.find((x) => x.role === 'patient' && x.patientId && x.username !== first.username && x.patientId !== first.patientId);
  if (!a?.patientId) throw new Error('no second demo patient account');
  return a as (typeof demoAccounts)[number] & { patientId: string };
}

/** `n` new hospital patients, each with an account of their own, signed in: a crowd. */
export async function crowd(gw: TestGateway, n: number): Promise<Array<{ patientId: string; token: string }>> {
  const patientIds = await addDemoPatients(gw.db, n);
  const people = [];
  for (const patientId of patientIds) {
    const userId = await upsertUser(gw.db, { username: `crowd-${patientId}`, role: 'patient', displayName: patientId, hisPatientId: patientId });
    await linkPatient(gw.db, userId, patientId, 'self');
    people.push({ patientId, token: await sessionToken(userId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 8 * 3600_000) }) });
  }
  return people;
}

/**
 * Signs a gateway session token directly (e.g. an expired one), for a session it writes to
 * `db`; without `db` the token names a session that does not exist.
 */
export async function sessionToken(userId: string, opts: { expiresAt?: Date; issuedAt?: Date; secret?: string; db?: Queryable } = {}): Promise<string> {
  const iat = Math.floor((opts.issuedAt ?? new Date()).getTime() / 1000);
  const exp = Math.floor((opts.expiresAt ?? new Date(Date.now() + 3600_000)).getTime() / 1000);
  const sessionId = `ses_test_${process.pid}_${++keyCounter}`;
  await opts.db?.query('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sessionId, userId, new Date(iat * 1000), new Date(exp * 1000)]);
  return new SignJWT({ role: 'patient' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(SESSION_ISSUER)
    .setAudience(SESSION_ISSUER)
    .setSubject(userId)
    .setJti(sessionId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

/** Bookable slots (future, with room) over the next two weeks, soonest first. */
export async function bookableSlots(gw: TestGateway, token: string): Promise<Slot[]> {
  const from = gw.clock.now().toISOString().slice(0, 10);
  const res = await gw.app.inject({ method: 'GET', url: `${API}/slots?from=${addDays(from, -1)}&to=${addDays(from, 20)}`, headers: auth(token) });
  if (res.statusCode !== 200) throw new Error(`listSlots failed: ${res.statusCode} ${res.body}`);
  const slots = (res.json().items as Slot[]).filter((s) => s.available > 0 && Date.parse(s.start) > gw.clock.now().getTime() + 3 * 3600_000);
  if (!slots.length) throw new Error('the demo hospital has no bookable slots');
  return slots;
}

export async function book(gw: Gateway, token: string, body: { slotId: string; patientId: string }, key = newKey()) {
  return gw.app.inject({ method: 'POST', url: `${API}/appointments`, headers: auth(token, { 'idempotency-key': key }), payload: body });
}

/** A row of audit_log, as the audit tests read it. */
export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  request_id: string | null;
}
