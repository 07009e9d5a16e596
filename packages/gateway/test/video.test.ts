import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
// A real coturn on loopback with the shared secret, as a hospital would run it.
import { startCoturn } from '../../../scripts/coturn.mjs';
import { databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { get, ok } from './helpers/consults.js';
import { API } from './helpers/gateway.js';

type IceServers = { iceServers: Array<{ urls: string[]; username?: string; credential?: string }>; expiresAt?: string };
const SECRET = 'turn-secret-for-tests';

/** Whether coturn's own client can allocate a relay with these credentials. */
function allocates(port: number, username: string, credential: string): boolean {
  const r = spawnSync('turnutils_uclient', ['-y', '-n', '1', '-u', username, '-w', credential, '-p', String(port), '127.0.0.1'], { encoding: 'utf8', timeout: 20_000 });
  const out = `${r.stdout}${r.stderr}`;
  return !/Cannot complete Allocation|ERROR/i.test(out) && /tot_recv_bytes ~ [1-9]/.test(out);
}

const database = databases[0]!; // the store plays no part here

describe('ICE servers for video calls', () => {
  test('without a TURN server: none at all (never public STUN), and only for the signed in', async () => {
    const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
    try {
      const token = await login(gw, 'zhangwei', 'demo');
      assert.deepEqual(ok<IceServers>(await get(gw, token, '/video/ice-servers')), { iceServers: [] });
      assert.equal((await gw.app.inject({ method: 'GET', url: `${API}/video/ice-servers` })).statusCode, 401);
    } finally {
      await gw.close();
    }
  });

  describe('with coturn (use-auth-secret)', () => {
    let gw: TestGateway;
    let turn: Awaited<ReturnType<typeof startCoturn>>;
    before(async () => {
      turn = await startCoturn({ secret: SECRET });
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, turnUrls: turn.urls, turnSecret: SECRET, turnTtlSeconds: 600 });
    });
    after(async () => {
      await gw?.close();
      await turn?.stop();
    });

    test('credentials are minted per user, expire, and coturn accepts them', async () => {
      const token = await login(gw, 'zhangwei', 'demo');
      const { iceServers, expiresAt } = ok<IceServers>(await get(gw, token, '/video/ice-servers'));
      const [server] = iceServers;
      assert.deepEqual(server?.urls, turn.urls);
      const [expiry, userId] = server!.username!.split(':');
      assert.equal(Number(expiry), Math.floor(gw.clock.ms / 1000) + 600);
      assert.equal(new Date(expiresAt!).getTime(), Number(expiry) * 1000);
      assert.match(userId!, /^[A-Za-z0-9_-]+$/, 'an opaque user id, never a name');
      assert.equal(server!.credential, createHmac('sha1', SECRET).update(server!.username!).digest('base64'));

      assert.equal(allocates(turn.port, server!.username!, server!.credential!), true, 'coturn relays for the minted credentials');
      assert.equal(allocates(turn.port, server!.username!, 'not-the-credential'), false, 'and refuses a wrong one');
      // Minted two hours ago with a 10-minute life: expired, refused by coturn itself.
      gw.clock.set(Date.now() - 2 * 3600_000);
      const old = ok<IceServers>(await get(gw, token, '/video/ice-servers')).iceServers[0]!;
      assert.equal(allocates(turn.port, old.username!, old.credential!), false, 'expired credentials are refused');
    });
  });
});
