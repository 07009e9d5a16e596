/**
 * End to end, video consults as people play them in Debian's Chromium (fake camera and
 * microphone) against the real gateway, over real WebRTC (host candidates, no TURN):
 * - doctor and patient: the doctor starts video in the desk, the patient in the consult they
 *   open in the portal's clinic; the patient waits until admitted; both see the other's video
 *   keep playing; the sound is recorded once both agreed and is kept with the consult; an image
 *   is shared; the doctor's hang-up ends the call on both sides;
 * - a remote consultation: the doctor invites a specialist, who joins from their invitations;
 *   all three see each other; the patient's signaling socket is cut mid-call and their
 *   connections are broken too: the call recovers by itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { consultThroughApi, demoAndBrowser, openAs, pageToken, shot } from './demo-browser.js';
import { framesKeepRising, openConsultVideo, openDeskVideo, recordPeerConnections, startVideo } from './video-pages.js';

// Fake devices without a permission prompt; raw host addresses instead of mDNS names, so the
// two pages connect on this machine without STUN or TURN.
const env = demoAndBrowser({}, ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns']);

/** A GET on the gateway with the page's own session, as the page would make it. */
async function api(page: Page, path: string) {
  const token = await pageToken(page);
  return page.evaluate(async ({ p, token }) => {
    const res = await fetch(`/api${p}`, { headers: { authorization: `Bearer ${token}` } });
    return res.json();
  }, { p: path, token });
}

test('video consult: waiting room, admit, connected both ways, hang-up ends both sides', async () => {
  const consultId = await consultThroughApi(env, { complaint: '想和医生视频看一下。', accept: true });
  const doctor = await openAs(env, '/staff/', 'dr.zhou');
  const patient = await openAs(env, '/', 'zhangwei');

  // The doctor opens the consult in the desk: the video element there gets its id.
  const doctorVideo = await openDeskVideo(doctor.page, consultId);

  // Nothing of the call engine is loaded before a call starts.
  assert.ok(!doctor.urls.some((u) => u.includes('ihkit-video-engine')), 'the engine is loaded lazily');
  await startVideo(doctorVideo);
  await doctorVideo.locator('[part~="call-state"]').filter({ hasText: '正在连接…' }).waitFor();
  assert.ok(doctor.urls.some((u) => u.includes('ihkit-video-engine')), 'the engine chunk was loaded when the call started');

  // The patient opens the accepted consult in the clinic, starts video there and waits to be let in.
  const patientVideo = await openConsultVideo(patient.page, consultId);
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

  // Recording: the doctor asks, the patient agrees, the doctor's side records the sound.
  await doctorVideo.locator('[part~="record-button"]').click();
  await doctorVideo.locator('[part~="recording"]').filter({ hasText: '等待所有人同意录音' }).waitFor();
  const consent = patientVideo.locator('[part~="consent"]');
  await consent.filter({ hasText: '所有参与者同意后才会开始录制' }).waitFor({ timeout: 10_000 });
  await consent.locator('[part~="consent-agree-button"]').click();
  await doctorVideo.locator('[part~="recording"]').filter({ hasText: '正在录音' }).waitFor({ timeout: 10_000 });
  await patientVideo.locator('[part~="recording"]').filter({ hasText: '正在录音' }).waitFor({ timeout: 10_000 });
  await doctor.page.waitForTimeout(2500);
  await doctorVideo.locator('[part~="record-stop-button"]').click();
  await doctorVideo.locator('[part~="action-error"]').filter({ hasText: '录音已保存到本次问诊记录' }).waitFor({ timeout: 10_000 });
  const recordings = await api(patient.page, `/consults/${consultId}/recordings`);
  assert.equal(recordings.items.length, 1, 'the recording is kept with the consult');
  assert.equal(recordings.items[0].mediaType, 'audio/webm');
  assert.ok(recordings.items[0].size > 1000, `a real recording (${recordings.items[0].size} bytes)`);

  // The doctor shows an image instead of the camera: the patient keeps receiving video.
  const png = await doctor.page.evaluate(() => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 });
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#1d4e89';
    ctx.fillRect(0, 0, 320, 240);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  await doctorVideo.locator('[part~="share-image-button"] input').setInputFiles({ name: 'xray.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
  await doctorVideo.locator('[part~="sharing"]').filter({ hasText: '所有人都能看到您共享的图片' }).waitFor();
  await framesKeepRising(patient.page, patientVideo, 'patient, while the doctor shares an image');
  await doctorVideo.locator('[part~="stop-sharing-button"]').click();

  // The doctor hangs up: the call ends for both.
  await doctorVideo.locator('[part~="hang-up-button"]').click();
  await doctorVideo.locator('[part~="ended"]').filter({ hasText: '视频已结束。' }).waitFor();
  await patientVideo.locator('[part~="ended"]').filter({ hasText: '视频已结束。' }).waitFor({ timeout: 10_000 });
  assert.equal(await patientVideo.locator('video').count(), 0, 'no video left on the patient side');
  assert.equal(await doctorVideo.locator('video').count(), 0, 'no video left on the doctor side');

  // Both find the recording with the consult; the patient listens to it.
  await doctorVideo.locator('[part~="recording-item"]').waitFor();
  await patientVideo.locator('[part~="recording-item"] [part~="listen-button"]').click();
  await patientVideo.locator('[part~="recording-item"] audio').waitFor();

  for (const url of [...doctor.urls, ...patient.urls]) assert.ok(!/张伟|高血压/.test(decodeURIComponent(url)), url);
  assert.deepEqual(doctor.errors, []);
  assert.deepEqual(patient.errors, []);
});

test('remote consultation: a specialist joins by invitation; three connect; a cut socket and broken connections recover', async () => {
  const consultId = await consultThroughApi(env, { complaint: '请上级医院的专家一起看看。', accept: true });
  const doctor = await openAs(env, '/staff/', 'dr.zhou');
  const patient = await openAs(env, '/', 'zhangwei', { cuttableSockets: true, initScript: recordPeerConnections });
  const specialist = await openAs(env, '/staff/', 'dr.huang');

  const doctorVideo = await openDeskVideo(doctor.page, consultId);
  await startVideo(doctorVideo);
  await doctorVideo.locator('[part~="call-state"]').waitFor();

  // The doctor invites 黄立新 from the call.
  await doctorVideo.locator('[part~="invite-button"]').click();
  await doctorVideo.locator('[part~="invite-select"]').selectOption({ label: (await doctorVideo.locator('[part~="invite-select"] option').filter({ hasText: '黄立新' }).first().textContent())!.trim() });
  await doctorVideo.locator('[part~="invite-send-button"]').click();
  await doctorVideo.getByText('已邀请黄立新').waitFor();

  // 黄立新 finds the invitation in their console and joins; invited means admitted.
  const specialistVideo = specialist.page.locator('#invitations ih-video-consult');
  await specialistVideo.scrollIntoViewIfNeeded();
  await startVideo(specialistVideo);
  await specialistVideo.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });

  // The patient joins from the clinic and is admitted.
  const patientVideo = await openConsultVideo(patient.page, consultId);
  await startVideo(patientVideo);
  const waiting = doctorVideo.locator('[part~="waiting-item"]').filter({ hasText: '张伟' });
  await waiting.waitFor({ timeout: 10_000 });
  await waiting.locator('[part~="admit-button"]').click();

  // Three people, each seeing the two others.
  for (const [page, widget, who] of [[doctor.page, doctorVideo, 'doctor'], [patient.page, patientVideo, 'patient'], [specialist.page, specialistVideo, 'specialist']] as const) {
    await widget.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });
    await widget.locator('video[part~="remote-video"]').nth(1).waitFor({ timeout: 20_000 });
    await framesKeepRising(page, widget, `${who}, first remote`, 0);
    await framesKeepRising(page, widget, `${who}, second remote`, 1);
  }
  await shot(specialist.page, 'video-3-three-parties');

  // A network blip on the patient's side: the signaling socket is cut and their connections break.
  const before = await patient.page.evaluate(() => window.__peerConnections!.length);
  for (const ws of patient.sockets) await ws.close({ code: 4000, reason: 'network blip' });
  await patient.page.evaluate(() => window.__peerConnections!.forEach((pc) => pc.close()));
  // Nobody does anything: new connections are made through the reconnected socket.
  await patient.page.waitForFunction((n) => {
    const pcs = window.__peerConnections!.slice(n);
    return pcs.filter((pc) => pc.connectionState === 'connected').length >= 2;
  }, before, { timeout: 30_000 });
  assert.ok(patient.sockets.length >= 2, 'the patient page reconnected its socket by itself');
  await patientVideo.locator('[part~="call-state"]').filter({ hasText: '已接通' }).waitFor({ timeout: 20_000 });
  await framesKeepRising(patient.page, patientVideo, 'patient after the blip, first remote', 0);
  await framesKeepRising(patient.page, patientVideo, 'patient after the blip, second remote', 1);
  await framesKeepRising(specialist.page, specialistVideo, 'specialist after the blip, first remote', 0);
  await framesKeepRising(specialist.page, specialistVideo, 'specialist after the blip, second remote', 1);

  await doctorVideo.locator('[part~="hang-up-button"]').click();
  for (const widget of [doctorVideo, patientVideo, specialistVideo]) await widget.locator('[part~="ended"]').waitFor({ timeout: 10_000 });
  for (const p of [doctor, patient, specialist]) assert.deepEqual(p.errors, []);
});
