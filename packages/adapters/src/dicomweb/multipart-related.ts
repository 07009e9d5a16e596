/**
 * The parts of a `multipart/related` body (RFC 2387), as WADO-RS answers a retrieve of
 * instances: each part one DICOM file. Only the bodies are returned; a part's own headers
 * (its content type, location) are skipped.
 */

/** The boundary named in a Content-Type, unquoted; undefined when there is none. */
export function multipartBoundary(contentType: string | null): string | undefined {
  if (!contentType || !/^\s*multipart\/related\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const indexOf = (haystack: Uint8Array, needle: Uint8Array, from: number): number => {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!, from); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first!, i + 1)) {
    for (let k = 1; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
};

const CRLF_CRLF = new Uint8Array([13, 10, 13, 10]);

/** The bodies of the parts between `--boundary` delimiters, up to the closing `--boundary--`. */
export function multipartParts(body: Uint8Array, boundary: string): Uint8Array[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const parts: Uint8Array[] = [];
  let at = indexOf(body, delimiter, 0);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    if (body[afterDelimiter] === 45 && body[afterDelimiter + 1] === 45) break; // "--": the close
    const headersEnd = indexOf(body, CRLF_CRLF, afterDelimiter);
    if (headersEnd === -1) break;
    const next = indexOf(body, delimiter, headersEnd + 4);
    if (next === -1) break;
    // the CRLF before the next delimiter belongs to the delimiter
    const end = next >= 2 && body[next - 2] === 13 && body[next - 1] === 10 ? next - 2 : next;
    parts.push(body.subarray(headersEnd + 4, end));
    at = next;
  }
  return parts;
}
