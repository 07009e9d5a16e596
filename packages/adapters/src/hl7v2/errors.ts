/**
 * Why an HL7 v2 message was not accepted, in the terms the sender's interface engine
 * understands: an HL7 error condition code (table 0357), where in the message, and whether the
 * message is rejected outright (AR) or was understood but could not be applied (AE).
 */

/** HL7 table 0357 "Message error condition codes" — the ones ihkit answers with. */
export const HL7_ERROR = {
  SEGMENT_SEQUENCE: '100',
  REQUIRED_FIELD_MISSING: '101',
  DATA_TYPE: '102',
  TABLE_VALUE_NOT_FOUND: '103',
  UNSUPPORTED_MESSAGE_TYPE: '200',
  UNSUPPORTED_EVENT: '201',
  UNSUPPORTED_PROCESSING_ID: '202',
  UNSUPPORTED_VERSION: '203',
  DUPLICATE_KEY: '205',
  INTERNAL: '207',
} as const;

export type Hl7ErrorCode = (typeof HL7_ERROR)[keyof typeof HL7_ERROR];

/** The names HL7 gives those codes, for ERR-3.2. */
export const HL7_ERROR_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '205': 'Duplicate key identifier',
  '207': 'Application internal error',
};

/** Where an error is (ERR-2, an ERL): segment id, which one of that id (1-based), field and component. */
export interface Hl7Location {
  segment: string;
  /** 1 for the first segment with that id, 2 for the second, … */
  sequence?: number;
  field?: number;
  component?: number;
}

/**
 * An HL7 v2 message that ihkit does not accept. `ack` says how to answer: AR (rejected —
 * unparsable header, a message type or version we do not take) or AE (an ORU^R01 we understood
 * whose content we cannot use: no patient id, a bad date, …). The message text never includes
 * values from the message, only positions, so it can be logged and sent back in the ACK.
 */
export class Hl7Error extends Error {
  override readonly name = 'Hl7Error';
  constructor(
    readonly code: Hl7ErrorCode,
    message: string,
    readonly ack: 'AE' | 'AR' = 'AE',
    readonly location?: Hl7Location,
  ) {
    super(message);
  }
}

export function isHl7Error(e: unknown): e is Hl7Error {
  return e instanceof Error && e.name === 'Hl7Error' && typeof (e as Hl7Error).code === 'string';
}
