/**
 * Signing in through the hospital's identity provider, for every role, against a real OpenID
 * provider (oidc-provider, as the demo runs it): which account a token names, that staff are
 * bound to exactly one HIS practitioner, what an attacker's token gets (a patient's on staff
 * operations, a forged or missing role claim, another key, another audience), why a refused token
 * was refused (the debug log, without the token), and the fresh sign-in that signing needs.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { createDemoHis, demoAccounts, demoSubject } from '@ihkit/adapters';
import type { Consult, Problem, User } from '@ihkit/core';
import { createGateway } from '../src/index.js';
import { loadConfig } from '../src/config.js';
import { API, auth, databases, login, newKey, SECRET, startGateway, type TestGateway } from './helpers/gateway.js';
import { get, ok, paidConsult, post } from './helpers/consults.js';
import { startIdentityProvider, type IdpAccount, type TestIdp } from './helpers/identity-provider.js';

const account = (username: string) => demoAccounts.find((a) => a.username === username)!;
const zhang = account('zhangwei');
const zhou = account('dr.zhou');
const sun = account('ph.sun');

/** The demo's own accounts, as the demo's identity provider describes them (the gateway's default claims). */
const demoAccount = (a: (typeof demoAccounts)[number]): IdpAccount => ({
  subject: a.subject,
  name: a.displayName,
  acr: a.role === 'patient' ? 'real-name' : undefined,
  claims: { name: a.displayName, ihkit_role: a.role, ...(a.patientId && { ihkit_patient_id: a.patientId }), ...(a.doctorId && { ihkit_doctor_id: a.doctorId }), ...(a.pharmacistId && { ihkit_pharmacist_id: a.pharmacistId }) },
});

/** Filled in once the gateway is up: a doctor of the HIS that no demo account is bound to. */
let freeDoctor: { id: string; name: string };

function accounts(): IdpAccount[] {
  return [
    demoAccount(zhang), demoAccount(zhou), demoAccount(sun),
    // A doctor new to the gateway, whose token calls them by another name than the HIS does.
    { subject: 'staff-4711', name: 'Dr New', claims: { ihkit_role: 'doctor', ihkit_doctor_id: freeDoctor.id, name: 'Token Name' } },
    // Someone else claiming the same practitioner.
    { subject: 'staff-4712', name: 'Dr Copy', claims: { ihkit_role: 'doctor', ihkit_doctor_id: freeDoctor.id } },
    // Someone claiming to be the demo's Zhou Min, who is bound to dr.zhou already.
    { subject: 'staff-4713', name: 'Dr Zhou Again', claims: { ihkit_role: 'doctor', ihkit_doctor_id: zhou.doctorId } },
    { subject: 'staff-4714', name: 'Dr Nobody', claims: { ihkit_role: 'doctor', ihkit_doctor_id: 'doc_notinthehis' } },
    { subject: 'staff-4715', name: 'Dr No Id', claims: { ihkit_role: 'doctor' } },
    { subject: 'no-role-1', name: 'No Role', acr: 'real-name', claims: { ihkit_patient_id: zhang.patientId } },
    { subject: 'odd-role-1', name: 'Odd Role', claims: { ihkit_role: 'superuser' } },
    { subject: 'two-roles-1', name: 'Two Roles', claims: { ihkit_role: ['patient', 'admin'] } },
    { subject: 'admin-1', name: 'Admin One', claims: { ihkit_role: 'admin', name: '信息科' } },
    // A county hospital's doctor, whom its HIS numbers as the city's Zhou Min; and a token naming an organization not served.
    { subject: 'county-7', name: 'County Doctor', claims: { ihkit_role: 'doctor', ihkit_doctor_id: zhou.doctorId, ihkit_organization: COUNTY } },
    { subject: 'county-8', name: 'Elsewhere', claims: { ihkit_role: 'doctor', ihkit_doctor_id: zhou.doctorId, ihkit_organization: 'elsewhere' } },
    // A patient whose real name the identity provider has not checked, and one it has.
    { subject: 'portal-77', name: 'Unverified', claims: { ihkit_role: 'patient', ihkit_patient_id: zhang.patientId, name: '未实名' } },
    { subject: 'portal-78', name: 'Verified', acr: 'real-name', claims: { ihkit_role: 'patient', ihkit_patient_id: zhang.patientId, name: '已实名' } },
  ];
}

const COUNTY = 'county-b';
const me = async (gw: TestGateway, token: string) => gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) });

for (const database of databases) {
  describe(`signing in through the identity provider (${database.name})`, () => {
    let idp: TestIdp;
    let gw: TestGateway;
    let signIn: (subject: string, opts?: { maxAge?: number }) => Promise<string>;

    before(async () => {
      // The HIS's doctors are known before the provider's accounts are: the demo hospital, on a throwaway gateway.
      const probe = await startGateway(database, { demo: true });
      const bound = new Set(demoAccounts.map((a) => a.doctorId));
      freeDoctor = (await probe.his.listDoctors()).find((d) => !bound.has(d.id))!;
      await probe.close();
      idp = await startIdentityProvider(accounts());
      gw = await startGateway(database, {
        demo: true, idp: loadConfig({ IHKIT_JWT_ISSUER: idp.issuer, IHKIT_JWT_AUDIENCE: idp.audience }).idp, reauthToSignMinutes: 5, logLevel: 'debug',
        organizations: [{ id: COUNTY, name: '县医院', kind: 'county', his: (db) => createDemoHis(db) }],
      });
      const browser = idp.browser();
      signIn = async (subject, opts) => (await browser.signIn(subject, opts)).access_token;
    });
    after(async () => {
      await gw?.close();
      await idp?.close();
    });

    test('a doctor new to the gateway becomes the HIS practitioner their token names, by the HIS’s name, and does a doctor’s work', async () => {
      const token = await signIn('staff-4711');
      const user = ok<User>(await me(gw, token));
      assert.equal(user.role, 'doctor');
      assert.equal(user.displayName, freeDoctor.name, 'the HIS’s name, not the token’s');
      assert.equal(ok<User>(await me(gw, await signIn('staff-4711'))).id, user.id, 'the same account at the next sign-in');
      assert.equal((await get(gw, token, '/consults')).statusCode, 200);
      const { rows } = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE his_doctor_id = $1', [freeDoctor.id]);
      assert.equal(rows[0]!.n, 1);
    });

    test('two accounts never act as the same practitioner: a second subject claiming a bound doctor is refused', async () => {
      ok(await me(gw, await signIn('staff-4711')));
      for (const subject of ['staff-4712', 'staff-4713']) {
        const res = await me(gw, await signIn(subject));
        assert.equal(res.statusCode, 401, subject);
        assert.equal(res.json<Problem>().code, 'UNAUTHENTICATED');
      }
      assert.match(gw.logs.text, /"tokenRefused":"practitioner-taken"/);
      const { rows } = await gw.db.query<{ subject: string | null }>('SELECT external_subject AS subject FROM users WHERE his_doctor_id = ANY($1)', [[freeDoctor.id, zhou.doctorId]]);
      assert.deepEqual(rows.map((r) => r.subject).sort(), ['staff-4711', zhou.subject].sort());
      // And the database refuses it too, whoever writes.
      await assert.rejects(gw.db.query("INSERT INTO users (id, role, display_name, his_doctor_id) VALUES ('u_dup', 'doctor', 'x', $1)", [freeDoctor.id]));
    });

    test('a staff token names its organization: its own HIS knows the practitioner, the same id may be bound in each organization; one not served is refused', async () => {
      const token = await signIn('county-7');
      ok<User>(await me(gw, token));
      const { rows } = await gw.db.query<{ organization_id: string }>("SELECT organization_id FROM users WHERE external_subject = 'county-7'");
      assert.deepEqual(rows.map((r) => r.organization_id), [COUNTY]);
      assert.deepEqual(ok<{ items: unknown[] }>(await get(gw, token, '/consults')).items, [], 'nothing of the home organization’s');
      const refused = await me(gw, await signIn('county-8'));
      assert.equal(refused.statusCode, 401);
      assert.match(gw.logs.text, /"tokenRefused":"organization-unknown"/);
    });

    test('a doctor’s token without a HIS doctor id, or with one the HIS does not know, is refused', async () => {
      for (const [subject, reason] of [['staff-4715', 'practitioner-id-missing'], ['staff-4714', 'practitioner-unknown']]) {
        const res = await me(gw, await signIn(subject!));
        assert.equal(res.statusCode, 401, subject);
        assert.match(gw.logs.text, new RegExp(`"tokenRefused":"${reason}"`));
      }
    });

    test('the demo’s accounts sign in as the same users as the demo login, pharmacists included', async () => {
      for (const a of [zhang, zhou, sun]) {
        const viaIdp = ok<User>(await me(gw, await signIn(a.subject)));
        const viaLogin = ok<User>(await me(gw, await login(gw, a.username, a.password)));
        assert.deepEqual(viaIdp, viaLogin, a.username);
      }
      assert.equal(ok<User>(await me(gw, await signIn(sun.subject))).role, 'pharmacist');
      assert.equal(demoSubject('ph.sun'), sun.subject);
    });

    test('an admin is an admin by the role claim, named by the name claim', async () => {
      const user = ok<User>(await me(gw, await signIn('admin-1')));
      assert.deepEqual([user.role, user.displayName], ['admin', '信息科']);
    });

    test('a patient’s HIS record is bound only when the identity provider vouches for the real name', async () => {
      const unverified = await signIn('portal-77');
      assert.equal(ok<User>(await me(gw, unverified)).role, 'patient');
      assert.deepEqual(ok<{ items: unknown[] }>(await get(gw, unverified, '/patients')).items, []);
      const verified = await signIn('portal-78');
      const patients = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, verified, '/patients')).items;
      assert.deepEqual(patients.map((p) => [p.id, p.relation]), [[zhang.patientId, 'self']]);
    });

    test('attacker: a patient’s token on staff operations is ROLE_NOT_ALLOWED', async () => {
      const token = await signIn(zhang.subject);
      for (const [method, path] of [['GET', '/critical-alerts'], ['POST', '/drug-search'], ['GET', '/video/ice-servers']] as const) {
        const res = await gw.app.inject({ method, url: `${API}${path}`, headers: auth(token), ...(method === 'POST' ? { payload: { q: 'amlodipine' } } : {}) });
        if (path === '/video/ice-servers') continue; // open to every role: the control
        assert.equal(res.statusCode, 403, path);
        assert.equal(res.json<Problem>().code, 'ROLE_NOT_ALLOWED');
      }
    });

    test('attacker: a forged role claim, a token signed with the gateway’s own secret, and tokens with a missing, unknown or double role are refused', async () => {
      const genuine = await signIn(zhang.subject);
      const [header, , signature] = genuine.split('.');
      const claims = decodeJwt(genuine);
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, ihkit_role: 'doctor', ihkit_doctor_id: zhou.doctorId })).toString('base64url');
      const forged = `${header}.${forgedPayload}.${signature}`;
      const withSecret = await new SignJWT({ ...claims, ihkit_role: 'pharmacist', ihkit_pharmacist_id: sun.pharmacistId }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
      const cases: Array<[string, string]> = [
        [forged, 'bad-signature'],
        [withSecret, 'algorithm-not-allowed'],
        [await signIn('no-role-1'), 'role-missing'],
        [await signIn('odd-role-1'), 'role-unknown'],
        [await signIn('two-roles-1'), 'role-ambiguous'],
      ];
      for (const [token, reason] of cases) {
        const before = gw.logs.lines.length;
        const res = await gw.app.inject({ method: 'GET', url: `${API}/prescriptions`, headers: auth(token) });
        assert.equal(res.statusCode, 401, reason);
        assert.equal(res.json<Problem>().code, 'UNAUTHENTICATED', reason);
        const logged = gw.logs.lines.slice(before).join('\n');
        assert.match(logged, new RegExp(`"level":20[^\\n]*"tokenRefused":"${reason}"`), `the debug log says why: ${reason}`);
        assert.ok(!logged.includes(token.split('.')[1]!) && !logged.includes(token.split('.')[2]!), 'never the token');
      }
      const { rows } = await gw.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE external_subject IN ('no-role-1', 'odd-role-1', 'two-roles-1')");
      assert.equal(rows[0]!.n, 0, 'no account was made for them, as a patient or anything else');
    });

    test('a subject whose claims change role is refused, not moved', async () => {
      const patient = await signIn('portal-77');
      ok(await me(gw, patient));
      await gw.db.query("UPDATE users SET role = 'doctor' WHERE external_subject = 'portal-77'");
      try {
        const res = await me(gw, patient);
        assert.equal(res.statusCode, 401);
        assert.match(gw.logs.text, /"tokenRefused":"role-changed"/);
      } finally {
        await gw.db.query("UPDATE users SET role = 'patient' WHERE external_subject = 'portal-77'");
      }
    });

    test('a refreshed token is the same user; an expired one is refused, and the log says so', async () => {
      const tokens = await idp.browser().signIn(zhang.subject);
      const refreshed = await idp.refresh(tokens.refresh_token!);
      assert.notEqual(refreshed.access_token, tokens.access_token);
      assert.equal(ok<User>(await me(gw, refreshed.access_token)).id, ok<User>(await me(gw, tokens.access_token)).id);
      const start = gw.clock.ms;
      try {
        gw.clock.set(start + 2 * 3600_000);
        assert.equal((await me(gw, refreshed.access_token)).statusCode, 401);
        assert.match(gw.logs.text, /"tokenRefused":"expired"/);
      } finally {
        gw.clock.set(start);
      }
    });

    test('a doctor signs a prescription only within minutes of signing in: REAUTHENTICATION_REQUIRED, then a fresh sign-in (max_age=0) signs', async () => {
      const patient = await login(gw, zhang.username, zhang.password);
      const consult = await paidConsult(gw, patient, zhang.patientId!, 'I10');
      const browser = idp.browser();
      let doctor = (await browser.signIn(zhou.subject)).access_token;
      ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/accept`));
      const drug = ok<{ items: Array<{ id: string; control: string; unitDose: number }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
      const draft = { items: [{ drugId: drug.id, dose: drug.unitDose, frequency: 'qd', days: 7 }] };
      // The desk retries with the same Idempotency-Key after the fresh sign-in: the refusal kept nothing.
      const key = newKey();
      const sign = (token: string) => post(gw, token, `/consults/${consult.id}/prescriptions`, draft, { 'idempotency-key': key });

      const signedInAt = decodeJwt<{ auth_time: number }>(doctor).auth_time * 1000;
      const start = gw.clock.ms;
      try {
        gw.clock.set(signedInAt + 6 * 60_000);
        const stale = await sign(doctor);
        assert.equal(stale.statusCode, 401);
        assert.equal(stale.json<Problem>().code, 'REAUTHENTICATION_REQUIRED');
        assert.equal(stale.headers['www-authenticate'], 'Bearer error="insufficient_user_authentication"');
        assert.equal((await get(gw, doctor, '/consults')).statusCode, 200, 'still signed in for everything else');
        doctor = (await browser.signIn(zhou.subject, { maxAge: 0 })).access_token;
        const again = decodeJwt<{ auth_time: number }>(doctor).auth_time * 1000;
        assert.ok(again >= signedInAt, 'a new authentication at the provider');
        gw.clock.set(again + 60_000);
        const signed = await sign(doctor);
        assert.equal(signed.statusCode, 201, signed.body);
        assert.equal((await sign(doctor)).json<{ id: string }>().id, signed.json<{ id: string }>().id, 'the same prescription on a retry');
        const { rows } = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM prescriptions WHERE consult_id = $1', [consult.id]);
        assert.equal(rows[0]!.n, 1);
      } finally {
        gw.clock.set(start);
      }
    });

    test('a token of another identity provider (another issuer) is refused, though it is genuine there', async () => {
      const elsewhere = await startIdentityProvider([demoAccount(zhou)]);
      try {
        const res = await me(gw, (await elsewhere.browser().signIn(zhou.subject)).access_token);
        assert.equal(res.statusCode, 401);
        assert.equal(res.json<Problem>().code, 'UNAUTHENTICATED');
        assert.match(gw.logs.text, /"tokenRefused":"unknown-issuer"/);
      } finally {
        await elsewhere.close();
      }
    });

    test('at startup the gateway names a provider it cannot reach or whose discovery names another issuer; a good one is named as accepted', async () => {
      assert.match(gw.logs.text, /"level":30[^\n]*"accepting tokens of the identity provider"/);
      // A port nothing listens on any more.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const cases: Array<[string, RegExp]> = [
        [`http://127.0.0.1:${port}/idp`, new RegExp(`"level":50[^\\n]*identity provider misconfigured or unreachable: its discovery document http://127\\.0\\.0\\.1:${port}/idp/\\.well-known/openid-configuration could not be fetched \\(ECONNREFUSED\\)[^\\n]*IHKIT_JWT_ISSUER`)],
        [`${idp.issuer}/`, /"level":50[^\n]*names the issuer [^\n]*not IHKIT_JWT_ISSUER/],
        [`${idp.issuer}/nowhere`, /"level":50[^\n]*answered HTTP 404/],
      ];
      for (const [issuer, expected] of cases) {
        const other = await startGateway(database, { demo: true, idp: loadConfig({ IHKIT_JWT_ISSUER: issuer, IHKIT_JWT_AUDIENCE: idp.audience }).idp });
        try {
          assert.match(other.logs.text, expected, issuer);
          // And its tokens are refused, the reason in the debug log.
          assert.equal((await me(other, await signIn(zhang.subject))).statusCode, 401);
        } finally {
          await other.close();
        }
      }
    });

    test('a gateway expecting another audience refuses the tokens, and its debug log says which claim and what it expected', async () => {
      const other = await startGateway(database, { demo: true, idp: loadConfig({ IHKIT_JWT_ISSUER: idp.issuer, IHKIT_JWT_AUDIENCE: 'https://other.example/api' }).idp, logLevel: 'debug' });
      try {
        const res = await me(other, await signIn(zhang.subject));
        assert.equal(res.statusCode, 401);
        assert.match(other.logs.text, /"tokenRefused":"claim-aud"[^\n]*IHKIT_JWT_AUDIENCE/);
      } finally {
        await other.close();
      }
    });
  });
}

describe('starting without a way to sign in', () => {
  test('with the demo login off and no identity provider the gateway does not start, and says what to set', async () => {
    const { createDemoHis } = await import('@ihkit/adapters');
    const db = await databases[0]!.open();
    try {
      await assert.rejects(createGateway({ db, demo: false, his: (d) => createDemoHis(d), jwtSecret: SECRET, logger: false }), /no identity provider[^]*IHKIT_JWT_ISSUER and IHKIT_JWT_AUDIENCE/);
    } finally {
      await db.close();
    }
  });

  test('an identity provider needs both its issuer and the API’s audience; a claim setting alone names them', () => {
    assert.throws(() => loadConfig({ IHKIT_JWT_ISSUER: 'https://sso.hospital.example' }), /IHKIT_JWT_ISSUER[^]*IHKIT_JWT_AUDIENCE/);
    assert.throws(() => loadConfig({ IHKIT_JWT_ROLE_CLAIM: 'roles' }), /needs both IHKIT_JWT_ISSUER/);
    assert.throws(() => loadConfig({ IHKIT_JWT_ISSUER: 'https://sso.hospital.example', IHKIT_JWT_AUDIENCE: 'x', IHKIT_JWT_ROLE_VALUES: 'doctor' }), /role=value/);
    const claims = loadConfig({ IHKIT_JWT_ISSUER: 'https://sso.hospital.example', IHKIT_JWT_AUDIENCE: 'https://h.example/api', IHKIT_JWT_ROLE_CLAIM: 'realm_access.roles', IHKIT_JWT_ROLE_VALUES: 'doctor=physician,patient=patient' }).idp!.claims;
    assert.deepEqual([claims.role, claims.roleValues], ['realm_access.roles', { physician: 'doctor', patient: 'patient' }]);
  });
});
