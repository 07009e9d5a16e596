/**
 * The conversation of a consult: history after a seq, sending text or an uploaded image,
 * images served to participants only, and read marks. Live delivery is the realtime hub's.
 */
import { createHash } from 'node:crypto';
import { canChat, type ConsultMessage } from '@ihkit/core';
import { openConsult, withConsult } from '../consults/access.js';
import { sniffImage } from '@ihkit/adapters';
import { appendMessage, findConsult, MESSAGE_SELECT, messagesAfter, toConsult, toMessage, transition, type MessageRow } from '../consults/store.js';
import { newId } from '../ids.js';
import { retainUntil } from '../records/retention.js';
import type { OperationHandler } from '../operations.js';
import { idempotencyKey } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { notify } from '../realtime/notices.js';

export const listConsultMessages: OperationHandler<'listConsultMessages'> = {
  audit: 'consult_message',
  async handle(call, services) {
    const { row } = await openConsult(call, services.db, call.params.consultId);
    const items = await messagesAfter(services.db, row.id, call.query.after ?? 0, call.query.limit ?? 200);
    return { body: { items, lastSeq: row.last_seq } };
  },
};

export const sendConsultMessage: OperationHandler<'sendConsultMessage'> = {
  audit: 'consult_message',
  async handle(call, services) {
    const key = idempotencyKey(call);
    const { text, attachmentId } = call.body;
    if ((text === undefined) === (attachmentId === undefined)) {
      throw new HttpProblem('VALIDATION_FAILED', 'Send either text or an attachmentId.', [{ pointer: '/body', message: 'must have exactly one of text, attachmentId' }]);
    }
    if (text !== undefined && !text.trim()) throw new HttpProblem('VALIDATION_FAILED', 'The message is empty.', [{ pointer: '/body/text', message: 'must not be blank' }]);
    const message = await withConsult(call, services, call.params.consultId, async ({ row, role, user }, tx) => {
      const earlier = await tx.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.consult_id = $1 AND m.sender_user_id = $2 AND m.idempotency_key = $3`, [row.id, user.id, key]);
      if (earlier.rows[0]) {
        const m = toMessage(earlier.rows[0]);
        if ((m.text ?? undefined) !== text || (m.attachment?.id ?? undefined) !== attachmentId) throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
        call.audit.resourceId = m.id;
        return m;
      }
      if (!canChat(row.status)) throw new HttpProblem('INVALID_STATE', `Messages can be sent once the doctor has accepted and until the consult ends; it is ${row.status}.`);
      if (attachmentId) {
        const att = await tx.query('SELECT 1 FROM consult_attachments WHERE id = $1 AND consult_id = $2 AND uploaded_by = $3', [attachmentId, row.id, user.id]);
        if (!att.rows.length) throw new HttpProblem('NOT_FOUND', 'No such upload in this consult.');
      }
      const now = services.now();
      // The doctor's first message starts the consult.
      if (role === 'doctor' && row.status === 'accepted') await transition(tx, row, 'start', {}, now);
      const seq = await appendMessage(tx, row.id, { kind: attachmentId ? 'image' : 'text', sender: role, senderUserId: user.id, text, attachmentId, idempotencyKey: key }, now);
      const { rows } = await tx.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.consult_id = $1 AND m.seq = $2`, [row.id, seq]);
      call.audit.resourceId = rows[0]!.id;
      return toMessage(rows[0]!);
    });
    return { status: 201, body: message satisfies ConsultMessage };
  },
};

export const uploadConsultAttachment: OperationHandler<'uploadConsultAttachment'> = {
  audit: 'consult_attachment',
  async handle(call, services) {
    const bytes = call.body as unknown;
    if (!Buffer.isBuffer(bytes) || !bytes.length) throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send the image bytes as the body.');
    const contentType = sniffImage(bytes);
    if (!contentType) throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'The file is not a PNG, JPEG or WebP image.');
    const id = newId('att');
    await services.db.transaction(async (tx) => {
      const { row, user } = await openConsult(call, tx, call.params.consultId);
      if (!canChat(row.status)) throw new HttpProblem('INVALID_STATE', `Images can be sent once the doctor has accepted and until the consult ends; it is ${row.status}.`);
      await tx.query(
        `INSERT INTO consult_attachments (id, consult_id, uploaded_by, content_type, size, sha256, data, created_at, retain_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${retainUntil('chat_media', '$8')})`,
        [id, row.id, user.id, contentType, bytes.length, createHash('sha256').update(bytes).digest('hex'), bytes, services.now()],
      );
    });
    return { status: 201, body: { id, contentType, size: bytes.length } };
  },
};

export const getConsultAttachment: OperationHandler<'getConsultAttachment'> = {
  audit: 'consult_attachment',
  async handle(call, services) {
    const { row } = await openConsult(call, services.db, call.params.consultId);
    const { rows } = await services.db.query<{ content_type: string; data: Uint8Array }>('SELECT content_type, data FROM consult_attachments WHERE id = $1 AND consult_id = $2', [call.params.attachmentId, row.id]);
    if (!rows[0]) throw new HttpProblem('NOT_FOUND');
    return { body: Buffer.from(rows[0].data), headers: { 'content-type': rows[0].content_type, 'content-disposition': 'inline' } };
  },
};

export const markConsultRead: OperationHandler<'markConsultRead'> = {
  audit: 'consult',
  async handle(call, services) {
    return services.db.transaction(async (tx) => {
      const { row, role } = await openConsult(call, tx, call.params.consultId);
      const column = role === 'doctor' ? 'doctor_read_seq' : 'patient_read_seq';
      const seq = Math.min(call.body.seq, row.last_seq);
      const { rows } = await tx.query<{ moved: boolean }>(`UPDATE consults SET ${column} = GREATEST(${column}, $2) WHERE id = $1 RETURNING (${column} = $2 AND $2 > $3) AS moved`, [row.id, seq, row[column]]);
      if (rows[0]?.moved) await notify(tx, { k: 'read', c: row.id, s: role, seq });
      return { body: toConsult((await findConsult(tx, row.id))!) };
    });
  },
};
