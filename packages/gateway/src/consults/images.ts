/**
 * Image uploads are checked by their content, never by their name or declared type: the
 * signature and the first structure every real file of the type has, so a truncated header,
 * or markup with a signature in front of it and nothing after, is not an image. SVG is never
 * one (it is a document that can hold scripts).
 */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The image type the bytes really are, or undefined. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const has = (sig: number[] | string, at = 0) => {
    const s = typeof sig === 'string' ? [...sig].map((c) => c.charCodeAt(0)) : sig;
    return bytes.length >= at + s.length && s.every((b, i) => bytes[at + i] === b);
  };
  // PNG: the signature, then the IHDR chunk (13 bytes of data and a CRC), which must come first.
  if (has([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && has([0, 0, 0, 13], 8) && has('IHDR', 12) && bytes.length >= 33) return 'image/png';
  // JPEG: start of image, then a marker segment (APPn, a table, a frame or a comment) with its length.
  const marker = bytes[3] ?? 0;
  if (has([0xff, 0xd8, 0xff]) && marker >= 0xc0 && marker <= 0xfe && !(marker >= 0xd0 && marker <= 0xd9) && bytes.length >= 6) return 'image/jpeg';
  // WebP: a RIFF container of type WEBP whose first chunk is VP8, VP8L or VP8X.
  if (has('RIFF') && has('WEBP', 8) && (has('VP8 ', 12) || has('VP8L', 12) || has('VP8X', 12))) return 'image/webp';
  return undefined;
}
