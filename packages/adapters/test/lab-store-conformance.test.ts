/**
 * The LisAdapter conformance suite on the stored LIS, filled the two ways a gateway fills it:
 * the demo seed, and ORU^R01 messages arriving over MLLP.
 */
import { createStoredLis, demoAccounts, labStoreMigrations, parseOru, seedDemoLab, sendMllp, startMllpListener } from '@ihkit/adapters';
import { lisConformance } from '@ihkit/adapters/conformance';
import { migrate } from '../../gateway/src/db/index.js';
import { databases } from '../../gateway/test/helpers/databases.js';

const zhangWei = demoAccounts.find((a) => a.username === 'zhangwei')!.patientId!;
const doctor = demoAccounts.find((a) => a.username === 'dr.zhou')!.doctorId!;

/** An electrolyte panel for 张伟 with a critically high potassium, as a hospital LIS would send it. */
function criticalPotassium(order: string, now: Date): string {
  const ts = now.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
  return [
    `MSH|^~\\&|LIS|HOSP01|IHKIT|IHKIT|${ts}||ORU^R01^ORU_R01|${order}|P|2.5.1|||||||UNICODE UTF-8`,
    `PID|1||${zhangWei}^^^HOSP01^PI`,
    `ORC|RE|${order}|${order}|||||||||${doctor}`,
    `OBR|1|${order}|${order}|LYTES^电解质^L^^Electrolytes|||${ts}||||||||||||||${ts}|||F`,
    'OBX|1|NM|2823-3^钾^LN^^Potassium||6.9|mmol/L|3.5-5.3|HH|||F',
    'OBX|2|NM|2951-2^钠^LN^^Sodium||138|mmol/L|137-147|N|||F',
  ].join('\r');
}

for (const database of databases) {
  lisConformance(`stored LIS fed by the demo seed and MLLP (${database.name})`, async () => {
    const db = await database.open();
    await migrate(db, labStoreMigrations);
    await seedDemoLab(db);
    const adapter = createStoredLis(db);
    const listener = await startMllpListener({ port: 0, lis: adapter });
    const first = criticalPotassium('CONF-1', new Date(Date.now() - 3_600_000));
    const ack = await sendMllp(listener.port, '127.0.0.1', first);
    if (!ack.includes('MSA|AA|CONF-1')) throw new Error('the critical result was not accepted');
    let n = 1;
    return {
      adapter,
      fixture: {
        patientId: zhangWei,
        repeatedCode: '1558-6',
        criticalReportId: parseOru(first)[0]!.id,
        arrive: async () => {
          await sendMllp(listener.port, '127.0.0.1', criticalPotassium(`CONF-${++n}`, new Date()));
        },
      },
      teardown: async () => {
        await listener.close();
        await db.close();
      },
    };
  });
}
