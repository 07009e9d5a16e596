/**
 * The visual test: every element in every state (states/*.ts), each at phone and desktop size, in
 * light, dark, the largest text and elder mode, in zh-CN and en, checked for the layout invariants
 * (layout-invariants.ts). A failure names the element, the state, the combination and the node.
 * `npm run gallery` runs it with screenshots on (scripts/gallery.mjs).
 */
import { MockApi } from '../mock-api.js';
import '../../src/provider/provider.js';
import { LOCALES } from './combinations.js';
import { visitIn, type Journey } from './visit.js';
import { bookingJourneys } from './states/booking.js';
import { appointmentsJourneys } from './states/appointments.js';
import { clinicJourneys } from './states/clinic.js';
import { prescriptionsJourneys } from './states/prescriptions.js';
import { reportsJourneys } from './states/reports.js';
import { doctorDeskJourneys } from './states/doctor-desk.js';
import { prescriptionEditorJourneys } from './states/prescription-editor.js';
import { pharmacistReviewJourneys } from './states/pharmacist-review.js';
import { videoConsultJourneys } from './states/video-consult.js';
import { embeddingJourneys } from './states/embedding.js';
import { triageJourneys } from './states/triage.js';
import { familyJourneys } from './states/family.js';
import { followupJourneys } from './states/followup.js';
import { myRecordJourneys } from './states/my-record.js';
import { ecgViewerJourneys } from './states/ecg-viewer.js';
import { articlesJourneys } from './states/articles.js';
import { remoteConsultationsJourneys } from './states/remote-consultations.js';

const JOURNEYS: Journey[] = [
  ...bookingJourneys,
  ...appointmentsJourneys,
  ...clinicJourneys,
  ...prescriptionsJourneys,
  ...reportsJourneys,
  ...doctorDeskJourneys,
  ...prescriptionEditorJourneys,
  ...pharmacistReviewJourneys,
  ...videoConsultJourneys,
  ...embeddingJourneys,
  ...triageJourneys,
  ...familyJourneys,
  ...followupJourneys,
  ...myRecordJourneys,
  ...ecgViewerJourneys,
  ...articlesJourneys,
  ...remoteConsultationsJourneys,
];

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

for (const journey of JOURNEYS) {
  describe(`<${journey.element}> ${journey.name}`, () => {
    for (const locale of LOCALES) {
      it(`lays out in ${locale}`, async function () {
        this.timeout(120_000);
        const failures = new Map<string, string[]>();
        await journey.run(visitIn(api, locale, journey.element, failures));
        if (failures.size) throw new Error(`${failures.size} layout failures:\n${[...failures].map(([what, where]) => `${what}\n    ${where.join('\n    ')}`).join('\n')}`);
      });
    }
  });
}
