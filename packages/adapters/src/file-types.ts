/**
 * What an uploaded file really is, read from its bytes, never from its name or declared type:
 * the signature and the first structure every real file of the type has, so a truncated
 * header, or markup with a signature in front of it and nothing after, is not one.
 */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';
export type RecordingType = 'audio/webm' | 'audio/ogg';

/** Whether `bytes` hold `sig` (bytes, or ASCII text) at offset `at`. */
function holds(bytes: Uint8Array, sig: number[] | string, at = 0): boolean {
  const s = typeof sig === 'string' ? [...sig].map((c) => c.charCodeAt(0)) : sig;
  return bytes.length >= at + s.length && s.every((b, i) => bytes[at + i] === b);
}

/** The image type the bytes really are, or undefined. SVG is never one (it is a document that can hold scripts). */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const has = (sig: number[] | string, at = 0) => holds(bytes, sig, at);
  // PNG: the signature, then the IHDR chunk (13 bytes of data and a CRC), which must come first.
  if (has([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && has([0, 0, 0, 13], 8) && has('IHDR', 12) && bytes.length >= 33) return 'image/png';
  // JPEG: start of image, then a marker segment (APPn, a table, a frame or a comment) with its length.
  const marker = bytes[3] ?? 0;
  if (has([0xff, 0xd8, 0xff]) && marker >= 0xc0 && marker <= 0xfe && !(marker >= 0xd0 && marker <= 0xd9) && bytes.length >= 6) return 'image/jpeg';
  // WebP: a RIFF container of type WEBP whose first chunk is VP8, VP8L or VP8X.
  if (has('RIFF') && has('WEBP', 8) && (has('VP8 ', 12) || has('VP8L', 12) || has('VP8X', 12))) return 'image/webp';
  return undefined;
}

/**
 * The recording type the bytes really are: WebM (an EBML header, 1A 45 DF A3, whose DocType
 * element, 42 82, says "webm") or Ogg (a whole first page header: "OggS", version 0); undefined
 * otherwise (Matroska of another doctype, a truncated header).
 */
export function sniffRecording(bytes: Uint8Array): RecordingType | undefined {
  if (holds(bytes, [0x1a, 0x45, 0xdf, 0xa3])) {
    const head = Buffer.from(bytes.subarray(0, 64));
    const docType = head.indexOf('webm');
    const element = head.indexOf(Buffer.from([0x42, 0x82]));
    return element > 0 && docType > element && docType - element <= 10 ? 'audio/webm' : undefined;
  }
  if (holds(bytes, [0x4f, 0x67, 0x67, 0x53, 0x00]) && bytes.length >= 27) return 'audio/ogg';
  return undefined;
}
