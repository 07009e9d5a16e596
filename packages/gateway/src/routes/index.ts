/** Every operation's handler, by operationId. The router checks this map against the contract. */
import type { Handlers } from '../operations.js';
import { bookAppointment, cancelAppointment, getAppointment, listMyAppointments } from './booking.js';
import { listDepartments, listDoctors, listSlots } from './catalog.js';
import { addFamilyMember, listMyPatients } from './patients.js';
import { getMe, health, login } from './session.js';

export const handlers: Handlers = {
  health,
  login,
  getMe,
  listDepartments,
  listDoctors,
  listSlots,
  listMyPatients,
  addFamilyMember,
  listMyAppointments,
  bookAppointment,
  getAppointment,
  cancelAppointment,
};
