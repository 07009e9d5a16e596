/**
 * HL7 v2 messages: bytes to text (MSH-18 character set), text to segments, fields,
 * repetitions, components and subcomponents, using the delimiters the message declares in
 * MSH-1 and MSH-2 rather than assuming |^~\&. Values come out unescaped.
 */
import { HL7_ERROR, Hl7Error } from './errors.js';

/** The delimiters of one message (MSH-1 and MSH-2). */
export interface Hl7Encoding {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** The v2.7 truncation character, when MSH-2 has a fifth one. */
  truncation?: string;
}

/** The delimiters almost every sender uses: |^~\& */
export const DEFAULT_ENCODING: Hl7Encoding = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/** One repetition of a field: components (1-based through `get`), each of subcomponents. */
export class Hl7Repetition {
  constructor(readonly components: readonly (readonly string[])[]) {}

  /** Component `component`, subcomponent `subcomponent` (both 1-based); '' when absent. */
  get(component = 1, subcomponent = 1): string {
    return this.components[component - 1]?.[subcomponent - 1] ?? '';
  }

  /** Whether every component is empty. */
  get empty(): boolean {
    return this.components.every((c) => c.every((s) => s === ''));
  }
}

/** One segment. Field n (1-based, as HL7 numbers them) is `fields[n]`; for MSH, MSH-1 is the field separator. */
export class Hl7Segment {
  constructor(
    /** The segment id, e.g. 'PID'. */
    readonly name: string,
    /** Index n holds field n; index 0 is unused. */
    readonly fields: readonly (readonly Hl7Repetition[])[],
    /** 1-based position among the message's segments. */
    readonly position: number,
    /** 1-based count among the message's segments of the same name: 2 for the second OBX (ERR-2's segment sequence). */
    readonly sequence: number,
    private readonly encoding: Hl7Encoding,
  ) {}

  /** Field `field`, component, subcomponent of repetition `repetition` (all 1-based); '' when absent. */
  get(field: number, component = 1, subcomponent = 1, repetition = 1): string {
    return this.fields[field]?.[repetition - 1]?.get(component, subcomponent) ?? '';
  }

  /** The field's repetitions, without empty ones. */
  repetitions(field: number): Hl7Repetition[] {
    return (this.fields[field] ?? []).filter((r) => !r.empty);
  }

  /**
   * Each repetition of the field as text, for fields without components (ST, TX, FT, NM, a
   * reference range). Delimiters a sender left unescaped are put back as they were, so `a^b`
   * survives; trailing empty components are dropped.
   */
  texts(field: number): string[] {
    const e = this.encoding;
    const trailing = new RegExp(`${escapeRegExp(e.component)}+$`);
    return (this.fields[field] ?? []).map((r) => r.components.map((c) => c.join(e.subcomponent)).join(e.component).replace(trailing, ''));
  }

  /** The whole field as one text (see `texts`), repetitions joined by the repetition character, so `3.9~6.1` survives. */
  text(field: number): string {
    const reps = this.texts(field);
    while (reps.length && reps.at(-1) === '') reps.pop();
    return reps.join(this.encoding.repetition);
  }
}

/** A parsed message. */
export class Hl7Message {
  constructor(
    readonly segments: readonly Hl7Segment[],
    readonly encoding: Hl7Encoding,
  ) {}

  /** The MSH segment (always the first). */
  get header(): Hl7Segment {
    return this.segments[0]!;
  }

  /** The first segment called `name`, if any. */
  segment(name: string): Hl7Segment | undefined {
    return this.segments.find((s) => s.name === name);
  }

  /** MSH-10, the message control id ('' when missing). */
  get controlId(): string {
    return this.header.get(10);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** MSH-18 values (HL7 table 0211) ihkit reads, and the TextDecoder label for each. */
const CHARSETS: Readonly<Record<string, string>> = {
  '': 'utf-8',
  ASCII: 'utf-8',
  'UNICODE UTF-8': 'utf-8',
  'UTF-8': 'utf-8',
  '8859/1': 'iso-8859-1',
  'GB 18030-2000': 'gb18030',
  GB18030: 'gb18030',
};

/** The TextDecoder label for a message's MSH-18, read from its raw bytes. */
function declaredCharset(bytes: Uint8Array): { value: string; label: string | undefined } {
  // MSH is ASCII in every character set HL7 allows here, so a byte-wise look finds MSH-18.
  let end = bytes.findIndex((b) => b === 0x0d || b === 0x0a);
  if (end < 0) end = bytes.length;
  const head = new TextDecoder('iso-8859-1').decode(bytes.subarray(0, end)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  if (!head.startsWith('MSH') || head.length < 4) return { value: '', label: 'utf-8' };
  const value = (head.split(head[3]!)[17] ?? '').split(head[5] ?? '~')[0]!.trim().toUpperCase();
  return { value, label: CHARSETS[value] };
}

/**
 * A message's bytes as text, in the character set MSH-18 names: UTF-8 ('UNICODE UTF-8', or
 * nothing), GB 18030 ('GB 18030-2000') or Latin-1 ('8859/1'). Bytes that declare nothing and are
 * not valid UTF-8 are read as GB 18030, which Chinese laboratory systems often send unlabelled.
 * Throws an Hl7Error (AR) for a character set it cannot read.
 */
export function decodeHl7(bytes: Uint8Array): string {
  const { value, label } = declaredCharset(bytes);
  if (!label) throw new Hl7Error(HL7_ERROR.TABLE_VALUE_NOT_FOUND, 'Unsupported character set in MSH-18', 'AR', { segment: 'MSH', sequence: 1, field: 18 });
  let text: string;
  if (label === 'utf-8' && value === '') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
  } else {
    text = new TextDecoder(label).decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

/** The escape sequences' replacements: \F\ \S\ \T\ \R\ \E\ and the formatting ones. */
function unescapeWith(encoding: Hl7Encoding, hexDecoder: TextDecoder): (value: string) => string {
  const esc = encoding.escape;
  const simple: Record<string, string> = { F: encoding.field, S: encoding.component, T: encoding.subcomponent, R: encoding.repetition, E: esc };
  if (encoding.truncation) simple.P = encoding.truncation;
  return (value) => {
    if (!value.includes(esc)) return value;
    let out = '';
    let i = 0;
    while (i < value.length) {
      const start = value.indexOf(esc, i);
      if (start < 0) break;
      const end = value.indexOf(esc, start + 1);
      if (end < 0) break; // an escape character never closed: keep the rest as it is
      out += value.slice(i, start);
      out += sequence(value.slice(start + 1, end));
      i = end + 1;
    }
    return out + value.slice(i);
  };

  function sequence(body: string): string {
    if (body in simple) return simple[body]!;
    if (/^X(?:[0-9A-Fa-f]{2})+$/.test(body)) {
      const bytes = new Uint8Array((body.length - 1) / 2);
      for (let k = 0; k < bytes.length; k++) bytes[k] = Number.parseInt(body.slice(1 + 2 * k, 3 + 2 * k), 16);
      return hexDecoder.decode(bytes);
    }
    if (body === '.br') return '\n';
    const skip = /^\.sp\s*(\d*)$/.exec(body);
    if (skip) return '\n'.repeat(Math.max(1, Math.min(Number(skip[1] || 1), 20)));
    // \H\ \N\ (highlighting), \.fi\ \.nf\ \.in\ \.ti\ \.sk\ \.ce\ (layout), \Cxxyy\ \Mxxyyzz\
    // (character set switches) and \Z…\ (local) carry no text.
    return '';
  }
}

/** The delimiters a message declares in MSH-1 and MSH-2; throws an Hl7Error (AR) when unusable. */
function readEncoding(first: string): Hl7Encoding {
  const bad = (what: string) => new Hl7Error(HL7_ERROR.REQUIRED_FIELD_MISSING, what, 'AR', { segment: 'MSH', sequence: 1, field: 2 });
  if (!first.startsWith('MSH')) throw new Hl7Error(HL7_ERROR.SEGMENT_SEQUENCE, 'The message does not begin with an MSH segment', 'AR', { segment: 'MSH', sequence: 1 });
  const field = first[3];
  if (!field || /[A-Za-z0-9\s]/.test(field)) throw bad('MSH-1 is not a usable field separator');
  const end = first.indexOf(field, 4);
  const chars = end < 0 ? first.slice(4) : first.slice(4, end);
  if (chars.length < 4 || chars.length > 5) throw bad('MSH-2 must hold 4 or 5 encoding characters');
  const all = field + chars;
  if (new Set(all).size !== all.length || /[A-Za-z0-9\s]/.test(chars)) throw bad('MSH-2 encoding characters must be distinct punctuation');
  return { field, component: chars[0]!, repetition: chars[1]!, escape: chars[2]!, subcomponent: chars[3]!, ...(chars[4] ? { truncation: chars[4] } : {}) };
}

/** The text decoder for \X..\ hex escapes: the message's own character set. */
function hexDecoderFor(first: string, encoding: Hl7Encoding): TextDecoder {
  const value = (first.split(encoding.field)[17] ?? '').split(encoding.repetition)[0]!.trim().toUpperCase();
  return new TextDecoder(CHARSETS[value] ?? 'utf-8');
}

/**
 * Parses an HL7 v2 message. Segments end with \r (\n and \r\n are tolerated, blank lines
 * skipped); the delimiters are those of MSH-1 and MSH-2. Throws an Hl7Error with `ack` 'AR'
 * when the message has no usable MSH.
 */
export function parseHl7(text: string): Hl7Message {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => l.replace(/^\s+/, '')).filter((l) => l.length > 0);
  const first = lines[0] ?? '';
  const encoding = readEncoding(first);
  const unescape = unescapeWith(encoding, hexDecoderFor(first, encoding));
  const splitField = (raw: string): Hl7Repetition[] =>
    raw === '' ? [] : raw.split(encoding.repetition).map((rep) => new Hl7Repetition(rep.split(encoding.component).map((c) => c.split(encoding.subcomponent).map(unescape))));
  const seen = new Map<string, number>();
  const segments = lines.map((line, i) => {
    const parts = line.split(encoding.field);
    const name = parts[0]!;
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) {
      throw new Hl7Error(HL7_ERROR.SEGMENT_SEQUENCE, `Segment ${i + 1} has no valid segment id`, 'AR');
    }
    const fields: Hl7Repetition[][] = [[]];
    if (name === 'MSH') {
      // MSH-1 is the field separator itself and MSH-2 the encoding characters: neither is split.
      fields.push([new Hl7Repetition([[encoding.field]])], [new Hl7Repetition([[parts[1]!]])]);
      for (const raw of parts.slice(2)) fields.push(splitField(raw));
    } else {
      for (const raw of parts.slice(1)) fields.push(splitField(raw));
    }
    const sequence = (seen.get(name) ?? 0) + 1;
    seen.set(name, sequence);
    return new Hl7Segment(name, fields, i + 1, sequence, encoding);
  });
  return new Hl7Message(segments, encoding);
}

/** Escapes text for a field of a message with `encoding` (the inverse of parsing). */
export function escapeHl7(value: string, encoding: Hl7Encoding = DEFAULT_ENCODING): string {
  const e = encoding;
  const table: Array<[string, string]> = [[e.escape, 'E'], [e.field, 'F'], [e.component, 'S'], [e.subcomponent, 'T'], [e.repetition, 'R']];
  if (e.truncation) table.push([e.truncation, 'P']);
  let out = '';
  for (const ch of value.replace(/\r\n/g, '\n')) {
    const hit = table.find(([c]) => c === ch);
    if (hit) out += `${e.escape}${hit[1]}${e.escape}`;
    else if (ch === '\r' || ch === '\n') out += `${e.escape}.br${e.escape}`;
    else out += ch;
  }
  return out;
}
