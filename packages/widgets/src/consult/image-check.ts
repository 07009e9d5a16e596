/** What the gateway takes as a consult image (openapi: uploadConsultAttachment). */
export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** Why a file cannot be sent as an image (a string key), or undefined when it can. */
export function imageProblem(file: Pick<Blob, 'type' | 'size'>): 'consult.chat.imageType' | 'consult.chat.imageSize' | undefined {
  if (!IMAGE_TYPES.includes(file.type)) return 'consult.chat.imageType';
  if (file.size > IMAGE_MAX_BYTES) return 'consult.chat.imageSize';
  return undefined;
}
