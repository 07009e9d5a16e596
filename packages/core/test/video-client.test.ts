import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, videoOf } from '@ihkit/core';

/** A loopback server that records requests (bodies as bytes) and answers each with `answer`. */
async function serve(answer: (req: IncomingMessage) => { status: number; type: string; body: Buffer | string }) {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      const a = answer(req);
      res.writeHead(a.status, { 'content-type': a.type });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = (server.address() as AddressInfo);
  return { url: `http://127.0.0.1:${port}/api`, seen, close: () => new Promise((r) => server.close(r)) };
}

test('videoOf: one client per IhClient; a recording goes up as its own bytes and type, with an Idempotency-Key and its duration', async (t) => {
  const s = await serve(() => ({ status: 201, type: 'application/json', body: JSON.stringify({ id: 'rec_1' }) }));
  t.after(s.close);
  const client = createClient({ baseUrl: s.url, token: 'tok' });
  assert.equal(videoOf(client), videoOf(client));
  const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 255]);
  const stored = await videoOf(client).uploadRecording('vr_1', new Blob([bytes], { type: 'audio/webm;codecs=opus' }), { durationMs: 1234.4, idempotencyKey: 'key-12345678' });
  assert.equal(stored.id, 'rec_1');
  const sent = s.seen[0]!;
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, '/api/video-rooms/vr_1/recordings?durationMs=1234');
  assert.equal(sent.headers['content-type'], 'audio/webm;codecs=opus');
  assert.equal(sent.headers['idempotency-key'], 'key-12345678');
  assert.equal(sent.headers.authorization, 'Bearer tok');
  assert.deepEqual([...sent.body], [...bytes]);
});

test('videoOf: rooms and recordings lists come back as arrays; a recording downloads as a Blob', async (t) => {
  const s = await serve((req) =>
    req.url === '/api/recordings/rec_1'
      ? { status: 200, type: 'audio/ogg', body: Buffer.from('OggS-bytes') }
      : { status: 200, type: 'application/json', body: JSON.stringify({ items: [{ id: req.url }] }) });
  t.after(s.close);
  const video = videoOf(createClient({ baseUrl: s.url }));
  assert.deepEqual(await video.listRooms(), [{ id: '/api/video-rooms' }]);
  assert.deepEqual(await video.listRecordings('con_1'), [{ id: '/api/consults/con_1/recordings' }]);
  const blob = await video.downloadRecording('rec_1');
  assert.equal(blob.type, 'audio/ogg');
  assert.equal(await blob.text(), 'OggS-bytes');
  await video.consent('vr_1', false);
  assert.deepEqual(JSON.parse(s.seen.at(-1)!.body.toString()), { consent: false });
  assert.equal(s.seen.at(-1)!.url, '/api/video-rooms/vr_1/recording-consent');
});
