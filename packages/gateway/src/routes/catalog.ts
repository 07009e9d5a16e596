/** What the hospital offers: departments, doctors and their time slots. */
import { addDays } from '@ihkit/core';
import type { OperationHandler } from '../operations.js';
import { HttpProblem } from '../problems.js';

/** The most calendar days (inclusive) one listSlots call may span. */
export const MAX_SLOT_SPAN_DAYS = 31;

export const listDepartments: OperationHandler<'listDepartments'> = {
  async handle(_call, { his }) {
    return { body: { items: await his.listDepartments() } };
  },
};

export const listDoctors: OperationHandler<'listDoctors'> = {
  async handle(call, { his }) {
    const { departmentId } = call.query;
    return { body: { items: await his.listDoctors(departmentId ? { departmentId } : {}) } };
  },
};

export const listSlots: OperationHandler<'listSlots'> = {
  async handle(call, { his }) {
    const { from, to, doctorId, departmentId } = call.query;
    if (to < from) throw new HttpProblem('VALIDATION_FAILED', '`to` is before `from`.', [{ pointer: '/query/to', message: 'must not be before from' }]);
    if (addDays(from, MAX_SLOT_SPAN_DAYS - 1) < to) {
      throw new HttpProblem('VALIDATION_FAILED', `At most ${MAX_SLOT_SPAN_DAYS} days at once.`, [{ pointer: '/query/to', message: `must be within ${MAX_SLOT_SPAN_DAYS} days of from` }]);
    }
    const slots = await his.listSlots({ from, to, ...(doctorId ? { doctorId } : {}), ...(departmentId ? { departmentId } : {}) });
    return { body: { items: [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)) } };
  },
};
