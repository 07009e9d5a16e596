/**
 * <ih-video-consult>: before starting, the device check, permission denied, the waiting room,
 * in the call, and signed out.
 */
import { html } from 'lit';
import { waitFor } from '../../mock-api.js';
import { FakeVideoRealtime } from '../../fake-realtime.js';
import { admitted, roomOf, videoHandlers } from '../../video-room.js';
import '../../../src/video-consult/video-consult.js';
import type { IhVideoConsult } from '../../../src/video-consult/video-consult.component.js';
import type { Journey } from '../visit.js';
import { part, waitPart } from './query.js';

const element = 'ih-video-consult';

export const videoConsultJourneys: Journey[] = [
  {
    element,
    name: 'device check, waiting room, the call',
    async run(v) {
      let room = roomOf();
      v.api.use(...videoHandlers(() => room));
      const realtime = new FakeVideoRealtime();
      const el = await v.mount<IhVideoConsult>(html`<ih-video-consult consult-id="con_1"></ih-video-consult>`, { realtime });
      await waitPart(el, 'start-button');
      await v.state('before starting', el);
      part(el, 'start-button')!.click();
      const join = await waitPart(el, '[part~="join-button"][aria-disabled="false"]');
      const preview = part<HTMLVideoElement>(el, 'video[part~="preview"]')!;
      await waitFor(() => preview.videoWidth > 0, 'preview frames', 8000);
      await v.state('device check', el, { main: true, firstScreen: ['[part~="join-button"]'] });
      join.click();
      await waitPart(el, 'waiting');
      await v.state('waiting room', el, { main: true });
      room = admitted(room);
      realtime.joins[0]!.room(room);
      await waitFor(() => el.call === 'connecting', 'connecting');
      await v.state('in the call', el, { firstScreen: ['[part~="hang-up-button"]'] });
      part(el, 'hang-up-button')!.click();
      await waitPart(el, 'ended');
      await v.state('ended', el);
      el.remove();
    },
  },
  {
    element,
    name: 'permission denied, signed out',
    async run(v) {
      const media = navigator.mediaDevices;
      const original = media.getUserMedia;
      media.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      try {
        const denied = await v.mount(html`<ih-video-consult consult-id="con_1"></ih-video-consult>`, { realtime: new FakeVideoRealtime() });
        (await waitPart(denied, 'start-button')).click();
        await waitPart(denied, 'device-error');
        await v.state('permission denied', denied, { firstScreen: ['[part~="device-error"]'] });
        denied.remove();
      } finally {
        media.getUserMedia = original;
      }
      const signedOut = await v.mount(html`<ih-video-consult consult-id="con_1"></ih-video-consult>`, { token: '', realtime: new FakeVideoRealtime() });
      await waitPart(signedOut, 'sign-in');
      await v.state('sign-in required', signedOut);
    },
  },
];
