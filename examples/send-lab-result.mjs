// Plays the hospital's laboratory: sends one lab result to the running demo (`npm start`) as
// an HL7 v2 ORU^R01 message over MLLP, the way a LIS does, and prints the gateway's ACK.
// By default a critical potassium (6.8 mmol/L, HH) for the demo patient 张伟, ordered by Dr 周敏:
// sign in at /staff/ as dr.zhou to see the alert arrive on the desk.
//
//   node examples/send-lab-result.mjs [--port 2575] [--potassium 6.8]
//   (to a listener with MLLP over TLS: --ca lab-ca.pem --cert lis.pem --key lis-key.pem)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoAccounts, sendMllp } from '@ihkit/adapters';

const { values } = parseArgs({ options: { port: { type: 'string', default: '2575' }, host: { type: 'string', default: '127.0.0.1' }, potassium: { type: 'string', default: '6.8' }, ca: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' } } });
const file = (path) => (path ? readFileSync(path) : undefined);
const tls = values.ca || values.cert ? { ca: file(values.ca), cert: file(values.cert), key: file(values.key) } : undefined;
const patientId = demoAccounts.find((a) => a.username === 'zhangwei').patientId;
const doctorId = demoAccounts.find((a) => a.username === 'dr.zhou').doctorId;
const k = Number(values.potassium);
const flag = k >= 6.5 ? 'HH' : k <= 2.8 ? 'LL' : k > 5.3 ? 'H' : k < 3.5 ? 'L' : 'N';
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
const order = `DEMO${Date.now()}`;

const message = [
  `MSH|^~\\&|LIS|CHENGDONG-LAB|IHKIT|CHENGDONG|${stamp}||ORU^R01^ORU_R01|${order}|P|2.5.1|||||||||UNICODE UTF-8`,
  `PID|1||${patientId}^^^CHENGDONG^PI`,
  `ORC|RE|P${order}|F${order}|||||||||${doctorId}`,
  `OBR|1|P${order}|F${order}|24326-1^电解质^LN^^Electrolytes|||${stamp}||||||||||${doctorId}||||||${stamp}|||F`,
  `OBX|1|NM|2823-3^钾^LN^^Potassium||${k}|mmol/L|3.5-5.3|${flag}|||F`,
  `OBX|2|NM|2951-2^钠^LN^^Sodium||139|mmol/L|137-147|N|||F`,
  `OBX|3|NM|2075-0^氯^LN^^Chloride||101|mmol/L|99-110|N|||F`,
].join('\r');

const ack = await sendMllp(Number(values.port), values.host, message, tls ? { tls } : {});
console.log(ack.replace(/\r/g, '\n'));
