/** Remote consultations as the gateway answers them, for the widget and visual tests of <ih-remote-consultations>. */
import type { RemoteConsultation, RemoteConsultationDirectory } from '@ihkit/core';

export const DIRECTORY: RemoteConsultationDirectory = {
  organizations: [
    { id: 'home', name: '城东人民医院', own: true, doctors: [{ userId: 'u_zhou', name: '周敏' }, { userId: 'u_li', name: '李强' }] },
    { id: 'county-east', name: '东县人民医院', own: false, doctors: [{ userId: 'u_east', name: '东县医生' }] },
  ],
};
export const hour = 3_600_000;
export const REQUESTED: RemoteConsultation = {
  id: 'rc_1', requestingOrganizationId: 'home', receivingOrganizationId: 'county-east', requestedBy: 'u_zhou', patientId: 'pat_zhang',
  question: '胸痛三天，请协助判断。', urgency: 'urgent', attachments: [{ kind: 'lab-report', id: 'lab_1' }], state: 'requested', experts: [], createdAt: new Date(Date.now() - 5 * hour).toISOString(),
};
export const SIGNED: RemoteConsultation = {
  ...REQUESTED, id: 'rc_2', state: 'opinion-signed', scheduledAt: new Date(Date.now() - hour).toISOString(), experts: ['u_east'], turnaroundSeconds: 5400,
  opinion: { text: '建议冠脉 CTA。', expertUserId: 'u_east', expertName: '东县医生', licenceNumber: '110000000001', signedAt: new Date().toISOString(), valid: true, certificateSerial: '0A1B2C', writtenBack: true },
};
export const COUNTS = { requested: 1, scheduled: 0, 'opinion-signed': 1, closed: 0, declined: 0, cancelled: 0 };
