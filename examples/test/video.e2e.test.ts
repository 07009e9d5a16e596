/**
 * End to end, a video consult as two people play it in Debian's Chromium (fake camera and
 * microphone) against the real gateway: after the doctor has accepted a consult, the doctor
 * starts video in the desk and the patient in the portal; the patient waits until the doctor
 * admits them; both connect over real WebRTC (host candidates, no TURN) and the remote video
 * keeps playing; the doctor's hang-up ends the call on both sides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { consultThroughApi, demoAndBrowser, openAs, shot } from './demo-browser.js';

// Fake devices without a permission prompt; raw host addresses instead of mDNS names, so the
// two pages connect on this machine without STUN or TURN.
const env = demoAndBrowser({}, ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns']);

/** The remote video's decoded frames so far. */
const framesOf = (video: Locator) => video.evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);

async function framesKeepRising(page: Page, widget: Locator, who: string) {
  const video = widget.locator('video[part~="remote-video"]');
  await video.waitFor();
  await page.waitForFunction((el) => (el as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames > 0, await video.elementHandle(), { timeout: 15_000 });
  const a = await framesOf(video);
  await page.waitForTimeout(1500);
  const b = await framesOf(video);
  await page.waitForTimeout(1500);
  const c = await framesOf(video);
  assert.ok(a < b && b < c, `${who}: remote frames keep rising (${a}, ${b}, ${c})`);
}

async function startVideo(widget: Locator) {
  await widget.locator('[part~="start-button"]').click();
  await widget.locator('video[part~="preview"]').waitFor();
  await widget.locator('[part~="join-button"][aria-disabled="false"]').click();
}

test('video consult: waiting room, admit, connected both ways, hang-up ends both sides', async () => {
  const consultId = await consultThroughApi(env, { complaint: '想和医生视频看一下。', accept: true });
  const doctor = await openAs(env, '/staff/', 'dr.zhou');
  const patient = await openAs(env, '/', 'zhangwei');

  // The doctor opens the consult in the desk: the video element there gets its id.
  const desk = doctor.page.locator('ih-doctor-desk');
  await desk.locator('[part~="queue-item"]').filter({ hasText: '张伟' }).first().click();
  const doctorVideo = doctor.page.locator('ih-video-consult');
  await doctorVideo.locator('[part~="start-button"]').waitFor();
  assert.equal(await doctorVideo.evaluate((el) => (el as unknown as { consultId?: string }).consultId), consultId);

  // Nothing of the call engine is loaded before a call starts.
  assert.ok(!doctor.urls.some((u) => u.includes('ihkit-video-engine')), 'the engine is loaded lazily');
  await startVideo(doctorVideo);
  await doctorVideo.locator('[part~="call-state"]').filter({ hasText: '正在连接…' }).waitFor();
  assert.ok(doctor.urls.some((u) => u.includes('ihkit-video-engine')), 'the engine chunk was loaded when the call started');

  // The patient finds the accepted consult by themselves and waits to be let in.
  const patientVideo = patient.page.locator('ih-video-consult');
  await patientVideo.scrollIntoViewIfNeeded();
  await startVideo(patientVideo);
  await patientVideo.locator('[part~="waiting"]').filter({ hasText: '医生即将让您进入视频' }).waitFor();
  await shot(patient.page, 'video-1-waiting');

  // The doctor sees the patient waiting and admits them.
  const waiting = doctorVideo.locator('[part~="waiting-item"]').filter({ hasText: '张伟' });
  await waiting.waitFor({ timeout: 10_000 });
  await waiting.locator('[part~="admit-button"]').click();

  // Both sides connect, and each sees the other's video keep playing.
  await doctorVideo.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });
  await patientVideo.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });
  await framesKeepRising(doctor.page, doctorVideo, 'doctor');
  await framesKeepRising(patient.page, patientVideo, 'patient');
  await patientVideo.locator('[part~="network"]').waitFor({ timeout: 10_000 });
  await shot(doctor.page, 'video-2-connected');

  // The doctor hangs up: the call ends for both.
  await doctorVideo.locator('[part~="hang-up-button"]').click();
  await doctorVideo.locator('[part~="ended"]').filter({ hasText: '视频已结束。' }).waitFor();
  await patientVideo.locator('[part~="ended"]').filter({ hasText: '视频已结束。' }).waitFor({ timeout: 10_000 });
  assert.equal(await patientVideo.locator('video').count(), 0, 'no video left on the patient side');
  assert.equal(await doctorVideo.locator('video').count(), 0, 'no video left on the doctor side');

  for (const url of [...doctor.urls, ...patient.urls]) assert.ok(!/张伟|高血压/.test(decodeURIComponent(url)), url);
  assert.deepEqual(doctor.errors, []);
  assert.deepEqual(patient.errors, []);
});
