/** getMyPractitioner: the signed-in doctor's or pharmacist's HIS record and whether they may practise online today. */
import type { OperationHandler } from '../operations.js';
import { signedIn } from '../operations.js';
import { organizationOfCaller } from '../organizations/registry.js';
import { kindOf, practitionerIdOf, practitionerStatus } from '../practitioners.js';

export const getMyPractitioner: OperationHandler<'getMyPractitioner'> = {
  async handle(call, services) {
    const user = signedIn(call);
    return { body: await practitionerStatus(services, practitionerIdOf(user), kindOf(user), organizationOfCaller(services.organizations, user).his) };
  },
};
