import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { VideoRoom, VideoRoomHandle, VideoSignal } from '@ihkit/core';
import { MockApi, TOKEN, consultOf, waitFor, deepActive } from '../../test/mock-api.js';
import { FakeRealtime } from '../../test/fake-realtime.js';
import '../provider/provider.js';
import './video-consult.js';
import '../doctor-desk/doctor-desk.js';
import type { IhVideoConsult } from './video-consult.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { networkQuality, worstQuality } from './network-quality.js';
import { deviceProblemOf } from './media-devices.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

/** FakeRealtime with the video part of the live connection: the room's handle, driven by the test. */
class FakeVideoRealtime extends FakeRealtime {
  joins: Array<{ roomId: string; selfId: string; sent: Array<[string, VideoSignal]>; left: boolean; room(r: VideoRoom): void }> = [];

  joinVideo(roomId: string, selfId: string): VideoRoomHandle {
    const rooms = new Set<(r: VideoRoom) => void>();
    const join = { roomId, selfId, sent: [] as Array<[string, VideoSignal]>, left: false, room: (r: VideoRoom) => rooms.forEach((fn) => fn(r)) };
    this.joins.push(join);
    return {
      roomId,
      selfId,
      send: (to, m) => join.sent.push([to, m]),
      onMessage: () => () => {},
      onRoom: (fn) => (rooms.add(fn), () => rooms.delete(fn)),
      onError: () => () => {},
      leave: () => (join.left = true),
    };
  }
}

const roomOf = (over: Partial<VideoRoom> = {}): VideoRoom => ({
  id: 'room_1',
  consultId: 'con_1',
  status: 'open',
  self: 'vp_patient',
  participants: [
    { id: 'vp_doctor', role: 'doctor', name: '王建国', admitted: true, online: true },
    { id: 'vp_patient', role: 'patient', name: '张伟', admitted: false, online: true },
  ],
  ...over,
});

function videoHandlers(room: () => VideoRoom) {
  return [
    http.post('/api/consults/:id/video-room', () => HttpResponse.json(room())),
    http.get('/api/video/ice-servers', () => HttpResponse.json({ iceServers: [] })),
    http.post('/api/video-rooms/:id/admit', async ({ request }) => {
      const { participantId } = (await request.json()) as { participantId: string };
      const r = room();
      return HttpResponse.json({ ...r, participants: r.participants.map((p) => (p.id === participantId ? { ...p, admitted: true } : p)) });
    }),
    http.post('/api/video-rooms/:id/end', () => HttpResponse.json({ ...room(), status: 'ended' })),
  ];
}

async function mount(attrs: { consultId?: string; role?: 'patient' | 'doctor'; locale?: string } = {}) {
  const realtime = new FakeVideoRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${attrs.locale ?? 'zh-CN'} token=${TOKEN} .realtimeFactory=${() => realtime}>
    <ih-video-consult consult-id=${attrs.consultId ?? ''} call-role=${attrs.role ?? 'patient'}></ih-video-consult>
  </ih-provider>`);
  const el = provider.querySelector('ih-video-consult')!;
  if (!attrs.consultId) el.consultId = undefined;
  await el.updateComplete;
  return { el, realtime };
}

const $ = <E extends HTMLElement = HTMLElement>(el: IhVideoConsult, sel: string) => el.shadowRoot!.querySelector<E>(sel);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const stopAll = (el: IhVideoConsult) => el.remove();

describe('<ih-video-consult>', () => {
  it('checks the devices: local preview, camera and microphone choice, microphone level', async () => {
    const { el } = await mount({ consultId: 'con_1' });
    expect(text($(el, '[part~="heading"]'))).to.equal('视频问诊');
    $(el, '[part~="start-button"]')!.click();
    const preview = await waitFor(() => $<HTMLVideoElement>(el, 'video[part~="preview"]'), 'preview');
    await waitFor(() => preview.srcObject instanceof MediaStream, 'preview stream');
    const stream = preview.srcObject as MediaStream;
    expect(stream.getVideoTracks()[0]!.readyState).to.equal('live');
    expect(stream.getAudioTracks()).to.have.length(1);
    await waitFor(() => preview.videoWidth > 0, 'preview frames', 8000);
    await waitFor(() => el.shadowRoot!.querySelectorAll('[part~="camera-select"] option').length >= 1, 'camera list');
    expect(el.shadowRoot!.querySelectorAll('[part~="microphone-select"] option').length).to.be.at.least(1);
    expect($(el, 'meter[part~="mic-level"]')).to.exist;
    expect(deepActive()).to.equal($(el, '[part~="heading-device"]'));
    expect($(el, '[part~="join-button"]')!.getAttribute('aria-disabled')).to.equal('false');
    await expect(el).to.be.accessible();

    // Cancel stops the devices.
    $(el, '[part~="cancel-button"]')!.click();
    await waitFor(() => $(el, '[part~="start-button"]'), 'back to start');
    expect(stream.getTracks().every((t) => t.readyState === 'ended')).to.be.true;
    // No API calls before the user joins.
    expect(api.calls.filter((c) => c.path.includes('video'))).to.have.length(0);
    stopAll(el);
  });

  it('says so clearly when camera and microphone permission is denied', async () => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    media.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    try {
      for (const [locale, message] of [
        ['zh-CN', '无法使用摄像头或麦克风：权限被拒绝'],
        ['en', 'permission was denied'],
      ] as const) {
        const { el } = await mount({ consultId: 'con_1', locale });
        $(el, '[part~="start-button"]')!.click();
        const alert = await waitFor(() => $(el, '[part~="device-error"]'), 'device error');
        expect(alert.getAttribute('role')).to.equal('alert');
        expect(text(alert)).to.contain(message);
        await waitFor(() => deepActive() === alert, 'focus on the message');
        expect($(el, '[part~="join-button"]')).to.not.exist;
        expect($(el, '[part~="retry-button"]')).to.exist;
        stopAll(el);
      }
    } finally {
      media.getUserMedia = original;
    }
    expect(deviceProblemOf(new DOMException('', 'NotFoundError'))).to.equal('none');
    expect(deviceProblemOf(new DOMException('', 'NotReadableError'))).to.equal('busy');
  });

  it('keeps the patient in the waiting room until the doctor admits them, then connects; hang-up ends it', async () => {
    let room = roomOf();
    api.use(...videoHandlers(() => room));
    const { el, realtime } = await mount({ consultId: 'con_1' });
    $(el, '[part~="start-button"]')!.click();
    const join = await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled');
    join.click();
    const waiting = await waitFor(() => $(el, '[part~="waiting"]'), 'waiting room');
    expect(text(waiting)).to.contain('医生即将让您进入视频');
    expect(el.call).to.equal('waiting-room');
    expect(api.callsTo('POST', '/api/consults/con_1/video-room')).to.have.length(1);
    expect(realtime.joins).to.have.length(1);
    expect(realtime.joins[0]).to.include({ roomId: 'room_1', selfId: 'vp_patient' });
    // Not admitted: no ICE servers, nothing sent, no remote tiles.
    await new Promise((r) => setTimeout(r, 200));
    expect(api.callsTo('GET', '/api/video/ice-servers')).to.have.length(0);
    expect(realtime.joins[0]!.sent).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('[part~="tile"]:not([part~="tile-self"])')).to.have.length(0);
    // An update that does not admit them changes nothing.
    realtime.joins[0]!.room(roomOf({ participants: roomOf().participants.map((p) => ({ ...p, online: false })) }));
    await el.updateComplete;
    expect(el.call).to.equal('waiting-room');

    // The doctor admits them: the engine loads, the call starts (a hello to everyone).
    const joined = oneEvent(el, 'ih-video-joined');
    room = roomOf({ participants: roomOf().participants.map((p) => ({ ...p, admitted: true })) });
    realtime.joins[0]!.room(room);
    expect((await joined).detail).to.deep.equal({ consultId: 'con_1', roomId: 'room_1' });
    expect(el.call).to.equal('connecting');
    expect(api.callsTo('GET', '/api/video/ice-servers')).to.have.length(1);
    expect(realtime.joins[0]!.sent[0]![0]).to.equal('*');
    expect(realtime.joins[0]!.sent[0]![1].kind).to.equal('hello');
    await el.updateComplete;
    expect(text($(el, '[part~="call-state"]'))).to.equal('正在连接…');
    expect($(el, '[part~="tile"][data-participant="vp_doctor"]')).to.exist;
    await expect(el).to.be.accessible();

    // Mute and camera off are toggles.
    const mute = $(el, '[part~="mute-button"]')!;
    mute.click();
    await el.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');

    // The patient hangs up: leaves the room (the patient does not end it for everyone).
    const ended = oneEvent(el, 'ih-video-ended');
    $(el, '[part~="hang-up-button"]')!.click();
    expect((await ended).detail).to.deep.equal({ consultId: 'con_1', roomId: 'room_1' });
    expect(realtime.joins[0]!.left).to.be.true;
    expect(api.callsTo('POST', '/api/video-rooms/room_1/end')).to.have.length(0);
    await el.updateComplete;
    expect(text($(el, '[part~="ended"]'))).to.equal('视频已结束。');
    stopAll(el);
  });

  it('shows the doctor who waits and admits them; the doctor ends the call for everyone', async () => {
    const room = roomOf({ self: 'vp_doctor' });
    api.use(...videoHandlers(() => room));
    const { el, realtime } = await mount({ consultId: 'con_1', role: 'doctor' });
    $(el, '[part~="start-button"]')!.click();
    (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
    // The doctor is admitted at once: straight into the call.
    await waitFor(() => el.call === 'connecting', 'connecting');
    const item = await waitFor(() => $(el, '[part~="waiting-item"]'), 'waiting list');
    expect(text(item)).to.contain('张伟');
    await expect(el).to.be.accessible();
    const admit = item.querySelector<HTMLButtonElement>('[part~="admit-button"]')!;
    expect(text(el.shadowRoot!.getElementById(admit.getAttribute('aria-describedby')!))).to.contain('张伟');
    admit.click();
    await waitFor(() => api.callsTo('POST', '/api/video-rooms/room_1/admit').length === 1, 'admit call');
    await waitFor(() => !$(el, '[part~="waiting-item"]'), 'nobody waits');
    expect(api.callsTo('POST', '/api/video-rooms/room_1/admit')[0]!.body).to.deep.equal({ participantId: 'vp_patient' });
    expect($(el, '[part~="tile"][data-participant="vp_patient"]')).to.exist;

    const ended = oneEvent(el, 'ih-video-ended');
    $(el, '[part~="hang-up-button"]')!.click();
    await ended;
    expect(api.callsTo('POST', '/api/video-rooms/room_1/end')).to.have.length(1);
    expect(realtime.joins[0]!.left).to.be.true;
    stopAll(el);
  });

  it('ends on the patient side when the doctor ends the room', async () => {
    const room = roomOf({ participants: roomOf().participants.map((p) => ({ ...p, admitted: true })) });
    api.use(...videoHandlers(() => room));
    const { el, realtime } = await mount({ consultId: 'con_1' });
    $(el, '[part~="start-button"]')!.click();
    (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
    await waitFor(() => el.call === 'connecting', 'connecting');
    const ended = oneEvent(el, 'ih-video-ended');
    realtime.joins[0]!.room({ ...room, status: 'ended' });
    await ended;
    expect(el.call).to.equal('ended');
    stopAll(el);
  });

  it("without consult-id, a patient's element uses their consult in progress", async () => {
    api.db.consults.push(consultOf({ status: 'completed' }));
    const { el } = await mount();
    $(el, '[part~="start-button"]')!.click();
    await waitFor(() => $(el, '[part~="empty"]'), 'no consult');
    expect(text($(el, '[part~="empty"]'))).to.contain('暂无可进行视频的问诊');
    expect(api.callsTo('GET', '/api/consults')[0]!.query.get('status')).to.equal('accepted,in_progress');

    api.db.consults.push(consultOf({ id: 'con_2', status: 'accepted' }));
    $(el, '[part~="start-button"]')!.click();
    await waitFor(() => $(el, '[part~="device-check"]'), 'device check');
    expect(el.activeConsultId).to.equal('con_2');
    stopAll(el);
  });

  it('gets its consult from <ih-doctor-desk> in the video slot', async () => {
    api.role = 'doctor';
    api.db.consults.push(consultOf({ status: 'accepted' }));
    const realtime = new FakeVideoRealtime();
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} .realtimeFactory=${() => realtime}>
      <ih-doctor-desk><ih-video-consult slot="video" call-role="doctor"></ih-video-consult></ih-doctor-desk>
    </ih-provider>`);
    const desk = provider.querySelector('ih-doctor-desk')!;
    const video = provider.querySelector('ih-video-consult')!;
    const item = await waitFor(() => desk.shadowRoot!.querySelector<HTMLElement>('[part~="queue-item"]'), 'queue');
    expect(video.consultId).to.equal(undefined);
    item.click();
    await waitFor(() => video.consultId === 'con_1', 'consult id passed');
    (desk.shadowRoot!.querySelector('[part~="back-button"]') as HTMLElement).click();
    await waitFor(() => video.consultId === undefined, 'consult id cleared');
  });

  it('rates the network from round trip and loss', () => {
    expect(networkQuality({ rttMs: 40, lossPct: 0 })).to.equal('good');
    expect(networkQuality({ rttMs: null, lossPct: 0 })).to.equal('good');
    expect(networkQuality({ rttMs: 200, lossPct: 0 })).to.equal('fair');
    expect(networkQuality({ rttMs: 50, lossPct: 3 })).to.equal('fair');
    expect(networkQuality({ rttMs: 500, lossPct: 0 })).to.equal('poor');
    expect(networkQuality({ rttMs: 50, lossPct: 8 })).to.equal('poor');
    expect(worstQuality(['good', 'poor', 'fair'])).to.equal('poor');
    expect(worstQuality([])).to.equal(undefined);
  });
});
