// `npm run bench`: prints figures; asserts nothing. Starts its own PostgreSQL server
// (durable settings, so figures compare with pgbench on the same machine).
import { ensureSystem } from '../scripts/system.mjs';
import { startPostgres } from '../scripts/postgres.mjs';
import { sizeReport } from './size.mjs';
import { BOOKING_CONCURRENCIES, bookingBench } from './booking.mjs';
import { pgbenchInserts } from './pgbench.mjs';
import { printTargets } from './targets.mjs';
import { hotSlotBench } from './hot-slots.mjs';
import { messageBench } from './messages.mjs';
import { socketFloodBench } from './socket-flood.mjs';
import { labAlertBench } from './lab-alerts.mjs';
import { signatureBench } from './signatures.mjs';
import { videoBench } from './video.mjs';
import { auditBench } from './audit.mjs';
import { ecgBench } from './ecg.mjs';

console.log('bundle sizes (min+gzip, what a host page loads)');
for (const r of sizeReport()) {
  console.log(`  ${r.file.padEnd(22)} ${r.gzipKb.toFixed(1).padStart(5)} KB gzip (${r.minKb.toFixed(1)} KB min, ${r.brotliKb.toFixed(1)} KB brotli) — budget ${r.budgetKb} KB, ${(r.ofBudget * 100).toFixed(0)}% used`);
}

console.log('\nprescription signatures (the reference CA, in process: per prescription, the doctor’s and the pharmacist’s)');
await signatureBench();

ensureSystem(['chromium', 'coturn', 'janus']);
console.log('\nvideo calls in Chromium (MeshTransports in one page, fake devices, loopback signaling; then larger calls on Janus)');
await videoBench();

ensureSystem(['orthanc', 'orthanc-dicomweb', 'dcmtk']);
console.log('\n12-lead ECGs: reading the DICOM waveform (dicom-parser), from Orthanc by WADO-RS, and <ih-ecg-viewer> drawing it in Chromium');
await ecgBench();

ensureSystem(['postgresql']);
const pg = await startPostgres({ durable: true });
try {
  console.log('\npgbench on the same server: single-row inserts into a table with a unique index, one commit each');
  const pgbench = await pgbenchInserts(pg.url, BOOKING_CONCURRENCIES);
  for (const [clients, tps] of pgbench) console.log(`  c=${String(clients).padStart(2)}  ${tps.toFixed(0).padStart(6)} inserts/s`);
  console.log('\nbooking through the gateway (HTTP, one booking = login-free POST /appointments)');
  const booking = await bookingBench({ postgresUrl: pg.url, pgbench });
  console.log('\nhot slots: hundreds of patients released at once onto a few slots (the 7 a.m. rush)');
  const hot = await hotSlotBench({ postgresUrl: pg.url, pgbench });
  printTargets({ pgbench, booking, hot });
  console.log('\nonline consult messages: delivery latency');
  await messageBench({ postgresUrl: pg.url });
  console.log('\nrealtime socket flood: another patient\'s GET /consults while one patient floods the socket (4 sockets, typing + made-up subscribes every 20 ms)');
  await socketFloodBench({ postgresUrl: pg.url });
  console.log('\ncritical lab results: HL7 v2 over MLLP → the ordering doctor\'s alert');
  await labAlertBench({ postgresUrl: pg.url });
  console.log('\naudit log: the audit write per request (a change and its row in one transaction), with and without the hash chain; and per realtime delivery');
  await auditBench({ postgresUrl: pg.url });
} finally {
  pg.stop();
}
