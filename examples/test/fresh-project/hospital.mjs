// What a hospital's developer writes after `npm install @ihkit/gateway @ihkit/widgets`: the
// gateway on the demo hospital (embedded database), their own portal page on another origin
// embedding the widget bundle from node_modules, and a few calls through the typed client.
// packages.e2e.test.ts runs it in a fresh project made from the packed tarballs; it prints one
// JSON line with what it saw (ids and counts), then serves until stopped.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway, loadConfig } from '@ihkit/gateway';
import { createClient, reportsOf } from '@ihkit/core';
import { demoAccounts, parseOru, sendMllp } from '@ihkit/adapters';
import { hisConformance, lisConformance, pacsConformance } from '@ihkit/adapters/conformance';
import { nextCallState } from '@ihkit/video';

// The portal: index.html, and the widget bundle (with its lazily loaded chunks) at /ihkit/.
const widgets = dirname(fileURLToPath(import.meta.resolve('@ihkit/widgets/ihkit.js')));
const page = await readFile(new URL('index.html', import.meta.url), 'utf8');
let apiUrl = '';
const portal = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://portal').pathname;
  if (path === '/') return send(res, 200, 'text/html; charset=utf-8', page.replace('%API%', apiUrl));
  const file = path.startsWith('/ihkit/') ? normalize(join(widgets, path.slice('/ihkit/'.length))) : undefined;
  if (!file?.startsWith(widgets + '/') || !file.endsWith('.js')) return send(res, 404, 'text/plain', 'not found');
  try {
    send(res, 200, 'text/javascript', await readFile(file));
  } catch {
    send(res, 404, 'text/plain', 'not found');
  }
});
await new Promise((resolve) => portal.listen(0, '127.0.0.1', resolve));
const portalUrl = `http://127.0.0.1:${portal.address().port}`;

// The gateway, allowing the portal's origin.
const gateway = await createGateway(loadConfig({
  IHKIT_DEMO: '1',
  IHKIT_DATA_DIR: process.env.IHKIT_DATA_DIR,
  IHKIT_JWT_SECRET: 'fresh-project-secret-0123456789abcdef',
  IHKIT_ALLOWED_ORIGINS: portalUrl,
  IHKIT_MLLP_PORT: '0',
  IHKIT_LOG_LEVEL: 'warn',
}));
apiUrl = `${await gateway.app.listen({ port: 0, host: '127.0.0.1' })}/api`;

// The typed client, as a patient.
const client = createClient({ baseUrl: apiUrl, retries: 0 });
const { token } = await client.login({ username: 'lina', password: 'demo' });
const signedIn = createClient({ baseUrl: apiUrl, token, retries: 0, locale: 'en' });
const departments = (await signedIn.listDepartments()).items;
const from = new Date().toISOString().slice(0, 10);
const to = new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10);
const slots = (await signedIn.listSlots({ departmentId: departments[0].id, from, to })).items;

// The laboratory: an HL7 v2 result, parsed by the adapters' parser and sent over MLLP to the
// gateway's listener; the patient then reads it through the client.
const zhang = demoAccounts.find((a) => a.username === 'zhangwei');
const doctor = demoAccounts.find((a) => a.username === 'dr.zhou');
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
const order = `FRESH${Date.now()}`;
const oru = [
  `MSH|^~\\&|LIS|LAB|IHKIT|HOSP|${stamp}||ORU^R01^ORU_R01|${order}|P|2.5.1|||||||||UNICODE UTF-8`,
  `PID|1||${zhang.patientId}^^^HOSP^PI`,
  `ORC|RE|P${order}|F${order}|||||||||${doctor.doctorId}`,
  `OBR|1|P${order}|F${order}|2345-7^血糖^LN^^Glucose|||${stamp}||||||||||${doctor.doctorId}||||||${stamp}|||F`,
  `OBX|1|NM|2345-7^葡萄糖^LN^^Glucose||5.4|mmol/L|3.9-6.1|N|||F`,
].join('\r');
const parsed = parseOru(oru);
const ack = await sendMllp(gateway.mllp.port, '127.0.0.1', oru);
const patient = createClient({ baseUrl: apiUrl, token: (await client.login({ username: 'zhangwei', password: 'demo' })).token, retries: 0 });
const reports = await reportsOf(patient).listLabReports(zhang.patientId);
const sent = reports.find((r) => r.id === parsed[0].id);

console.log(JSON.stringify({
  apiUrl,
  portalUrl,
  token,
  departments: departments.map((d) => ({ id: d.id, name: d.nameEn ?? d.name })),
  slots: slots.map((s) => ({ id: s.id, departmentId: s.departmentId, doctorId: s.doctorId })),
  parsedReportIds: parsed.map((r) => r.id),
  ackCode: ack.split('\r').find((s) => s.startsWith('MSA'))?.split('|')[1],
  labReport: sent && { id: sent.id, observations: sent.observations.map((o) => ({ code: o.code, value: o.value, interpretation: o.interpretation })) },
  exports: {
    conformance: [hisConformance, lisConformance, pacsConformance].map((f) => typeof f),
    callState: nextCallState('idle', 'check-devices'),
  },
}));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  portal.close();
  await gateway.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
