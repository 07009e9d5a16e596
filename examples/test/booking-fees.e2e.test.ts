/**
 * End to end with the registration fee paid online (IHKIT_BOOKING_HOLD_MINUTES), on a phone
 * (390×844, touch): book a slot with a fee — the place held, its countdown — pay it in the
 * sandbox, see it booked in "my appointments", move it to another time (改约) with the fee
 * difference shown, cancel it with the refund said beforehand, and see the refund afterwards.
 * Then move a paid appointment from an attending doctor to the chief physician of the same
 * department, chosen in the panel: the difference shown, paid in the sandbox with its countdown,
 * and the appointment moved with the new fee. Nothing of the patient reaches a URL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { localDate, type Appointment, type Doctor, type Payment, type Slot } from '@ihkit/core';
import { apiAs, demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser({ IHKIT_BOOKING_HOLD_MINUTES: '15' });

const headingIs = (widget: Locator, text: string) => widget.locator('[part~="heading"]').filter({ hasText: text }).first().waitFor();

test('a phone books with a fee and pays it in the sandbox, reschedules, cancels and sees the refund', async () => {
  const { page, errors, urls } = await openAs(env, '/', 'lina', { phone: true });
  const booking = page.locator('ih-booking');
  const mine = page.locator('ih-appointments');

  await booking.getByRole('button', { name: /心血管内科/ }).tap();
  await booking.getByRole('button', { name: /周敏/ }).tap();
  await headingIs(booking, '选择时间');
  // The last day with open times: far enough ahead to move and to cancel with a full refund.
  await booking.getByRole('radio', { name: /可预约/ }).last().tap();
  await booking.locator('[part~="slot-available"]').first().tap();
  await headingIs(booking, '选择就诊人');
  await booking.getByRole('button', { name: /周可欣/ }).tap();
  await headingIs(booking, '确认预约');
  const fee = ((await booking.locator('[part~="summary"] [part~="fee"]').textContent()) ?? '').trim();
  assert.match(fee, /^¥\d+\.\d\d$/, `the slot has a fee: ${fee}`);
  await booking.locator('[part~="confirm-button"]').tap();

  // The place is held: the pay step with the fee and the time left, the methods the hospital takes.
  await headingIs(booking, '支付挂号费');
  const pay = booking.locator('[part~="pay"]');
  await pay.getByText('剩余支付时间', { exact: true }).waitFor();
  assert.equal((await pay.getByRole('status').textContent())!.trim(), '剩余支付时间约 15 分钟', 'said politely, once');
  assert.match((await pay.locator('[part~="timer"]').textContent())!, /^1[45]:\d\d$/);
  assert.equal((await pay.locator('[part~="fee"]').textContent())!.trim(), fee);
  await shot(page, 'fees-1-pay-step', booking);
  await pay.getByRole('button', { name: `支付 ${fee}` }).tap();
  await pay.getByRole('button', { name: `确认支付 ${fee}` }).tap();
  await headingIs(booking, '预约成功');
  await shot(page, 'fees-2-paid', booking);

  // In "my appointments": booked (not waiting for payment), and movable.
  const row = mine.locator('[part~="item"]').filter({ hasText: '周可欣' }).filter({ has: page.locator('[part~="reschedule-button"]') }).first();
  await row.locator('[part~="status"]').filter({ hasText: '待就诊' }).waitFor();
  const before = (await row.locator('.line2').textContent())!.trim();
  await row.getByRole('button', { name: '改约' }).tap();
  const move = row.locator('[part~="reschedule"]');
  await move.getByText('选择新的就诊时间').waitFor();
  // The furthest time offered: the first may be within a day, when cancelling no longer gives all of it back.
  await move.locator('[part~="slot"]').last().tap();
  assert.equal((await move.locator('[part~="difference"]').textContent())!.trim(), '无差额', 'the same doctor, the same fee');
  await shot(page, 'fees-3-reschedule', mine);
  await move.getByRole('button', { name: '确认改约' }).tap();
  await mine.locator('[part~="message"]').filter({ hasText: '已改约到' }).waitFor();
  const moved = mine.locator('[part~="item"]').filter({ hasText: '周可欣' }).filter({ has: page.locator('[part~="cancel-button"]') }).first();
  // The list reloads after the message: wait for the row's new time rather than read it at once.
  await moved.locator('.line2').filter({ hasNotText: before }).waitFor({ timeout: 10_000 }).catch(() => undefined);
  assert.notEqual((await moved.locator('.line2').textContent())!.trim(), before, 'it moved');

  // Cancelling says beforehand what comes back (all of it, more than a day ahead), then shows the refund.
  await moved.getByRole('button', { name: '取消预约' }).tap();
  const dialog = mine.locator('dialog[open]');
  const preview = (await dialog.locator('[part~="dialog-refund"]').textContent())!.trim();
  assert.match(preview, new RegExp(`前取消全额退还 ${fee.replace('.', '\\.')}`));
  await shot(page, 'fees-4-cancel-dialog', dialog);
  await dialog.getByRole('button', { name: '确认取消' }).tap();
  await mine.locator('[part~="message"]').filter({ hasText: `预约已取消，将退还 ${fee}` }).waitFor();
  const refund = mine.locator('[part~="registration"]').filter({ hasText: fee }).first();
  assert.match((await refund.textContent())!.trim(), new RegExp(`^(退款 ${fee.replace('.', '\\.')} 处理中|已退款 ${fee.replace('.', '\\.')})$`));
  await shot(page, 'fees-5-refund', mine);
  // The sandbox gives it back at once: read again, the refund is made.
  await page.reload();
  await mine.locator('[part~="registration"]').filter({ hasText: `已退款 ${fee}` }).first().waitFor();

  for (const u of urls) assert.ok(!/李娜|周可欣|周敏/.test(decodeURIComponent(u)), `nothing personal in ${u}`);
  assert.deepEqual(errors, []);
});

test('a phone moves a paid appointment to a dearer doctor of the same department and pays the difference in the sandbox', async () => {
  // Booked with an attending doctor and paid through the API (the first test plays that in the browser).
  const api = await apiAs(env, 'lina');
  const self = (await api.call<{ items: Array<{ id: string; relation: string }> }>('GET', '/patients')).items.find((p) => p.relation === 'self')!.id;
  const today = localDate(new Date(), 'Asia/Shanghai');
  const far = localDate(new Date(Date.now() + 13 * 86_400_000), 'Asia/Shanghai');
  const departments = (await api.call<{ items: Array<{ id: string }> }>('GET', '/departments')).items;
  const department = departments.at(-1)!.id;
  const doctors = (await api.call<{ items: Doctor[] }>('GET', `/doctors?departmentId=${department}`)).items;
  const slots = (await api.call<{ items: Slot[] }>('GET', `/slots?departmentId=${department}&from=${today}&to=${far}`)).items
    .filter((s) => s.available > 0 && s.fee.amount > 0 && Date.parse(s.start) > Date.now() + 2 * 86_400_000);
  const cheapest = Math.min(...slots.map((s) => s.fee.amount));
  const dearest = Math.max(...slots.map((s) => s.fee.amount));
  const from = slots.find((s) => s.fee.amount === cheapest)!;
  const chief = doctors.find((d) => d.fee.amount === dearest && slots.some((s) => s.doctorId === d.id))!;
  const to = slots.filter((s) => s.doctorId === chief.id).at(-1)!;
  assert.ok(dearest > cheapest, 'the department has a dearer doctor');
  const booked = await api.call<Appointment>('POST', '/appointments', { slotId: from.id, patientId: self });
  const order = await api.call<Payment>('POST', `/appointments/${booked.id}/payment`, {});
  await api.call('POST', `/payments/${order.id}/sandbox-pay`);
  const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
  const extra = to.fee.amount - from.fee.amount;

  const { page, errors, urls } = await openAs(env, '/', 'lina', { phone: true });
  const mine = page.locator('ih-appointments');
  const row = mine.locator(`[data-id="${booked.id}"]`);
  await row.getByRole('button', { name: '改约' }).tap();
  const move = row.locator('[part~="reschedule"]');
  await move.getByText('选择新的就诊时间').waitFor();
  // Another doctor of the department, by title and fee; then one of their times.
  await move.locator('[part~="doctor"] select').selectOption(chief.id);
  await move.locator('[part~="slot"]').filter({ hasText: new Date(to.start).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) }).last().tap();
  assert.equal((await move.locator('[part~="difference"]').textContent())!.trim(), `需补交 ${yuan(extra)}`, 'the difference before confirming');
  await move.getByRole('button', { name: '确认改约' }).tap();

  // The pay step: the difference, the time left, the sandbox's checkout; the old time kept meanwhile.
  await move.getByText('支付费用差额').waitFor();
  await move.locator('[part~="new-doctor"]').filter({ hasText: chief.name }).waitFor();
  assert.match((await move.locator('[part~="timer"]').textContent())!, /^1[45]:\d\d$/);
  assert.equal((await api.call<Appointment>('GET', `/appointments/${booked.id}`)).slotId, from.id, 'not moved before the difference is paid');
  await shot(page, 'fees-6-reschedule-difference', mine);
  await move.getByRole('button', { name: `支付 ${yuan(extra)}` }).tap();
  await move.getByRole('button', { name: `确认支付 ${yuan(extra)}` }).tap();
  await mine.locator('[part~="message"]').filter({ hasText: '已改约到' }).waitFor();

  const moved = await api.call<Appointment>('GET', `/appointments/${booked.id}`);
  assert.equal(moved.slotId, to.id, 'moved once the difference arrived');
  assert.equal(moved.doctorId, chief.id, 'with the chief physician now');
  assert.equal(moved.registration?.amount.amount, to.fee.amount, 'the fee is the new slot’s');
  assert.equal(moved.pendingMove, undefined);
  for (const u of urls) assert.ok(!/李娜/.test(decodeURIComponent(u)), `nothing personal in ${u}`);
  assert.deepEqual(errors, []);
});
