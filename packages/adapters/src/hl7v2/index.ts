export { HL7_ERROR, HL7_ERROR_TEXT, Hl7Error, isHl7Error, type Hl7ErrorCode, type Hl7Location } from './errors.js';
export { DEFAULT_ENCODING, Hl7Message, Hl7Repetition, Hl7Segment, decodeHl7, escapeHl7, parseHl7, type Hl7Encoding } from './message.js';
export { parseHl7DateTime, formatHl7DateTime } from './time.js';
export { interpretationFromFlags, parseReferenceRange } from './observation.js';
export { checkOruHeader, parseOru, DEFAULT_HOSPITAL_TIME_ZONE, type OruOptions } from './oru.js';
export { buildAck, type AckCode, type AckInput } from './ack.js';
export { DEFAULT_MAX_FRAME_BYTES, MLLP_CR, MLLP_END, MLLP_START, MllpDecoder, frameMllp, type MllpFrame } from './mllp-frame.js';
export { MLLP_DEFAULT_ALLOW, mllpAllowList, sendMllp, startMllpListener, type MllpListener, type MllpListenerOptions, type MllpLog, type MllpMessageInfo } from './mllp.js';
