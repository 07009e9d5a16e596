import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { newIdempotencyKey, type Attachment, type ConnectionState, type Consult, type ConsultMessage, type IhClient, type Sender, clinicOf } from '@ihkit/core';
import type { Realtime } from '../internal/context.js';
import { mergeMessages } from './message-order.js';
import { imageProblem } from './image-check.js';
import { InputKind } from '../internal/input-kind.js';

/** How often the user's typing is told to the other side, at most. */
export const TYPING_EVERY_MS = 3000;
/** How long the other side's "typing…" stays without a new typing signal. */
export const TYPING_SHOWN_MS = 6000;

export interface ConversationSource {
  client: IhClient;
  consult: Pick<Consult, 'id' | 'readSeq'>;
  /** The page's shared live connection (asked for once the history is loaded). */
  realtime: () => Realtime;
}

export interface ConversationOptions {
  /** Whose side this element is on. */
  role: Sender;
  /** The consult to show, or undefined while there is none (or nobody is signed in). */
  source: () => ConversationSource | undefined;
  /** The consult's state or record changed (a live notice, or an event message): fetch it again. */
  onChanged: () => void;
}

type ImageState = { url: string } | 'loading' | 'error';

/**
 * One consult's conversation, for either side: loads the history (listConsultMessages from 0),
 * then follows the live connection from the last seq; keeps the messages in seq order and
 * once each; sends text and images (a failed send keeps its text for a retry with the same
 * idempotency key); tells and shows typing; marks what the user has seen as read; loads images
 * through the client (they need the token) as object URLs, revoked on disconnect.
 */
export class ConversationController implements ReactiveController {
  status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  error: unknown;
  messages: readonly ConsultMessage[] = [];
  /** The live connection's state; `wasOpen` tells reconnecting from the first connect. */
  connection: ConnectionState = 'connecting';
  wasOpen = false;
  /** The composer's text. Kept when a send fails. */
  draft = '';
  sending = false;
  sendError: unknown;
  uploading = false;
  /** Why a chosen file was refused before uploading (a string key), or the upload's error. */
  imageError?: 'consult.chat.imageType' | 'consult.chat.imageSize';
  otherTyping = false;
  /** The other side's read mark. */
  otherReadSeq = 0;
  /** The newest incoming live message, for the live region. */
  incoming?: ConsultMessage;

  #key?: string;
  #source?: ConversationSource;
  #abort?: AbortController;
  #stop: Array<() => void> = [];
  #images = new Map<string, ImageState>();
  #typingSentAt = 0;
  #typingTimer?: ReturnType<typeof setTimeout>;
  #readSent = 0;
  #pending?: { text: string; key: string };
  #shown = 0;
  /** Whether the reader is at the newest message: a picture that loads then keeps them there. */
  #atEnd = true;
  readonly #input: InputKind;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly options: ConversationOptions,
  ) {
    this.#input = new InputKind(host);
    host.addController(this);
  }

  /** Whether the user has a hardware keyboard (so Enter-to-send is worth saying). */
  get keyboard(): boolean {
    return this.#input.mouseAndKeyboard;
  }

  get role(): Sender {
    return this.options.role;
  }

  get other(): Sender {
    return this.options.role === 'patient' ? 'doctor' : 'patient';
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  hostUpdate(): void {
    const source = this.options.source();
    const key = source ? `${source.consult.id}` : undefined;
    if (source) this.otherReadSeq = Math.max(this.otherReadSeq, source.consult.readSeq[this.other]);
    const sameClient = source?.client === this.#source?.client;
    this.#source = source;
    if (key === this.#key && sameClient) return;
    this.#teardown();
    if (key !== this.#key) {
      this.draft = '';
      this.#pending = undefined;
    }
    this.#key = key;
    if (source) {
      this.#readSent = source.consult.readSeq[this.options.role];
      this.otherReadSeq = source.consult.readSeq[this.other];
      void this.#load(source);
    }
  }

  hostUpdated(): void {
    if (this.messages.length !== this.#shown) {
      this.#shown = this.messages.length;
      this.#toEnd();
    }
    this.#markRead();
  }

  #list(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[part~="messages"]');
  }

  #toEnd(): void {
    const list = this.#list();
    if (list) list.scrollTop = list.scrollHeight;
  }

  /** The message list scrolled (the reader, or a new message): remember whether it is at its end. */
  readonly scrolled = (e: Event): void => {
    const list = e.currentTarget as HTMLElement;
    this.#atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 8;
  };

  /**
   * A picture in the list loaded and made it taller: a reader at the end stays at the end. The
   * browser may size the picture from its header before it has loaded, and a scroll event
   * dispatched in between reads the reader as above the end; so the picture's own height counts as
   * not yet there.
   */
  readonly imageLoaded = (e: Event): void => {
    const list = this.#list();
    if (!list) return;
    const grew = (e.currentTarget as HTMLElement).getBoundingClientRect().height;
    if (this.#atEnd || list.scrollHeight - list.scrollTop - list.clientHeight - grew < 8) this.#toEnd();
  };

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#teardown();
    this.#key = undefined;
  }

  /** Loads the conversation again (after an error). */
  reload(): void {
    const source = this.#source;
    this.#teardown();
    if (source) void this.#load(source);
  }

  /** The composer changed: keep the text, and tell the other side (at most every 3 s). */
  input(text: string): void {
    this.draft = text;
    const now = Date.now();
    if (text.trim() && now - this.#typingSentAt >= TYPING_EVERY_MS && this.status === 'ready' && this.#source) {
      this.#typingSentAt = now;
      this.#source.realtime().typing(this.#source.consult.id);
    }
  }

  /** Sends the composer's text. On failure the text stays, and sending again reuses its key. */
  async send(): Promise<void> {
    const source = this.#source;
    const text = this.draft.trim();
    if (!source || !text || this.sending) return;
    if (this.#pending?.text !== text) this.#pending = { text, key: newIdempotencyKey() };
    this.sending = true;
    this.sendError = undefined;
    this.host.requestUpdate();
    try {
      const message = await clinicOf(source.client).sendConsultMessage(source.consult.id, { text }, { idempotencyKey: this.#pending.key });
      this.#pending = undefined;
      if (this.draft.trim() === text) this.draft = '';
      this.#add([message], false);
    } catch (e) {
      this.sendError = e;
    } finally {
      this.sending = false;
      this.host.requestUpdate();
    }
  }

  /** Checks an image (type, size) before uploading it, then sends it. */
  async sendImage(file: File): Promise<void> {
    const source = this.#source;
    if (!source || this.uploading) return;
    this.imageError = imageProblem(file);
    this.sendError = undefined;
    if (this.imageError) return this.host.requestUpdate();
    this.uploading = true;
    this.host.requestUpdate();
    try {
      const attachment = await clinicOf(source.client).uploadConsultAttachment(source.consult.id, file);
      const message = await clinicOf(source.client).sendConsultMessage(source.consult.id, { attachmentId: attachment.id });
      this.#add([message], false);
    } catch (e) {
      this.sendError = e;
    } finally {
      this.uploading = false;
      this.host.requestUpdate();
    }
  }

  /** An image's object URL once loaded ('loading' until then, 'error' if it failed). */
  image(attachment: Attachment): ImageState {
    const known = this.#images.get(attachment.id);
    if (known) return known;
    const source = this.#source;
    if (!source) return 'loading';
    this.#images.set(attachment.id, 'loading');
    clinicOf(source.client).getConsultAttachment(source.consult.id, attachment.id).then(
      (blob) => {
        if (this.#images.get(attachment.id) !== 'loading') return; // dropped meanwhile
        this.#images.set(attachment.id, { url: URL.createObjectURL(blob) });
        this.host.requestUpdate();
      },
      () => {
        if (this.#images.get(attachment.id) !== 'loading') return;
        this.#images.set(attachment.id, 'error');
        this.host.requestUpdate();
      },
    );
    return 'loading';
  }

  async #load(source: ConversationSource): Promise<void> {
    const abort = (this.#abort = new AbortController());
    const { client, consult } = source;
    this.status = 'loading';
    this.error = undefined;
    this.host.requestUpdate();
    try {
      let all: readonly ConsultMessage[] = [];
      for (;;) {
        const after = all.at(-1)?.seq ?? 0;
        const page = await clinicOf(client).listConsultMessages(consult.id, { after }, { signal: abort.signal });
        all = mergeMessages(all, page.items);
        if (page.items.length === 0 || (all.at(-1)?.seq ?? 0) >= page.lastSeq) break;
      }
      if (abort.signal.aborted) return;
      this.messages = all;
      this.status = 'ready';
      this.#follow(source, all.at(-1)?.seq ?? 0);
    } catch (e) {
      if (abort.signal.aborted) return;
      this.status = 'error';
      this.error = e;
    }
    this.host.requestUpdate();
  }

  #follow(source: ConversationSource, after: number): void {
    const realtime = source.realtime();
    const onState = (state: ConnectionState) => {
      this.connection = state;
      if (state === 'open') this.wasOpen = true;
      this.host.requestUpdate();
    };
    onState(realtime.state);
    this.#stop.push(
      realtime.onState(onState),
      realtime.subscribe(source.consult.id, after, {
        message: (m) => this.#add([m], true),
        changed: () => this.options.onChanged(),
        typing: (sender) => {
          if (sender !== this.other) return;
          this.otherTyping = true;
          clearTimeout(this.#typingTimer);
          this.#typingTimer = setTimeout(() => {
            this.otherTyping = false;
            this.host.requestUpdate();
          }, TYPING_SHOWN_MS);
          this.host.requestUpdate();
        },
        read: (sender, seq) => {
          if (sender !== this.other || seq <= this.otherReadSeq) return;
          this.otherReadSeq = seq;
          this.host.requestUpdate();
        },
      }),
    );
  }

  #add(incoming: ConsultMessage[], live: boolean): void {
    const before = this.messages;
    this.messages = mergeMessages(before, incoming);
    if (this.messages === before) return;
    const added = incoming.filter((m) => !before.some((b) => b.seq === m.seq));
    for (const m of added) {
      if (m.sender === this.other) {
        this.otherTyping = false;
        if (live) this.incoming = m;
      }
    }
    if (added.some((m) => m.kind === 'event')) this.options.onChanged();
    this.host.requestUpdate();
  }

  #onVisibility = () => this.#markRead();

  /** Tells the gateway the user has seen up to the newest message (when the page is visible). */
  #markRead(): void {
    const source = this.#source;
    const last = this.messages.at(-1)?.seq ?? 0;
    if (!source || this.status !== 'ready' || last <= this.#readSent || document.visibilityState !== 'visible') return;
    const before = this.#readSent;
    this.#readSent = last;
    clinicOf(source.client).markConsultRead(source.consult.id, last).catch(() => {
      if (this.#readSent === last) this.#readSent = before;
    });
  }

  #teardown(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    for (const stop of this.#stop.splice(0)) stop();
    clearTimeout(this.#typingTimer);
    for (const state of this.#images.values()) if (typeof state === 'object') URL.revokeObjectURL(state.url);
    this.#images.clear();
    this.messages = [];
    this.#shown = 0;
    this.#atEnd = true;
    this.status = 'idle';
    this.otherTyping = false;
    this.incoming = undefined;
    this.wasOpen = false;
    this.sendError = this.imageError = undefined;
  }
}
