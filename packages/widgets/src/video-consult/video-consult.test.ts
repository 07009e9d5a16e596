import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { VideoRoom } from '@ihkit/core';
import { MockApi, TOKEN, consultOf, waitFor, deepActive, problem } from '../../test/mock-api.js';
import { FakeVideoRealtime } from '../../test/fake-realtime.js';
import { admitted, roomOf, videoHandlers } from '../../test/video-room.js';
import { sendKeys } from '@web/test-runner-commands';
import { THEMES, expectAccessible, type Theme } from '../../test/a11y.js';
import '../provider/provider.js';
import './video-consult.js';
import '../doctor-desk/doctor-desk.js';
import type { IhVideoConsult } from './video-consult.component.js';
import type { IhProvider } from '../provider/provider.component.js';
import { deviceProblemOf } from './media-devices.js';
import '../clinic/clinic.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

/** Joins the call up to 'connecting' (the engine loaded, the transport made). */
async function joinCall(el: IhVideoConsult) {
  $(el, '[part~="start-button"]')!.click();
  (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
  await waitFor(() => el.call === 'connecting', 'connecting');
  await el.updateComplete;
}

async function mount(attrs: { consultId?: string; role?: 'patient' | 'doctor' | 'specialist'; locale?: string; theme?: Theme; token?: string } = {}) {
  const realtime = new FakeVideoRealtime();
  const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale=${attrs.locale ?? 'zh-CN'} token=${attrs.token ?? TOKEN} theme=${attrs.theme ?? 'light'} .realtimeFactory=${() => realtime}>
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

/**
 * A call in which the doctor will ask to record: the gateway answers consents (the doctor has
 * consented; everyone else as they answer), and `ask()` pushes the request to the page.
 */
function recordingAsked() {
  let room = admitted(roomOf());
  api.use(
    ...videoHandlers(() => room),
    http.post('/api/video-rooms/:id/recording-consent', async ({ request }) => {
      const { consent } = (await request.json()) as { consent: boolean };
      room = { ...room, recording: { status: consent ? 'consented' : 'declined' }, participants: room.participants.map((p) => ({ ...p, consent: p.role === 'doctor' ? true : consent })) };
      return HttpResponse.json(room);
    }),
  );
  return {
    ask(realtime: { joins: { room(r: typeof room): void }[] }) {
      room = { ...room, recording: { status: 'requested' }, participants: room.participants.map((p) => ({ ...p, consent: p.role === 'doctor' ? true : null })) };
      realtime.joins[0]!.room(room);
    },
  };
}

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

  it('tells a doctor the hospital does not permit to practise online why the call does not open, in their language', async () => {
    for (const [locale, message] of [
      ['zh-CN', '未获得本院互联网诊疗'],
      ['en', 'Not permitted by the hospital to practise online'],
    ] as const) {
      api.use(http.post('/api/consults/:id/video-room', () => problem(403, 'PRACTITIONER_NOT_PERMITTED')));
      const { el, realtime } = await mount({ consultId: 'con_1', role: 'doctor', locale });
      $(el, '[part~="start-button"]')!.click();
      (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
      const alert = await waitFor(() => $(el, '[part~="action-error"]'), 'refusal');
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(text(alert)).to.contain(message);
      expect(realtime.joins, 'no call joined').to.have.length(0);
      expect(el.call).to.not.equal('connecting');
      stopAll(el);
      api.reset();
    }
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

  it('moves the call to the media server the room names once it is on the SFU, and starts there when it already is', async () => {
    // Stands in for the browser's WebSocket: records where the Janus transport connects, and never opens.
    const opened: Array<[string, string | undefined]> = [];
    const original = window.WebSocket;
    window.WebSocket = class extends EventTarget {
      constructor(url: string, protocol?: string) {
        super();
        opened.push([url, protocol]);
      }
      close() {}
    } as unknown as typeof WebSocket;
    try {
      const sfu = { transport: 'janus' as const, janus: { url: 'ws://sfu.test:8188', room: 4242, pin: 'pin-of-the-call' } };
      let room = admitted(roomOf());
      api.use(...videoHandlers(() => room));
      const { el, realtime } = await mount({ consultId: 'con_1' });
      await joinCall(el);
      expect(realtime.joins[0]!.sent[0]![1].kind).to.equal('hello'); // on the mesh
      expect(opened).to.deep.equal([]);
      room = { ...room, media: sfu };
      realtime.joins[0]!.room(room);
      await waitFor(() => opened.length === 1, 'the media server connected to');
      expect(opened).to.deep.equal([['ws://sfu.test:8188', 'janus-protocol']]);
      realtime.joins[0]!.room(room); // the same room again does not move it twice
      await new Promise((r) => setTimeout(r, 100));
      expect(opened).to.have.length(1);
      stopAll(el);

      const second = await mount({ consultId: 'con_1' });
      await joinCall(second.el);
      expect(opened).to.have.length(2);
      expect(second.realtime.joins[0]!.sent).to.deep.equal([], 'nothing on the mesh');
      stopAll(second.el);
    } finally {
      window.WebSocket = original;
    }
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

  it("a specialist sees the calls they are invited to as they come and go, and joins the room (no consult of their own)", async () => {
    // A call of their own consult (they are its doctor) is no invitation.
    const own = admitted(roomOf({ id: 'room_own', consultId: 'con_own', self: 'vp_doctor' }));
    let rooms: VideoRoom[] = [own];
    const invited = admitted(roomOf({ id: 'room_9', consultId: 'con_9', self: 'vp_spec', participants: [...roomOf().participants, { id: 'vp_spec', role: 'specialist', name: '黄立新', admitted: true, online: false, consent: null }] }));
    api.use(http.get('/api/video-rooms', () => HttpResponse.json({ items: rooms })), ...videoHandlers(() => invited));
    const { el, realtime } = await mount({ role: 'specialist' });
    // Nothing to join: it says so, and offers nothing to press.
    const empty = await waitFor(() => $(el, '[part~="empty"]'), 'no invitations');
    expect(text(empty)).to.contain('暂无会诊邀请').and.contain('会显示在这里');
    expect($(el, '[part~="start-button"]'), 'no 开始视频 without an invitation').to.not.exist;
    await expect(el).to.be.accessible();

    // The doctor invites them: it shows at once, with the call to join.
    rooms = [invited, own];
    realtime.invitationChanged('room_9');
    await waitFor(() => $(el, '[part~="invitation"]'), 'the invitation');
    expect(text($(el, '[part~="invitation"]'))).to.equal('会诊邀请：王建国 · 张伟');
    expect(text($(el, '[part~="start-button"]'))).to.equal('开始视频');
    await expect(el).to.be.accessible();

    // The doctor ended that call: the invitation goes.
    rooms = [];
    realtime.invitationChanged('room_9');
    await waitFor(() => $(el, '[part~="empty"]'), 'gone again');
    expect($(el, '[part~="start-button"]')).to.not.exist;

    // Invited again (heard after a reconnect), and joins.
    rooms = [invited];
    realtime.reconnected();
    (await waitFor(() => $(el, '[part~="start-button"]'), 'invited again')).click();
    (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
    await waitFor(() => el.call === 'connecting', 'connecting: invited means admitted');
    expect(api.callsTo('GET', '/api/video-rooms/room_9')).to.have.length(1);
    expect(api.callsTo('POST', '/api/consults/con_9/video-room')).to.have.length(0);
    expect(realtime.joins[0]).to.include({ roomId: 'room_9', selfId: 'vp_spec' });
    expect(el.activeConsultId).to.equal('con_9');
    stopAll(el);
  });

  it('the doctor invites a specialist from the call', async () => {
    let room = admitted(roomOf({ self: 'vp_doctor' }));
    api.use(
      ...videoHandlers(() => room),
      http.post('/api/video-rooms/:id/invite', async ({ request }) => {
        const { doctorId } = (await request.json()) as { doctorId: string };
        room = { ...room, participants: [...room.participants, { id: 'vp_spec', role: 'specialist', name: doctorId === 'doc_li' ? '李敏' : '?', admitted: true, online: false, consent: null }] };
        return HttpResponse.json(room);
      }),
    );
    const { el } = await mount({ consultId: 'con_1', role: 'doctor' });
    await joinCall(el);
    $(el, '[part~="invite-button"]')!.click();
    const select = await waitFor(() => $<HTMLSelectElement>(el, '[part~="invite-select"]'), 'doctors to invite');
    expect([...select.options].map((o) => o.textContent!.trim())).to.include('李敏');
    await expect(el).to.be.accessible();
    select.value = 'doc_li';
    select.dispatchEvent(new Event('change'));
    $(el, '[part~="invite-send-button"]')!.click();
    await waitFor(() => text(el.shadowRoot!.querySelector('[part~="call"]')).includes('已邀请李敏'), 'invited');
    expect(api.callsTo('POST', '/api/video-rooms/room_1/invite')[0]!.body).to.deep.equal({ doctorId: 'doc_li' });
    expect($(el, '[part~="tile"][data-participant="vp_spec"]')).to.exist;
    expect($(el, '[part~="invite-panel"]')).to.not.exist;
    stopAll(el);
  });

  it('lists the specialists to invite in English on an English page', async () => {
    const room = admitted(roomOf({ self: 'vp_doctor' }));
    api.use(...videoHandlers(() => room));
    const { el } = await mount({ consultId: 'con_1', role: 'doctor', locale: 'en' });
    await joinCall(el);
    $(el, '[part~="invite-button"]')!.click();
    const select = await waitFor(() => $<HTMLSelectElement>(el, '[part~="invite-select"]'), 'doctors to invite');
    const options = [...select.options].map((o) => o.textContent!.trim());
    expect(options).to.include('Wang Jianguo · Coronary intervention').and.include('Li Min');
    expect(options.join(' ')).to.not.contain('冠心病');
    stopAll(el);
  });

  it('asks everyone to agree before recording; the doctor records the sound and saves it with the consult', async () => {
    let room = admitted(roomOf({ self: 'vp_doctor' }));
    const uploads: Array<{ type: string | null; size: number; durationMs: string | null }> = [];
    api.use(
      ...videoHandlers(() => room),
      http.post('/api/video-rooms/:id/recording-request', () => {
        room = { ...room, recording: { status: 'requested' }, participants: room.participants.map((p) => ({ ...p, consent: p.role === 'doctor' ? true : null })) };
        return HttpResponse.json(room);
      }),
      http.post('/api/video-rooms/:id/recordings', async ({ request }) => {
        const body = await request.arrayBuffer();
        uploads.push({ type: request.headers.get('content-type'), size: body.byteLength, durationMs: new URL(request.url).searchParams.get('durationMs') });
        return HttpResponse.json(saved(body.byteLength), { status: 201 });
      }),
      http.get('/api/consults/:id/recordings', () => HttpResponse.json({ items: uploads.map((u) => saved(u.size)) })),
      http.get('/api/recordings/rec_1', () => new HttpResponse(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]), { headers: { 'content-type': 'audio/webm' } })),
    );
    const saved = (size: number) => ({ id: 'rec_1', consultId: 'con_1', roomId: 'room_1', mediaType: 'audio/webm' as const, size, sha256: '0'.repeat(64), durationMs: 65_000, createdAt: new Date().toISOString() });
    const { el, realtime } = await mount({ consultId: 'con_1', role: 'doctor' });
    await joinCall(el);
    $(el, '[part~="record-button"]')!.click();
    await waitFor(() => text($(el, '[part~="recording"]')).includes('等待所有人同意录音'), 'waiting for consent');
    expect($(el, '[part~="consent"]'), 'the doctor asked: their yes is given').to.not.exist;
    expect($(el, '[part~="record-button"]')).to.not.exist;

    // The patient agrees (seen as a room update): recording starts on the doctor's side.
    room = { ...room, recording: { status: 'consented' }, participants: room.participants.map((p) => ({ ...p, consent: true })) };
    realtime.joins[0]!.room(room);
    await waitFor(() => text($(el, '[part~="recording"]')).includes('正在录音'), 'recording');
    expect($(el, '[part~="admit-button"]')).to.not.exist; // nobody waits; admitting is held while recording
    await new Promise((r) => setTimeout(r, 1200));
    $(el, '[part~="record-stop-button"]')!.click();
    await waitFor(() => uploads.length === 1, 'uploaded');
    expect(uploads[0]!.type).to.match(/^audio\/(webm|ogg)/);
    expect(uploads[0]!.size).to.be.above(100);
    expect(Number(uploads[0]!.durationMs)).to.be.within(1000, 5000);
    await waitFor(() => text(el.shadowRoot!.querySelector('[part~="action-error"]')).includes('录音已保存到本次问诊记录'), 'saved');

    // After the call, the recording is listed with the consult and can be listened to.
    $(el, '[part~="hang-up-button"]')!.click();
    const item = await waitFor(() => $(el, '[part~="recording-item"]'), 'recording listed');
    expect(text(item)).to.contain('1:05');
    await expect(el).to.be.accessible();
    item.querySelector<HTMLElement>('[part~="listen-button"]')!.click();
    const audio = await waitFor(() => $<HTMLAudioElement>(el, 'audio[data-recording="rec_1"]'), 'player');
    expect(audio.src).to.match(/^blob:/);
    stopAll(el);
  });

  it("a participant is asked for their consent, and their answer is sent", async () => {
    const call = recordingAsked();
    const { el, realtime } = await mount({ consultId: 'con_1', role: 'patient', locale: 'en' });
    await joinCall(el);
    call.ask(realtime);
    const consent = await waitFor(() => $(el, '[part~="consent"]'), 'consent asked');
    expect(text(consent)).to.contain('Recording starts only when everyone agrees');
    await expect(el).to.be.accessible();
    consent.querySelector<HTMLElement>('[part~="consent-decline-button"]')!.click();
    await waitFor(() => text($(el, '[part~="recording"]')).includes('Not everyone agreed'), 'declined');
    expect(api.callsTo('POST', '/api/video-rooms/room_1/recording-consent')[0]!.body).to.deep.equal({ consent: false });
    expect($(el, '[part~="record-stop-button"]')).to.not.exist;
    stopAll(el);
  });

  it('shares an image instead of the camera, switches the camera, and back', async () => {
    const room = admitted(roomOf({ self: 'vp_doctor' }));
    api.use(...videoHandlers(() => room));
    const { el } = await mount({ consultId: 'con_1', role: 'doctor' });
    await joinCall(el);
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    canvas.getContext('2d')!.fillRect(0, 0, 64, 48);
    const png = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
    const input = $<HTMLInputElement>(el, '[part~="share-image-button"] input')!;
    const files = new DataTransfer();
    files.items.add(new File([png], 'rash.png', { type: 'image/png' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitFor(() => text($(el, '[part~="sharing"]')).includes('所有人都能看到您共享的图片'), 'sharing');
    $(el, '[part~="stop-sharing-button"]')!.click();
    await waitFor(() => !$(el, '[part~="sharing"]'), 'camera again');

    // Not an image: a clear message, the camera stays.
    files.items.clear();
    files.items.add(new File(['not an image'], 'notes.txt', { type: 'text/plain' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitFor(() => text(el.shadowRoot!.querySelector('[part~="action-error"]')).includes('共享未能开始'), 'share failed');

    // Another camera during the call: the call's stream gets the new track.
    const self = $<HTMLVideoElement>(el, '[part~="tile-self"] video')!;
    const before = (self.srcObject as MediaStream).getVideoTracks()[0]!;
    $(el, '[part~="devices-button"]')!.click();
    const cameras = await waitFor(() => $<HTMLSelectElement>(el, '[part~="camera-select"]'), 'camera choice');
    cameras.dispatchEvent(new Event('change'));
    await waitFor(() => (self.srcObject as MediaStream).getVideoTracks()[0] !== before, 'new camera track');
    expect(before.readyState).to.equal('ended');
    expect((self.srcObject as MediaStream).getVideoTracks()).to.have.length(1);
    stopAll(el);
  });

  it('gets its consult from <ih-clinic> in the video slot while the consult is accepted', async () => {
    api.db.consults.push(consultOf({ status: 'accepted' }));
    const realtime = new FakeVideoRealtime();
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" token=${TOKEN} .realtimeFactory=${() => realtime}>
      <ih-clinic consult-id="con_1"><ih-video-consult slot="video" call-role="patient"></ih-video-consult></ih-clinic>
    </ih-provider>`);
    const clinic = provider.querySelector('ih-clinic')!;
    const video = provider.querySelector('ih-video-consult')!;
    await waitFor(() => video.consultId === 'con_1', 'consult id passed');
    expect(clinic.shadowRoot!.querySelector('slot[name="video"]')).to.exist;
  });
});

for (const theme of THEMES) {
  describe(`<ih-video-consult> accessibility, ${theme} theme`, () => {
    it('has no axe violations signed out, before starting, without a consult, checking devices and with permission denied', async () => {
      const signedOut = await mount({ theme, token: '', consultId: 'con_1' });
      await waitFor(() => $(signedOut.el, '[part~="sign-in"]'), 'sign-in');
      await expectAccessible(signedOut.el, `${theme} · sign-in required`);
      stopAll(signedOut.el);

      const none = await mount({ theme });
      await expectAccessible(none.el, `${theme} · before starting`);
      $(none.el, '[part~="start-button"]')!.click();
      await waitFor(() => $(none.el, '[part~="empty"]'), 'no consult');
      await expectAccessible(none.el, `${theme} · no consult to call about`);
      stopAll(none.el);

      const { el } = await mount({ theme, consultId: 'con_1' });
      $(el, '[part~="start-button"]')!.click();
      await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'devices');
      await expectAccessible(el, `${theme} · device check`);
      stopAll(el);

      const media = navigator.mediaDevices;
      const original = media.getUserMedia;
      media.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      try {
        const denied = await mount({ theme, consultId: 'con_1' });
        $(denied.el, '[part~="start-button"]')!.click();
        await waitFor(() => $(denied.el, '[part~="device-error"]'), 'device error');
        await expectAccessible(denied.el, `${theme} · permission denied`);
        stopAll(denied.el);
      } finally {
        media.getUserMedia = original;
      }
    });

    it('has no axe violations in the waiting room, the call, recording consent and after the call', async () => {
      let room = roomOf();
      api.use(...videoHandlers(() => room));
      const { el, realtime } = await mount({ theme, consultId: 'con_1' });
      $(el, '[part~="start-button"]')!.click();
      (await waitFor(() => $(el, '[part~="join-button"][aria-disabled="false"]'), 'join enabled')).click();
      await waitFor(() => $(el, '[part~="waiting"]'), 'waiting room');
      await expectAccessible(el, `${theme} · waiting room`);
      room = admitted(room);
      realtime.joins[0]!.room(room);
      await waitFor(() => el.call === 'connecting', 'connecting');
      await el.updateComplete;
      $(el, '[part~="mute-button"]')!.click();
      $(el, '[part~="camera-button"]')!.click();
      await el.updateComplete;
      await expectAccessible(el, `${theme} · in the call, muted, camera off`);
      room = { ...room, recording: { status: 'requested' }, participants: room.participants.map((p) => ({ ...p, consent: p.role === 'doctor' ? true : null })) };
      realtime.joins[0]!.room(room);
      await waitFor(() => $(el, '[part~="consent"]'), 'consent asked');
      await expectAccessible(el, `${theme} · asked for recording consent`);
      room = { ...room, recording: { status: 'declined' } };
      realtime.joins[0]!.room(room);
      await waitFor(() => $(el, '[part~="recording-declined"]'), 'declined');
      await expectAccessible(el, `${theme} · recording declined`);
      $(el, '[part~="hang-up-button"]')!.click();
      await waitFor(() => $(el, '[part~="ended"]'), 'ended');
      await expectAccessible(el, `${theme} · ended`);
      stopAll(el);
    });

    it("has no axe violations on the doctor's side: waiting list, devices, invitation and recording", async () => {
      let room = roomOf({ self: 'vp_doctor' });
      api.use(
        ...videoHandlers(() => room),
        http.post('/api/video-rooms/:id/recording-request', () => {
          room = { ...room, recording: { status: 'requested' }, participants: room.participants.map((p) => ({ ...p, consent: p.role === 'doctor' ? true : null })) };
          return HttpResponse.json(room);
        }),
      );
      const { el } = await mount({ theme, consultId: 'con_1', role: 'doctor' });
      await joinCall(el);
      await waitFor(() => $(el, '[part~="waiting-item"]'), 'waiting list');
      $(el, '[part~="devices-button"]')!.click();
      await waitFor(() => $(el, '[part~="camera-select"]'), 'devices');
      await expectAccessible(el, `${theme} · doctor in the call: waiting list and devices`);
      $(el, '[part~="invite-button"]')!.click();
      await waitFor(() => $(el, '[part~="invite-select"]'), 'invite');
      await expectAccessible(el, `${theme} · invitation panel`);
      $(el, '[part~="record-button"]')!.click();
      await waitFor(() => $(el, '[part~="recording-requested"]'), 'waiting for consent');
      await expectAccessible(el, `${theme} · waiting for everyone's consent`);
      stopAll(el);
    });
  });
}

describe('<ih-video-consult> focus in its panels', () => {
  it("moves focus into the recording consent (an alertdialog) and back to where the user was once answered", async () => {
    const call = recordingAsked();
    const { el, realtime } = await mount({ consultId: 'con_1', locale: 'en' });
    await joinCall(el);
    const mute = $(el, '[part~="mute-button"]')!;
    mute.focus();
    call.ask(realtime);
    const consent = await waitFor(() => $(el, '[part~="consent"]'), 'consent asked');
    // The least consequential answer has focus: declining records nothing.
    await waitFor(() => deepActive() === consent.querySelector('[part~="consent-decline-button"]'), 'focus in the consent');
    await sendKeys({ press: 'Shift+Tab' });
    expect(deepActive()).to.equal(consent.querySelector('[part~="consent-agree-button"]'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !$(el, '[part~="consent"]'), 'answered');
    await waitFor(() => deepActive() === mute, 'focus back on the mute button');
    stopAll(el);
  });

  it("moves focus into the invitation panel when it opens, and back to its button when it closes", async () => {
    const room = admitted(roomOf({ self: 'vp_doctor' }));
    api.use(...videoHandlers(() => room));
    const { el } = await mount({ consultId: 'con_1', role: 'doctor', locale: 'en' });
    await joinCall(el);
    const invite = $(el, '[part~="invite-button"]')!;
    invite.focus();
    await sendKeys({ press: 'Enter' });
    const select = await waitFor(() => $(el, '[part~="invite-select"]'), 'doctors');
    await waitFor(() => deepActive() === select, 'focus on the doctor choice');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal($(el, '[part~="invite-close-button"]'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !$(el, '[part~="invite-panel"]'), 'closed');
    expect(deepActive()).to.equal(invite);
    stopAll(el);
  });
});
