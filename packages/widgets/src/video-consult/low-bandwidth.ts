/**
 * Audio-only fallback: when the link to a participant stays too poor for video, a call is
 * better as a clear voice call than as a frozen picture. Fed the transport's stats samples
 * (every 2 s); says "fall back" once one link has been too low for several samples in a row.
 */
import type { PeerStats } from '@ihkit/video';
import { networkQuality } from './network-quality.js';

/** Below this estimated send bandwidth (kbit/s) the video is not worth sending. */
export const AUDIO_ONLY_BELOW_KBPS = 150;
/** How many samples in a row (2 s apart: 6 s) must be too low before falling back. */
export const AUDIO_ONLY_AFTER_SAMPLES = 3;

export class LowBandwidthWatch {
  readonly #low = new Map<string, number>();

  /** One sample of the link to `peerId`; true when video should stop for bandwidth now. */
  sample(peerId: string, stats: Pick<PeerStats, 'availableKbps' | 'rttMs' | 'lossPct'>): boolean {
    const low = (stats.availableKbps !== null && stats.availableKbps < AUDIO_ONLY_BELOW_KBPS) || networkQuality(stats) === 'poor';
    const runs = low ? (this.#low.get(peerId) ?? 0) + 1 : 0;
    this.#low.set(peerId, runs);
    return runs >= AUDIO_ONLY_AFTER_SAMPLES;
  }

  /** Forgets a participant (left), or everyone (the user turned video back on: count afresh). */
  forget(peerId?: string): void {
    if (peerId === undefined) this.#low.clear();
    else this.#low.delete(peerId);
  }
}
