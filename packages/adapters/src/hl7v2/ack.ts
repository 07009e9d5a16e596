/** The ACK answering an HL7 v2 message (original acknowledgment mode). */
import { randomBytes } from 'node:crypto';
import { HL7_ERROR_TEXT, type Hl7Error } from './errors.js';
import { DEFAULT_ENCODING, escapeHl7, type Hl7Encoding, type Hl7Message } from './message.js';
import { formatHl7DateTime } from './time.js';
import { DEFAULT_HOSPITAL_TIME_ZONE } from './oru.js';

/** AA accepted; AE application error (the sender should fix or retry); AR rejected (we do not take such messages). */
export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckInput {
  code: AckCode;
  /** The error behind AE/AR: gives MSA-3 and the ERR segment. */
  error?: Pick<Hl7Error, 'code' | 'message' | 'location'>;
  /** MSA-3 text when there is no error. */
  text?: string;
  /** When the ACK is made (MSH-7); default now. */
  now?: Date;
  /** The time zone MSH-7 is written in; default Asia/Shanghai. */
  timeZone?: string;
}

/**
 * The ACK for `message`: MSH with sender and receiver swapped (MSH-3/4 ↔ MSH-5/6), the
 * message's own delimiters, version and processing id; MSA-1 the code, MSA-2 the message's
 * control id (MSH-10), MSA-3 the reason; and for an error an ERR segment with its location,
 * HL7 error code (table 0357) and text, in both the v2.3/2.4 form (ERR-1) and the v2.5+ form
 * (ERR-2, -3, -4, -8). `message` is undefined when even the MSH could not be read: the ACK is
 * then an AR with an empty MSA-2. Segments end with \r.
 */
export function buildAck(message: Hl7Message | undefined, input: AckInput): string {
  const enc: Hl7Encoding = message?.encoding ?? DEFAULT_ENCODING;
  const msh = message?.header;
  const esc = (v: string) => escapeHl7(v, enc);
  const version = msh && /^2\.\d/.test(msh.get(12)) ? msh.get(12) : '2.5.1';
  // The swapped routing fields are echoed component by component (HD: namespace^universal id^type).
  const echo = (field: number) => (msh ? msh.repetitions(field)[0]?.components.map((c) => c.map(esc).join(enc.subcomponent)).join(enc.component) ?? '' : '');
  const event = msh?.get(9, 2) || 'R01';
  const text = input.error?.message ?? input.text ?? (input.code === 'AA' ? 'Message accepted' : '');
  const controlId = `ACK${randomBytes(6).toString('hex').toUpperCase()}`;
  const header = [
    'MSH',
    `${enc.component}${enc.repetition}${enc.escape}${enc.subcomponent}${enc.truncation ?? ''}`,
    echo(5),
    echo(6),
    echo(3),
    echo(4),
    formatHl7DateTime(input.now ?? new Date(), input.timeZone ?? DEFAULT_HOSPITAL_TIME_ZONE),
    '',
    ['ACK', esc(event), 'ACK'].join(enc.component),
    controlId,
    esc(msh?.get(11, 1) || 'P'),
    esc(version),
  ];
  const msa = ['MSA', input.code, esc(message?.controlId ?? ''), esc(text)];
  const segments = [header, msa];
  if (input.error) {
    const { code, location } = input.error;
    const codeText = HL7_ERROR_TEXT[code];
    const where = location
      ? [location.segment, location.sequence ?? '', location.field ?? '', location.field !== undefined ? 1 : '', location.component ?? ''].map(String)
      : [];
    const erl = where.join(enc.component).replace(new RegExp(`\\${enc.component}+$`), '');
    const eld = [location?.segment ?? '', location?.sequence ?? '', location?.field ?? '', [code, codeText, 'HL70357'].join(enc.subcomponent)].map(String).join(enc.component);
    segments.push(['ERR', eld, erl, [code, codeText, 'HL70357'].join(enc.component), 'E', '', '', '', esc(text)]);
  }
  const out = segments.map((s) => s.join(enc.field)).join('\r') + '\r';
  // Echoed names may hold Chinese; the ACK is always sent as UTF-8, so say so when it matters.
  // eslint-disable-next-line no-control-regex -- any character outside ASCII
  if (/[^\x00-\x7F]/.test(out)) {
    header.push('', '', '', '', '', 'UNICODE UTF-8');
    return segments.map((s) => s.join(enc.field)).join('\r') + '\r';
  }
  return out;
}
