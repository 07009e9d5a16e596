// Scans a directory of logs (what the e2e tests' gateways, servers and Chromium wrote) for
// personal data: the demo patients' names, resident ID numbers and phone numbers (read from
// @ihkit/adapters' demo data), any 18-digit resident ID number with a valid check character
// and any mainland mobile number. Names are also looked for as DICOM names, percent-encoded
// and \u-escaped.
//   node scripts/scan-logs.mjs <dir>   — prints what it scanned; exits 1 on a finding or an empty dir
// Findings are printed masked: the scan's own output is a log too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoPatients } from '@ihkit/adapters';
import { addDays, isValidResidentId, localDate } from '@ihkit/core';

const RESIDENT_ID = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;
// Not inside a longer run of letters or digits: a request id (a UUID) can hold eleven digits in a row.
const MOBILE = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/g;

/** How a name may be written into a log: as is, as a DICOM name (张^伟), percent-encoded (a URL), \u-escaped (JSON). */
function spellings(text) {
  const escaped = (upper) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`).join('');
  const encoded = encodeURIComponent(text);
  const [family, ...given] = [...text];
  return [...new Set([text, `${family}^${given.join('')}`, encoded, encoded.toLowerCase(), escaped(false), escaped(true)])];
}

/**
 * What the scan looks for in the demo data: its patients' names, ID numbers and phones. ID
 * numbers depend on the day the demo was seeded (ages count back from it): the days around
 * `now` are covered.
 */
export function demoSecrets(now = new Date()) {
  const today = localDate(now, 'Asia/Shanghai');
  const patients = [-2, -1, 0, 1].flatMap((d) => demoPatients(addDays(today, d)));
  return {
    names: [...new Set(patients.map((p) => p.name))],
    idNumbers: [...new Set(patients.map((p) => p.idNumber))],
    phones: [...new Set(patients.map((p) => p.phone))],
  };
}

/** The findings in one text: { kind, match } each (kind: name, id-number, phone, mobile). */
export function scanText(text, secrets) {
  const found = [];
  for (const name of secrets.names) for (const s of spellings(name)) if (text.includes(s)) found.push({ kind: 'name', match: s });
  for (const id of secrets.idNumbers) if (text.toUpperCase().includes(id)) found.push({ kind: 'id-number', match: id });
  // A phone only where it stands alone: inside a longer run of digits (a float's decimals, a
  // timestamp) it is not one.
  for (const phone of secrets.phones) if (text.includes(phone) && new RegExp(`(?<!\\d)${phone}(?!\\d)`).test(text)) found.push({ kind: 'phone', match: phone });
  for (const [m] of text.matchAll(RESIDENT_ID)) if (isValidResidentId(m) && !found.some((f) => f.match === m.toUpperCase())) found.push({ kind: 'id-number', match: m });
  for (const [m] of text.matchAll(MOBILE)) if (!found.some((f) => f.match === m)) found.push({ kind: 'mobile', match: m });
  return found;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Scans every file under `dir` line by line: { files, lines, findings: [{ file, line, kind, match }] }. */
export function scanDir(dir, secrets = demoSecrets()) {
  const files = filesUnder(dir);
  let lines = 0;
  const findings = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    text.split('\n').forEach((line, i) => {
      lines++;
      for (const f of scanText(line, secrets)) findings.push({ file: relative(dir, file), line: i + 1, ...f });
    });
  }
  return { files: files.length, lines, findings };
}

/** Hides all but a little: 周**, 138*******1, 110***************5. */
export function mask(text) {
  const chars = [...text];
  return chars.length <= 4 ? chars[0] + '*'.repeat(chars.length - 1) : chars.slice(0, 3).join('') + '*'.repeat(chars.length - 4) + chars.at(-1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/scan-logs.mjs <dir>');
    process.exit(2);
  }
  const { files, lines, findings } = scanDir(dir);
  console.log(`scan-logs: ${files} files, ${lines} lines in ${dir}`);
  for (const f of findings) console.log(`  ${f.file}:${f.line}: ${f.kind} ${mask(f.match)}`);
  if (!files) console.log('scan-logs: no logs to scan (were they written?)');
  else if (!findings.length) console.log('scan-logs: no names, resident ID numbers or phone numbers');
  else console.log(`scan-logs: ${findings.length} findings of personal data`);
  process.exit(files && !findings.length ? 0 : 1);
}
