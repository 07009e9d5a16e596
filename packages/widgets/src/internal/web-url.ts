/**
 * URLs that come with data (a payment provider's checkout page) are linked only when they are
 * absolute http(s) URLs: never `javascript:`, `data:` or anything else a browser would run.
 */
export function webUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
