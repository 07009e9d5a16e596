/**
 * The radiologist's report read from a DICOM Structured Report (PS3.3 C.17) in the DICOM JSON
 * model that WADO-RS metadata answers with. Reporting systems store the report as a Basic
 * Text, Enhanced or Comprehensive SR in the study, its content a tree (TID 2000, Basic
 * Diagnostic Imaging Report): a Findings section (DCM 121070) holding Finding text items
 * (121071), an Impressions section (121072) holding Impressions (121073), sometimes
 * Conclusions (121076/121077). The document's flags say how far it got: PARTIAL or not yet
 * VERIFIED is preliminary, COMPLETE and VERIFIED is final, and a verified document that
 * replaces an earlier one (Predecessor Documents) is an amendment.
 */
import type { ImagingReport } from '../pacs.js';
import { dicomDateTime, dicomDt, personName, sequence, TAG, text, type DicomJson } from './dicom-json.js';

/** SR storage classes whose documents can hold a report's text (not CAD, dose or key-object documents). */
export const TEXT_SR_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.88.11', // Basic Text SR
  '1.2.840.10008.5.1.4.1.1.88.22', // Enhanced SR
  '1.2.840.10008.5.1.4.1.1.88.33', // Comprehensive SR
  '1.2.840.10008.5.1.4.1.1.88.34', // Comprehensive 3D SR
]);

/** The SR attributes read here. */
const SR = {
  timezoneOffsetFromUtc: TAG.timezoneOffsetFromUtc,
  verificationDateTime: '0040A030',
  valueType: '0040A040',
  conceptNameCodeSequence: '0040A043',
  verifyingObserverSequence: '0040A073',
  verifyingObserverName: '0040A075',
  authorObserverSequence: '0040A078',
  personName: '0040A123',
  textValue: '0040A160',
  relationshipType: '0040A010',
  predecessorDocumentsSequence: '0040A360',
  referencedSeriesSequence: '00081115',
  referencedSopSequence: '00081199',
  referencedSopInstanceUid: '00081155',
  completionFlag: '0040A491',
  verificationFlag: '0040A493',
  preliminaryFlag: '0040A496',
  contentSequence: '0040A730',
  codeValue: '00080100',
  codingSchemeDesignator: '00080102',
} as const;

type Section = 'findings' | 'impression';

/** Concepts (scheme:code) that open or are a section of the report: DICOM's and their LOINC equivalents (PS3.20). */
const SECTIONS: ReadonlyMap<string, Section> = new Map([
  ['DCM:121070', 'findings'], // Findings
  ['DCM:121071', 'findings'], // Finding
  ['LN:59776-5', 'findings'], // Procedure Findings
  ['DCM:121072', 'impression'], // Impressions
  ['DCM:121073', 'impression'], // Impression
  ['DCM:121076', 'impression'], // Conclusions
  ['DCM:121077', 'impression'], // Conclusion
  ['LN:19005-8', 'impression'], // Radiology Impression
]);

/** Person Observer Name (DCM 121008): who wrote the document, in its observation context. */
const PERSON_OBSERVER = 'DCM:121008';

const conceptOf = (item: DicomJson): string | undefined => {
  const code = sequence(item, SR.conceptNameCodeSequence)[0];
  const value = code && text(code, SR.codeValue);
  return value && `${text(code, SR.codingSchemeDesignator) ?? ''}:${value}`;
};

/** Line breaks as \n (DICOM text separates lines with CR LF), each line's trailing blanks dropped. */
const normalized = (s: string) => s.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd()).join('\n').trim();

/** Collects the text of each section: a text item counts for the section it names or sits in. */
function collect(items: readonly DicomJson[], inSection: Section | undefined, into: Record<Section, string[]>): void {
  for (const item of items) {
    const concept = conceptOf(item);
    const section = (concept && SECTIONS.get(concept)) || inSection;
    const type = text(item, SR.valueType);
    if (type === 'CONTAINER') collect(sequence(item, SR.contentSequence), section, into);
    else if (type === 'TEXT' && section) {
      const value = normalized(text(item, SR.textValue) ?? '');
      if (value) into[section].push(value);
    }
  }
}

/** preliminary, final or amended, from the document's flags. */
export function srStatus(doc: DicomJson): ImagingReport['status'] {
  const verified = text(doc, SR.completionFlag) === 'COMPLETE' && text(doc, SR.verificationFlag) === 'VERIFIED' && text(doc, SR.preliminaryFlag) !== 'PRELIMINARY';
  if (!verified) return 'preliminary';
  return sequence(doc, SR.predecessorDocumentsSequence).length ? 'amended' : 'final';
}

/** The documents this one replaces (their SOP instance UIDs). */
function predecessorsOf(doc: DicomJson): string[] {
  return sequence(doc, SR.predecessorDocumentsSequence)
    .flatMap((study) => sequence(study, SR.referencedSeriesSequence))
    .flatMap((series) => sequence(series, SR.referencedSopSequence))
    .map((sop) => text(sop, SR.referencedSopInstanceUid))
    .filter((uid): uid is string => !!uid);
}

/** One SR document read as a report. */
export interface SrReport {
  /** Its SOP instance UID. */
  id: string;
  /** The documents it replaces. */
  replaces: string[];
  report: ImagingReport;
}

/** The report an SR document holds, or undefined when it is not a text SR or holds no findings or impression. */
export function readSrReport(doc: DicomJson, timeZone: string): SrReport | undefined {
  const id = text(doc, TAG.sopInstanceUid);
  const sopClass = text(doc, TAG.sopClassUid);
  if (!id || !sopClass || !TEXT_SR_CLASSES.has(sopClass)) return undefined;
  const sections: Record<Section, string[]> = { findings: [], impression: [] };
  collect(sequence(doc, SR.contentSequence), undefined, sections);
  if (!sections.findings.length && !sections.impression.length) return undefined;

  const status = srStatus(doc);
  const offset = text(doc, SR.timezoneOffsetFromUtc);
  const verifiers = sequence(doc, SR.verifyingObserverSequence);
  const lastVerifier = verifiers[verifiers.length - 1];
  const written = dicomDateTime(text(doc, TAG.contentDate), text(doc, TAG.contentTime), offset, timeZone)
    ?? dicomDateTime(text(doc, TAG.instanceCreationDate), text(doc, TAG.instanceCreationTime), offset, timeZone);
  const verifiedAt = lastVerifier && dicomDt(text(lastVerifier, SR.verificationDateTime), offset, timeZone);
  const observer = sequence(doc, SR.contentSequence).find((item) => text(item, SR.relationshipType) === 'HAS OBS CONTEXT' && conceptOf(item) === PERSON_OBSERVER);
  const author = sequence(doc, SR.authorObserverSequence).find((a) => personName(a, SR.personName));

  const report: ImagingReport = { status };
  if (sections.findings.length) report.findings = sections.findings.join('\n');
  if (sections.impression.length) report.impression = sections.impression.join('\n');
  const issuedAt = (status !== 'preliminary' && verifiedAt) || written;
  if (issuedAt) report.issuedAt = issuedAt;
  const reporter = (observer && personName(observer, SR.personName)) ?? (author && personName(author, SR.personName));
  if (reporter) report.reporter = reporter;
  const verifier = status !== 'preliminary' && lastVerifier ? personName(lastVerifier, SR.verifyingObserverName) : undefined;
  if (verifier) report.verifier = verifier;
  return { id, replaces: predecessorsOf(doc), report };
}

const RANK: Record<ImagingReport['status'], number> = { preliminary: 0, final: 1, amended: 1 };

/**
 * The study's current report among its SR documents: not one another document replaces, the
 * latest issued (verified before preliminary at the same time). Undefined when there is none.
 */
export function currentReport(docs: readonly SrReport[]): ImagingReport | undefined {
  const replaced = new Set(docs.flatMap((d) => d.replaces));
  const at = (d: SrReport) => (d.report.issuedAt ? Date.parse(d.report.issuedAt) : -Infinity);
  const [current] = docs
    .filter((d) => !replaced.has(d.id))
    .sort((a, b) => at(b) - at(a) || RANK[b.report.status] - RANK[a.report.status] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return current?.report;
}
