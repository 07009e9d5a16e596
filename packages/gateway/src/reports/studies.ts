/**
 * Whose study is this? Thumbnails and frames name only study, series and instance, so the
 * gateway remembers each study's patient from listing it (and asks the PACS otherwise) to
 * check access without a PACS search per picture. What it remembers is forgotten after
 * `ttlMs` (ten minutes): a study the PACS moves to another patient (a merge, a correction) is
 * then asked about again rather than answered from memory for as long as the gateway runs.
 * Its time is the gateway's clock, like the adapter caches' (tests move it).
 */
import { Lru, type PacsAdapter } from '@ihkit/adapters';

export const STUDY_OWNER_TTL_MS = 10 * 60_000;

export class StudyOwners {
  readonly #owners: Lru<string, { patientId: string; at: number }>;
  constructor(
    private readonly now: () => number = Date.now,
    limit = 5_000,
    private readonly ttlMs = STUDY_OWNER_TTL_MS,
  ) {
    this.#owners = new Lru(limit);
  }

  remember(studyId: string, patientId: string): void {
    this.#owners.set(studyId, { patientId, at: this.now() });
  }

  /** The study's patient, or undefined when the PACS does not know the study. */
  async of(pacs: PacsAdapter, studyId: string): Promise<string | undefined> {
    const entry = this.#owners.get(studyId);
    const known = entry && this.now() - entry.at < this.ttlMs ? entry.patientId : undefined;
    if (known) return known;
    const study = await pacs.getStudy(studyId);
    if (study) this.remember(study.id, study.patientId);
    return study?.patientId;
  }
}
