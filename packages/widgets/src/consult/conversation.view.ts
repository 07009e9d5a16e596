import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { canChat, isConsultOpen, type ConsultMessage, type ConsultStatus } from '@ihkit/core';
import type { LocalizeController } from '../internal/localize.js';
import { iconAlert } from '../internal/icons.js';
import type { ConversationController } from './conversation.controller.js';
import { IMAGE_TYPES } from './image-check.js';

export interface ConversationViewOptions {
  /** The consult's state: whether the composer is offered. */
  status: ConsultStatus;
  /** Shown instead of the composer while the consult is open but not yet accepted. */
  notYet: string;
  /** The ARIA level of the conversation's heading. */
  headingLevel: number;
}

/**
 * The conversation of a consult as `<ih-clinic>` and `<ih-doctor-desk>` both show it: the
 * messages, typing and read marks, the connection hint, a live region for incoming messages and
 * the composer. The live region is always there while the conversation is shown, and its text is
 * replaced once per new incoming message (keyed by seq), so each is announced once, the same
 * words twice included. State and actions are the ConversationController's.
 *
 * Parts: conversation, conversation-heading, messages, message (+ message-mine, message-theirs,
 * message-event), message-sender, message-text, message-image, message-time, read-mark, typing,
 * connection, composer, message-input, send-button, attach-button, send-error, retry-button,
 * image-error, chat-note.
 */
export function renderConversation(c: ConversationController, l10n: LocalizeController, o: ConversationViewOptions): TemplateResult {
  return html`<section part="conversation" class="conversation" aria-labelledby="conversation-heading">
    <div part="conversation-heading" class="conversation-heading" role="heading" aria-level=${o.headingLevel} id="conversation-heading">
      ${l10n.msg('consult.chat.label')}
    </div>
    ${renderBody(c, l10n)} ${renderComposer(c, l10n, o)}
    <div class="visually-hidden" aria-live="polite" aria-atomic="true">${keyed(c.incoming?.seq, c.incoming ? announcement(c.incoming, l10n) : '')}</div>
  </section>`;
}

function renderBody(c: ConversationController, l10n: LocalizeController): TemplateResult {
  if (c.status === 'error') {
    return html`<div part="error" class="alert" role="alert">
      ${iconAlert}
      <p>${l10n.error(c.error)}</p>
      <button type="button" part="retry-button" class="button" @click=${() => c.reload()}>${l10n.msg('common.retry')}</button>
    </div>`;
  }
  if (c.status !== 'ready') return html`<p class="chat-loading" role="status">${l10n.msg('common.loading')}</p>`;
  const ownLast = [...c.messages].reverse().find((m) => m.sender === c.role);
  return html`${c.connection !== 'open'
      ? html`<p part="connection" class="connection" role="status">${l10n.msg(c.wasOpen ? 'consult.chat.reconnecting' : 'consult.chat.connecting')}</p>`
      : nothing}
    ${c.messages.length === 0
      ? html`<p class="chat-empty">${l10n.msg('consult.chat.empty')}</p>`
      : html`<ol part="messages" class="messages" tabindex="0" aria-label=${l10n.msg('consult.chat.label')} @scroll=${c.scrolled}>
          ${c.messages.map((m) => renderMessage(c, l10n, m, m === ownLast && c.otherReadSeq >= m.seq))}
        </ol>`}
    ${c.otherTyping
      ? html`<p part="typing" class="typing">${l10n.msg('consult.chat.typing', { sender: l10n.msg(`consult.sender.${c.other}`) })}</p>`
      : nothing}`;
}

function renderMessage(c: ConversationController, l10n: LocalizeController, m: ConsultMessage, read: boolean): TemplateResult {
  if (m.kind === 'event' || m.sender === 'system') {
    return html`<li part="message message-event" class="message event" data-seq=${m.seq}>
      ${m.event ? l10n.msg('consult.event', { status: l10n.msg(`consult.status.${m.event}`) }) : (m.text ?? '')}
      <span part="message-time" class="time">${l10n.time(m.createdAt)}</span>
    </li>`;
  }
  const mine = m.sender === c.role;
  const who = mine ? 'mine' : 'theirs';
  return html`<li part="message message-${who}" class="message ${who}" data-seq=${m.seq}>
    <span part="message-sender" class="visually-hidden">${l10n.msg(mine ? 'consult.sender.me' : `consult.sender.${m.sender}`)}</span>
    ${m.kind === 'image' && m.attachment ? renderImage(c, l10n, m) : html`<p part="message-text" class="text">${m.text}</p>`}
    <span class="meta">
      <span part="message-time" class="time">${l10n.time(m.createdAt)}</span>
      ${read ? html`<span part="read-mark" class="read">${l10n.msg('consult.chat.read')}</span>` : nothing}
    </span>
  </li>`;
}

function renderImage(c: ConversationController, l10n: LocalizeController, m: ConsultMessage): TemplateResult {
  const state = c.image(m.attachment!);
  if (state === 'error') return html`<p part="message-image" class="image-failed">${l10n.msg('consult.chat.imageFailed')}</p>`;
  if (state === 'loading') return html`<span part="message-image" class="image-loading" role="img" aria-label=${l10n.msg('consult.chat.image')}></span>`;
  return html`<img part="message-image" class="image" src=${state.url} alt=${l10n.msg('consult.chat.image')} @load=${c.imageLoaded} />`;
}

function announcement(m: ConsultMessage, l10n: LocalizeController): string {
  const sender = l10n.msg(`consult.sender.${m.sender === 'doctor' ? 'doctor' : 'patient'}`);
  return l10n.msg('consult.chat.newMessage', { sender, text: m.kind === 'image' ? l10n.msg('consult.chat.image') : (m.text ?? '') });
}

function renderComposer(c: ConversationController, l10n: LocalizeController, o: ConversationViewOptions): TemplateResult {
  if (!canChat(o.status)) {
    return html`<p part="chat-note" class="chat-note">${isConsultOpen(o.status) ? o.notYet : l10n.msg('consult.chat.closed')}</p>`;
  }
  const busy = c.sending || c.uploading;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    void c.send();
  };
  const onFile = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void c.sendImage(file);
  };
  const pick = (e: Event) => ((e.currentTarget as HTMLElement).parentElement!.querySelector('input[type="file"]') as HTMLInputElement).click();
  return html`<div part="composer" class="composer">
    ${c.imageError ? html`<p part="image-error" class="alert" role="alert">${iconAlert}<span>${l10n.msg(c.imageError)}</span></p>` : nothing}
    ${c.sendError !== undefined
      ? html`<div part="send-error" class="alert" role="alert">
          ${iconAlert}
          <p>${l10n.msg('consult.chat.sendFailed', { reason: l10n.error(c.sendError) })}</p>
          ${c.draft.trim()
            ? html`<button type="button" part="retry-button" class="button" @click=${() => void c.send()}>${l10n.msg('consult.chat.retry')}</button>`
            : nothing}
        </div>`
      : nothing}
    <label class="visually-hidden" for="message-input">${l10n.msg('consult.chat.input')}</label>
    <textarea
      id="message-input"
      part="message-input"
      class="input"
      rows="2"
      maxlength="2000"
      aria-describedby=${c.keyboard ? 'message-hint' : nothing}
      enterkeyhint="send"
      .value=${c.draft}
      @input=${(e: Event) => c.input((e.target as HTMLTextAreaElement).value)}
      @keydown=${onKey}
    ></textarea>
    ${c.keyboard ? html`<p id="message-hint" class="hint">${l10n.msg('consult.chat.inputHint')}</p>` : nothing}
    <div class="composer-actions">
      <input type="file" accept=${IMAGE_TYPES.join(',')} hidden @change=${onFile} />
      <button type="button" part="attach-button" class="button" aria-disabled=${busy ? 'true' : 'false'} @click=${(e: Event) => !busy && pick(e)}>
        ${c.uploading ? l10n.msg('consult.chat.uploading') : l10n.msg('consult.chat.attach')}
      </button>
      <button type="button" part="send-button" class="button primary" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void c.send()}>
        ${c.sending ? l10n.msg('consult.chat.sending') : l10n.msg('consult.chat.send')}
      </button>
    </div>
  </div>`;
}
