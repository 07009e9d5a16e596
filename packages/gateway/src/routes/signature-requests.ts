/**
 * A signature request, followed by the desk that asked with `Prefer: respond-async`: its signer
 * reads it (and so has it asked about at the CA: signature-requests.ts's one path completes it),
 * and so may whoever may read its prescription once that exists; NOT_FOUND for anyone else.
 */
import { prescriptionRole } from '../prescriptions/lifecycle.js';
import { advance, findRequest } from '../prescriptions/signature-requests.js';
import { describeRequest } from '../prescriptions/signature-request-view.js';
import { findPrescription } from '../prescriptions/store.js';
import { signedIn, type OperationHandler } from '../operations.js';
import { HttpProblem } from '../problems.js';

export const getSignatureRequest: OperationHandler<'getSignatureRequest'> = {
  audit: 'prescription',
  async handle(call, services) {
    const user = signedIn(call);
    let request = await findRequest(services.db, call.params.signatureRequestId);
    if (!request) throw new HttpProblem('NOT_FOUND');
    call.audit.resourceId = request.prescription_id;
    call.audit.patientIds.push(request.patient_id);
    if (request.signer_user_id === user.id) {
      // The signer's read asks the CA: stored as their act, in a transaction carrying this call's audit row.
      request = await advance(services, services.db, request);
    } else {
      const prescription = await findPrescription(services.db, request.prescription_id);
      if (!prescription || !(await prescriptionRole(services.db, user, prescription))) throw new HttpProblem('NOT_FOUND');
    }
    return { body: await describeRequest(services.db, request) };
  },
};
