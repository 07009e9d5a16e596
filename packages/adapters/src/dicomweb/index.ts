/** The DICOMweb PACS adapter: QIDO-RS to find a patient's studies, WADO-RS rendered pictures. */
export { createDicomWebPacs, type DicomWebPacsOptions } from './pacs.js';
export type { HeadersSource } from './client.js';
