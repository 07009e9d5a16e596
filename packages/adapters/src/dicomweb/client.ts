/**
 * The HTTP side of DICOMweb: QIDO-RS searches and WADO-RS metadata answered in the DICOM JSON
 * model, and WADO-RS rendered resources answered as pictures, with the integrator's headers and
 * a time limit, and WADO-RS retrieves of an instance's DICOM file (multipart/related). Every
 * request also stops when the caller's AbortSignal (each method's last argument) aborts.
 * What the PACS does not have comes back as `undefined`; anything else that is not a success
 * throws a plain Error (the gateway reports the PACS as unavailable).
 */
import { requestSignal } from '../call-options.js';
import { sniffImage } from '../file-types.js';
import type { RenderedImage } from '../pacs.js';
import type { DicomJson } from './dicom-json.js';
import { multipartBoundary, multipartParts } from './multipart-related.js';

export type HeadersSource = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** Query parameters in order; a key may repeat (includefield). */
export type Query = ReadonlyArray<readonly [string, string]>;

export interface DicomWebClientOptions {
  baseUrl: string;
  headers?: HeadersSource;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface DicomWebClient {
  /** A QIDO-RS search: the matches, [] when there are none (200 [], 204, or 404 for a missing parent). */
  search(path: string, query: Query, signal?: AbortSignal): Promise<DicomJson[]>;
  /** WADO-RS metadata of an instance (…/instances/{uid}/metadata): its whole data set, sequences included; [] when the PACS answers 404. */
  metadata(path: string, signal?: AbortSignal): Promise<DicomJson[]>;
  /** A WADO-RS rendered resource; undefined when the PACS answers 404. */
  rendered(path: string, query: Query, accept: RenderedImage['contentType'], signal?: AbortSignal): Promise<RenderedImage | undefined>;
  /** A WADO-RS retrieve of one instance (…/instances/{uid}): its DICOM file; undefined when the PACS answers 404. */
  instance(path: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
}

/** The picture's format from its bytes (file-types' rule), when it is one a rendered resource may be. */
function sniff(bytes: Uint8Array): RenderedImage['contentType'] | undefined {
  const type = sniffImage(bytes);
  return type === 'image/png' || type === 'image/jpeg' ? type : undefined;
}

export function dicomWebClient(options: DicomWebClientOptions): DicomWebClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fetchFn = options.fetch; // called unbound: a browser-style fetch refuses another `this`

  const get = async (path: string, query: Query, accept: string, what: string, signal: AbortSignal | undefined): Promise<Response> => {
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    // commas stay as they are: some archives (Orthanc) do not decode %2C in `viewport=w,h`
    const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replaceAll('%2C', ',')}`).join('&');
    let res: Response;
    try {
      res = await fetchFn(`${base}${path}${qs ? `?${qs}` : ''}`, {
        headers: { ...extra, accept },
        signal: requestSignal(options.timeoutMs, signal),
      });
    } catch (e) {
      // the URL can hold a patient id: it stays out of the message
      throw new Error(`DICOMweb ${what}: the PACS did not answer (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
    return res;
  };

  const failed = async (res: Response, what: string): Promise<never> => {
    await res.body?.cancel();
    throw new Error(`DICOMweb ${what}: the PACS answered ${res.status}`);
  };

  /** A DICOM JSON array; [] for 204, or 404 (a missing parent, an unknown instance). */
  const dicomJson = async (path: string, query: Query, what: string, signal: AbortSignal | undefined): Promise<DicomJson[]> => {
    const res = await get(path, query, 'application/dicom+json', what, signal);
    if (res.status === 204 || res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    if (!res.ok) return failed(res, what);
    const body: unknown = await res.json();
    if (!Array.isArray(body)) throw new Error(`DICOMweb ${what}: the PACS answered something other than a DICOM JSON array`);
    return body.filter((x): x is DicomJson => !!x && typeof x === 'object');
  };

  return {
    search: (path, query, signal) => dicomJson(path, query, 'search', signal),
    metadata: (path, signal) => dicomJson(path, [], 'metadata', signal),

    async rendered(path, query, accept, signal) {
      const res = await get(path, query, accept, 'rendered', signal);
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) return failed(res, 'rendered');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const contentType = sniff(bytes);
      if (!contentType) throw new Error(`DICOMweb rendered: the PACS answered ${res.headers.get('content-type') ?? 'no content type'}, neither PNG nor JPEG`);
      return { contentType, bytes };
    },

    async instance(path, signal) {
      const res = await get(path, [], 'multipart/related; type="application/dicom"', 'retrieve', signal);
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) return failed(res, 'retrieve');
      const boundary = multipartBoundary(res.headers.get('content-type'));
      const body = new Uint8Array(await res.arrayBuffer());
      if (!boundary) throw new Error(`DICOMweb retrieve: the PACS answered ${res.headers.get('content-type') ?? 'no content type'}, not multipart/related`);
      const [file] = multipartParts(body, boundary);
      if (!file) throw new Error('DICOMweb retrieve: the PACS answered no DICOM file');
      return file;
    },
  };
}
