import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import {
  createStoredLis, frameMllp, isCritical, labStoreMigrations, MllpDecoder, mllpAllowList, parseHl7, sendMllp, startMllpListener,
  type Db, type LabReport, type MllpListenerOptions, type MllpMessageInfo, type StoredLis,
} from '@ihkit/adapters';
import { migrate, openPostgres } from '../../gateway/src/db/index.js';
import { createPostgresDatabase, databases } from '../../gateway/test/helpers/databases.js';
import { makeTestCertificates } from './helpers/tls-certs.js';

/** A fixture as it goes on the wire: segments ended by \r. */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/oru/${name}`, import.meta.url), 'utf8').replace(/\r?\n/g, '\r');
const CBC = fixture('cbc-v2.5.1.hl7');
const RENAL = fixture('renal-lytes-v2.4.hl7');
const RENAL_CORRECTED = fixture('renal-lytes-corrected-v2.4.hl7');
const URINE = fixture('urinalysis-custom-delimiters-v2.3.1.hl7');

/** MSA-1 and MSA-2 of an ACK (whatever its delimiters). */
function msa(ack: string): { code: string; controlId: string; text: string; err?: string } {
  const m = parseHl7(ack);
  const s = m.segment('MSA')!;
  const err = m.segment('ERR');
  return { code: s.get(1), controlId: s.get(2), text: s.get(3), ...(err ? { err: err.get(3, 1) } : {}) };
}

/** A raw MLLP connection: write any bytes, read ACKs in order. */
async function connect(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = new MllpDecoder();
  const acks: string[] = [];
  let wake = () => {};
  socket.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) if (f.kind === 'message') acks.push(f.bytes.toString('utf8'));
    wake();
  });
  return {
    write: (bytes: Buffer) => new Promise<void>((resolve) => socket.write(bytes, () => resolve())),
    async acks(n: number): Promise<string[]> {
      const deadline = Date.now() + 10_000;
      while (acks.length < n) {
        if (Date.now() > deadline) throw new Error(`${acks.length} ACKs, expected ${n}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return acks.slice(0, n);
    },
    close: () => socket.destroy(),
  };
}

/** Collects what a watcher delivers; `next(n)` waits until it has n reports. */
function collector() {
  const seen: LabReport[] = [];
  return {
    seen,
    fn: (r: LabReport) => void seen.push(r),
    async next(n: number, what = 'reports') {
      const deadline = Date.now() + 10_000;
      while (seen.length < n) {
        if (Date.now() > deadline) throw new Error(`watch delivered ${seen.length} ${what}, expected ${n}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return seen;
    },
  };
}

interface Harness {
  db: Db;
  lis: StoredLis;
  port: number;
  infos: MllpMessageInfo[];
  logs: string[];
  close(): Promise<void>;
}

async function harness(open: () => Promise<Db>, options: Partial<MllpListenerOptions> = {}): Promise<Harness> {
  const db = await open();
  await migrate(db, labStoreMigrations);
  const lis = createStoredLis(db);
  const infos: MllpMessageInfo[] = [];
  const logs: string[] = [];
  const line = (level: string) => (fields: object, message: string) => void logs.push(`${level} ${message} ${JSON.stringify(fields)}`);
  const listener = await startMllpListener({
    port: 0, lis, onMessage: (i) => void infos.push(i), log: { info: line('info'), warn: line('warn'), error: line('error') }, ...options,
  });
  return {
    db, lis, port: listener.port, infos, logs,
    async close() {
      await listener.close();
      await db.close();
    },
  };
}

/** Nothing that identifies a patient or a result in what was logged. */
function assertNoPatientData(logs: string[]) {
  // The listener's own port is random: it may hold a result's digits (port 46265, a count of 265).
  const text = logs.join('\n').replace(/"port":\d+/g, '"port":…');
  for (const secret of ['P000456', 'P000123', 'P000789', '王', '李', '张', '淑兰', '建华', '6.8', '265', '血']) {
    assert.ok(!text.includes(secret), `the log mentions ${secret}:\n${text}`);
  }
}

for (const database of databases) {
  describe(`MLLP listener on ${database.name}`, () => {
    test('a message split across TCP chunks is stored, then ACKed AA with its control id', async (t) => {
      const h = await harness(database.open);
      t.after(() => h.close());
      const c = await connect(h.port);
      t.after(c.close);
      const bytes = frameMllp(RENAL);
      const inChar = bytes.indexOf(Buffer.from('淑', 'utf8')) + 1; // inside a three-byte character
      const cuts = [0, 5, inChar, bytes.length - 1, bytes.length]; // the last cut falls between 0x1C and 0x0D
      for (let i = 1; i < cuts.length; i++) {
        await c.write(bytes.subarray(cuts[i - 1], cuts[i]));
        await new Promise((r) => setTimeout(r, 30));
      }
      const [ack] = await c.acks(1);
      assert.deepEqual(msa(ack!), { code: 'AA', controlId: 'MSG00002', text: 'Message accepted' });
      const reports = await h.lis.listReports('P000456');
      assert.deepEqual(reports.map((r) => r.title).sort(), ['电解质', '肾功能']);
      assert.equal(reports.find((r) => r.title === '电解质')!.observations[0]!.name, '钾');
      assert.deepEqual(h.infos, [{ controlId: 'MSG00002', reports: 2, ack: 'AA' }]);
      const { rows } = await h.db.query<{ source: string }>('SELECT DISTINCT source FROM lab_reports');
      assert.deepEqual(rows, [{ source: 'hl7v2/HOSP01' }]);
      assertNoPatientData(h.logs);
    });

    test('two messages in one chunk are answered in order; two connections each get their own ACKs', async (t) => {
      const h = await harness(database.open);
      t.after(() => h.close());
      const [a, b] = await Promise.all([connect(h.port), connect(h.port)]);
      t.after(() => {
        a!.close();
        b!.close();
      });
      await Promise.all([
        a!.write(Buffer.concat([frameMllp(CBC), frameMllp(URINE)])),
        b!.write(frameMllp(RENAL)),
      ]);
      const [acksA, acksB] = await Promise.all([a!.acks(2), b!.acks(1)]);
      assert.deepEqual(acksA.map((x) => [msa(x).code, msa(x).controlId]), [['AA', 'MSG00001'], ['AA', 'MSG00004']]);
      assert.ok(acksA[1]!.startsWith('MSH#$*@%#'), 'the ACK uses the message\'s own delimiters');
      assert.deepEqual(acksB.map((x) => [msa(x).code, msa(x).controlId]), [['AA', 'MSG00002']]);
      assert.equal((await h.lis.listReports('P000123'))[0]!.title, '血常规');
      assert.equal((await h.lis.listReports('P000789'))[0]!.title, '尿常规');
      assert.equal((await h.db.query('SELECT id FROM lab_reports')).rows.length, 4);
    });

    test('AE for unusable content, AR for what is not taken; nothing stored; the connection goes on', async (t) => {
      const h = await harness(database.open, { maxFrameBytes: 64 * 1024 });
      t.after(() => h.close());
      const noPatient = RENAL.replace('P000456^^^HOSP01^PI', '').replace('MSG00002', 'BAD1');
      const adt = RENAL.replace('ORU^R01', 'ADT^A01').replace('MSG00002', 'BAD2');
      const v3 = RENAL.replace('|2.4', '|3.0').replace('MSG00002', 'BAD3');
      const huge = RENAL.replace('MSG00002', 'BIG1') + `NTE|1||${'很长的备注'.repeat(10_000)}\r`;
      const c = await connect(h.port);
      t.after(c.close);
      await c.write(Buffer.concat([noPatient, adt, v3, 'this is not HL7', huge, RENAL].map((m) => frameMllp(m))));
      const acks = (await c.acks(6)).map(msa);
      assert.deepEqual(acks.map((a) => [a.code, a.controlId, a.err]), [
        ['AE', 'BAD1', '101'],
        ['AR', 'BAD2', '200'],
        ['AR', 'BAD3', '203'],
        ['AR', '', '100'],
        ['AR', 'BIG1', '207'],
        ['AA', 'MSG00002', undefined],
      ]);
      assert.match(acks[0]!.text, /PID-3/);
      assert.match(acks[4]!.text, /larger than 65536 bytes/);
      assert.deepEqual(h.infos.map((i) => i.ack), ['AE', 'AR', 'AR', 'AR', 'AR', 'AA']);
      assert.equal((await h.db.query('SELECT id FROM lab_reports')).rows.length, 2, 'only the good message was stored');
      assertNoPatientData(h.logs);
    });

    test('a corrected result (OBR-25 C) replaces the earlier one; watch delivers the critical report, then the correction', async (t) => {
      const h = await harness(database.open);
      t.after(() => h.close());
      const c = collector();
      const stop = await h.lis.watch(c.fn);
      t.after(stop);
      assert.equal(msa(await sendMllp(h.port, '127.0.0.1', RENAL)).code, 'AA');
      await c.next(2);
      const critical = c.seen.find((r) => r.observations.some(isCritical) && r.title === '电解质')!;
      assert.ok(critical, 'the critical potassium report was delivered');
      assert.equal(critical.patientId, 'P000456');
      assert.equal(critical.orderingDoctorId, 'D0099');
      const before = await h.lis.listReports('P000456');

      assert.equal(msa(await sendMllp(h.port, '127.0.0.1', RENAL_CORRECTED)).code, 'AA');
      await c.next(4);
      const after = await h.lis.listReports('P000456');
      assert.deepEqual(after.map((r) => r.id).sort(), before.map((r) => r.id).sort(), 'the same reports, replaced');
      const lytes = after.find((r) => r.title === '电解质')!;
      assert.equal(lytes.status, 'corrected');
      assert.deepEqual([lytes.observations[0]!.value, lytes.observations[0]!.interpretation], ['5.1', 'N']);
      assert.equal(c.seen.filter((r) => r.status === 'corrected').length, 2);

      // The same message again: ACKed, nothing changes, nothing announced.
      assert.equal(msa(await sendMllp(h.port, '127.0.0.1', RENAL_CORRECTED)).code, 'AA');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(c.seen.length, 4);
    });

    test('when saving fails the message is answered AE, and the resend is stored', async (t) => {
      const db = await database.open();
      t.after(() => db.close());
      await migrate(db, labStoreMigrations);
      const lis = createStoredLis(db);
      let failures = 1;
      const flaky = {
        async save(report: LabReport, source: string) {
          if (failures-- > 0) throw Object.assign(new Error(`duplicate key (patient_id)=(${report.patientId})`), { code: '23505' });
          return lis.save(report, source);
        },
      };
      const logs: string[] = [];
      const line = (fields: object, message: string) => void logs.push(`${message} ${JSON.stringify(fields)}`);
      const listener = await startMllpListener({ port: 0, lis: flaky, log: { info: line, warn: line, error: line } });
      t.after(() => listener.close());
      const first = msa(await sendMllp(listener.port, '127.0.0.1', RENAL));
      assert.deepEqual([first.code, first.controlId, first.err], ['AE', 'MSG00002', '207']);
      assert.equal((await lis.listReports('P000456')).length, 0);
      assert.equal(msa(await sendMllp(listener.port, '127.0.0.1', RENAL)).code, 'AA');
      assert.equal((await lis.listReports('P000456')).length, 2);
      assert.ok(logs.some((l) => l.includes('23505') && l.includes('MSG00002')), 'the failure is logged by control id and error code');
      assertNoPatientData(logs);
    });

    test('idle connections are closed, so they cannot hold every slot from the LIS', async (t) => {
      const h = await harness(database.open, { maxConnections: 2, idleTimeoutMs: 200 });
      t.after(() => h.close());
      const idle = await Promise.all([connect(h.port), connect(h.port)]);
      t.after(() => idle.forEach((c) => c.close()));
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(msa(await sendMllp(h.port, '127.0.0.1', CBC)).code, 'AA', 'a slot was free again');
    });

    test('a sender not on the allow-list is cut off before a byte is read; the refusal is logged by address only', async (t) => {
      const h = await harness(database.open, { allow: ['10.20.0.0/16', 'fd00::/8'] });
      t.after(() => h.close());
      await assert.rejects(sendMllp(h.port, '127.0.0.1', RENAL, { timeoutMs: 3000 }), /closed before an ACK/);
      assert.deepEqual(await h.lis.listReports('P000456'), [], 'nothing stored');
      assert.deepEqual(h.infos, []);
      assert.ok(h.logs.some((l) => l.startsWith('warn MLLP connection refused: the sender is not on the allow-list') && l.includes('127.0.0.1')), h.logs.join('\n'));
      assertNoPatientData(h.logs);

      const open = await harness(database.open, { allow: ['127.0.0.1'] });
      t.after(() => open.close());
      assert.equal(msa(await sendMllp(open.port, '127.0.0.1', RENAL)).code, 'AA', 'an allowed sender is heard');
      assert.throws(() => mllpAllowList(['10.0.0.0/33']), /not an IP address or a CIDR block/);
      assert.throws(() => mllpAllowList(['lab.example']), /not an IP address or a CIDR block/);
      assert.equal(mllpAllowList(['10.20.0.0/16'])('::ffff:10.20.3.4'), true, 'an IPv4 client of a listener bound to ::');
    });

    test('MLLP over TLS with client certificates: only the laboratory CA\'s senders are heard', async (t) => {
      const certs = makeTestCertificates();
      const h = await harness(database.open, { tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca } });
      t.after(() => h.close());
      const ack = await sendMllp(h.port, '127.0.0.1', RENAL, { tls: { ca: certs.ca, ...certs.client } });
      assert.equal(msa(ack).code, 'AA', 'the laboratory, with its certificate');
      assert.equal((await h.lis.listReports('P000456')).length, 2);

      await assert.rejects(sendMllp(h.port, '127.0.0.1', CBC, { timeoutMs: 3000, tls: { ca: certs.ca } }), 'no client certificate');
      await assert.rejects(sendMllp(h.port, '127.0.0.1', CBC, { timeoutMs: 3000, tls: { ca: certs.ca, ...certs.stranger } }), 'a certificate of another CA');
      await assert.rejects(sendMllp(h.port, '127.0.0.1', CBC, { timeoutMs: 3000 }), 'plain MLLP to a TLS listener');
      assert.deepEqual(await h.lis.listReports('P000123'), [], 'none of them stored anything');
      assert.ok(h.logs.some((l) => l.startsWith('warn MLLP connection refused: TLS handshake failed')), h.logs.join('\n'));
      assertNoPatientData(h.logs);
    });

    test('close() lets the message being stored finish and be ACKed, then refuses connections', async (t) => {
      const db = await database.open();
      t.after(() => db.close());
      await migrate(db, labStoreMigrations);
      const lis = createStoredLis(db);
      let started = () => {};
      const saving = new Promise<void>((r) => (started = r));
      const slow = {
        async save(report: LabReport, source: string) {
          started();
          await new Promise((r) => setTimeout(r, 300));
          return lis.save(report, source);
        },
      };
      const listener = await startMllpListener({ port: 0, lis: slow });
      const ack = sendMllp(listener.port, '127.0.0.1', CBC);
      await saving;
      await listener.close();
      assert.equal(msa(await ack).code, 'AA');
      assert.equal((await lis.listReports('P000123')).length, 1);
      await assert.rejects(sendMllp(listener.port, '127.0.0.1', CBC, { timeoutMs: 2000 }));
    });
  });
}

describe('MLLP listener and watchers in different gateway processes (PostgreSQL server)', () => {
  test('a critical result received by one gateway reaches the watcher of another', async (t) => {
    const created = await createPostgresDatabase();
    t.after(() => created.drop());
    const receiving = await openPostgres(created.url);
    t.after(() => receiving.close());
    const watching = await openPostgres(created.url);
    t.after(() => watching.close());
    await migrate(receiving, labStoreMigrations);
    const listener = await startMllpListener({ port: 0, lis: createStoredLis(receiving) });
    t.after(() => listener.close());
    const c = collector();
    const stop = await createStoredLis(watching).watch(c.fn);
    t.after(stop);
    assert.equal(msa(await sendMllp(listener.port, '127.0.0.1', RENAL)).code, 'AA');
    await c.next(2);
    assert.ok(c.seen.some((r) => r.observations.some(isCritical)));
  });
});
