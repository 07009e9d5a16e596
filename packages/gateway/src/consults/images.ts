/** Image uploads are checked by their content, never by their name or declared type. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The image type the bytes really are, or undefined. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}
