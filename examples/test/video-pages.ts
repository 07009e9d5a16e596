/**
 * What the video e2e tests do on the example pages: open the consult's video element in the
 * doctor's desk or the patient's clinic, go through the device check into the call, watch the
 * remote video play, and record the page's RTCPeerConnections to inspect or break them.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

declare global {
  interface Window {
    __peerConnections?: RTCPeerConnection[];
  }
}

/** An `initScript` for openAs: keeps every RTCPeerConnection the page creates in `window.__peerConnections`. */
export function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  window.__peerConnections = all;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      all.push(this);
    }
  };
}

/** The doctor opens the consult in the desk: its video element gets the consult's id. */
export async function openDeskVideo(page: Page, consultId: string): Promise<Locator> {
  await page.locator(`ih-doctor-desk [part~="queue-item"][data-consult="${consultId}"]`).click();
  const video = page.locator('ih-doctor-desk ih-video-consult');
  await video.locator('[part~="start-button"]').waitFor({ timeout: 10_000 });
  assert.equal(await video.evaluate((el) => (el as unknown as { consultId?: string }).consultId), consultId, 'the desk tells the video element which consult');
  return video;
}

/** The patient opens their newest consult (the one just paid for) in the portal's clinic; its video element shows there. */
export async function openConsultVideo(page: Page, consultId: string): Promise<Locator> {
  const clinic = page.locator('ih-clinic');
  await clinic.scrollIntoViewIfNeeded();
  await clinic.locator('[part~="consults"] [part~="option"]').first().click();
  const video = page.locator('ih-clinic > ih-video-consult');
  await video.locator('[part~="start-button"]').waitFor({ timeout: 10_000 });
  assert.equal(await video.evaluate((el) => (el as unknown as { consultId?: string }).consultId), consultId, 'the clinic tells the video element which consult');
  return video;
}

/** Start, device check, join; with `relayOnly`, the element sends media through TURN only. */
export async function startVideo(widget: Locator, opts: { relayOnly?: boolean } = {}): Promise<void> {
  if (opts.relayOnly) await widget.evaluate((el) => ((el as unknown as { relayOnly: boolean }).relayOnly = true));
  await widget.locator('[part~="start-button"]').click();
  await widget.locator('video[part~="preview"]').waitFor();
  await widget.locator('[part~="join-button"][aria-disabled="false"]').click();
}

/** The frames of the element's `nth` remote video keep rising (it plays, not frozen). */
export async function framesKeepRising(page: Page, widget: Locator, who: string, nth = 0): Promise<void> {
  const video = widget.locator('video[part~="remote-video"]').nth(nth);
  await video.waitFor({ timeout: 20_000 });
  const frames = () => video.evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
  await page.waitForFunction((el) => (el as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames > 0, await video.elementHandle(), { timeout: 15_000 });
  const a = await frames();
  await page.waitForTimeout(1500);
  const b = await frames();
  await page.waitForTimeout(1500);
  const c = await frames();
  assert.ok(a < b && b < c, `${who}: remote frames keep rising (${a}, ${b}, ${c})`);
}
