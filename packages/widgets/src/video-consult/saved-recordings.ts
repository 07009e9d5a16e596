import { html, nothing, type TemplateResult } from 'lit';
import { videoOf, type VideoRecording } from '@ihkit/core';
import { VideoPart } from './video-part.js';

/**
 * The recordings kept with the consult (none, for a consult never recorded), each played from
 * memory once fetched with the user's token. Loaded for the active consult, and again after a
 * call (one may have been made in it).
 */
export class SavedRecordings extends VideoPart<SavedRecordings> {
  items?: VideoRecording[];
  /** The one being listened to. */
  listening?: { id: string; url: string };
  /** The consult the list was loaded for. */
  #of?: string;

  override hostUpdate(): void {
    const { host } = this;
    if (host.client && host.activeConsultId !== this.#of) void this.load();
  }

  override hostDisconnected(): void {
    this.#stopListening();
  }

  async load(): Promise<void> {
    const { host } = this;
    const consultId = host.activeConsultId;
    const client = host.client;
    this.#of = consultId;
    this.#stopListening();
    this.set({ items: undefined });
    if (!consultId || !client) return;
    try {
      const items = await videoOf(client).listRecordings(consultId);
      if (host.activeConsultId === consultId) this.set({ items });
    } catch {
      // The list is a convenience beside the call: without it the call still works.
    }
  }

  async #listen(r: VideoRecording): Promise<void> {
    const client = this.host.client;
    if (!client) return;
    await this.attempt(async () => {
      const blob = await videoOf(client).downloadRecording(r.id);
      this.#stopListening();
      this.set({ listening: { id: r.id, url: URL.createObjectURL(blob) } });
      this.host.focusNext(`audio[data-recording="${r.id}"]`);
    });
  }

  #stopListening(): void {
    if (this.listening) URL.revokeObjectURL(this.listening.url);
    this.set({ listening: undefined });
  }

  render(): TemplateResult | typeof nothing {
    const { host } = this;
    const { l10n } = host;
    const items = this.items;
    if (!items?.length) return nothing;
    const length = (ms?: number) => (ms === undefined ? '' : ` · ${Math.floor(ms / 60000)}:${String(Math.round(ms / 1000) % 60).padStart(2, '0')}`);
    return html`<div part="recordings" class="panel">
      <div class="subheading" role="heading" aria-level=${host.headingLevel + 1}>${host.msg('video.recordings')}</div>
      <ul class="waiting-list" role="list">
        ${items.map(
          (r) => html`<li part="recording-item">
            <span id="rec-${r.id}">${l10n.date(r.createdAt)} ${l10n.time(r.createdAt)}${length(r.durationMs)}</span>
            ${this.listening?.id === r.id
              ? html`<audio data-recording=${r.id} controls src=${this.listening.url} aria-labelledby="rec-${r.id}"></audio>`
              : html`<button type="button" part="listen-button" class="button" aria-describedby="rec-${r.id}" @click=${() => void this.#listen(r)}>${host.msg('video.recordings.listen')}</button>`}
          </li>`,
        )}
      </ul>
    </div>`;
  }
}
