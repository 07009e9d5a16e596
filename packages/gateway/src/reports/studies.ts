/**
 * Whose study is this? Thumbnails and frames name only study, series and instance, so the
 * gateway remembers each study's patient from listing it (and asks the PACS otherwise) to
 * check access without a PACS search per picture.
 */
import { Lru, type PacsAdapter } from '@ihkit/adapters';

export class StudyOwners {
  readonly #owners: Lru<string, string>;
  constructor(limit = 5_000) {
    this.#owners = new Lru(limit);
  }

  remember(studyId: string, patientId: string): void {
    this.#owners.set(studyId, patientId);
  }

  /** The study's patient, or undefined when the PACS does not know the study. */
  async of(pacs: PacsAdapter, studyId: string): Promise<string | undefined> {
    const known = this.#owners.get(studyId);
    if (known) return known;
    const study = await pacs.getStudy(studyId);
    if (study) this.remember(study.id, study.patientId);
    return study?.patientId;
  }
}
