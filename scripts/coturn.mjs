// A real coturn on loopback, as a hospital would run it next to the gateway: `use-auth-secret`
// (TURN REST credentials minted from a shared secret), UDP and TCP on one free port, relaying
// between loopback peers. For tests and benchmarks; `turnserver` comes from Debian's `coturn`
// (scripts/system.mjs installs it). Removed, with its temp directory, on stop().
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServer } from './local-server.mjs';

const HOST = '127.0.0.1';
/** Relay ports per server; a call takes one or two per participant, and ports linger a little after it. */
const RELAY_PORTS = 200;

/** A port free for both TCP and UDP on loopback (coturn listens on both). */
async function freeTcpAndUdpPort() {
  for (let i = 0; i < 20; i++) {
    const tcp = createServer();
    await new Promise((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, HOST, resolve);
    });
    const { port } = tcp.address();
    const udp = createSocket('udp4');
    const udpFree = await new Promise((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, HOST, () => resolve(true));
    });
    await new Promise((r) => tcp.close(r));
    await new Promise((r) => {
      try {
        udp.close(r);
      } catch {
        r(); // never bound
      }
    });
    if (udpFree) return port;
  }
  throw new Error('coturn: no free port');
}

/** Whether a STUN binding request to `port` is answered (coturn is listening). */
function stunAnswers(port, timeoutMs = 300) {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    const txn = randomBytes(12);
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), txn]);
    const done = (ok) => {
      clearTimeout(timer);
      sock.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('error', () => done(false));
    sock.on('message', (msg) => done(msg.length >= 20 && msg.readUInt16BE(0) === 0x0101 && msg.subarray(8, 20).equals(txn)));
    sock.send(request, port, HOST);
  });
}

/**
 * Starts coturn and resolves once it answers STUN on its port. Returns
 * { port, urls, secret, output(), stop() }: `urls` are the UDP and TCP TURN URLs (UDP first),
 * for credentials minted from `secret` as the gateway does (its video/turn.ts); `stop()`
 * kills the server and removes its directory (and resolves once it has exited). With
 * `logFile`, everything it logs is also appended there.
 * @param {{ secret?: string, timeoutMs?: number, logFile?: string }} [options]
 */
export async function startCoturn({ secret = randomBytes(24).toString('hex'), timeoutMs = 10_000, logFile } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-turn-'));
  const port = await freeTcpAndUdpPort();
  // relay ports below Linux's ephemeral range (32768+), picked at random so that servers of
  // concurrent tests rarely share a range (coturn skips relay ports it cannot bind anyway)
  const minPort = 10_000 + Math.floor(Math.random() * ((32_000 - 10_000) / RELAY_PORTS)) * RELAY_PORTS;
  const config = join(dir, 'turnserver.conf');
  writeFileSync(config, [
    `listening-ip=${HOST}`, `relay-ip=${HOST}`, `listening-port=${port}`, `min-port=${minPort}`, `max-port=${minPort + RELAY_PORTS - 1}`,
    'use-auth-secret', `static-auth-secret=${secret}`, 'realm=ihkit.test', 'allow-loopback-peers',
    // coturn refuses to start without a CLI password, even with the CLI off
    `cli-password=${randomBytes(12).toString('hex')}`, 'no-cli', 'no-tls', 'no-dtls',
    `pidfile=${join(dir, 'turn.pid')}`, 'log-file=stdout', 'simple-log', 'no-software-attribute',
  ].join('\n') + '\n');

  const { output, stop } = await runServer({
    name: 'coturn', command: 'turnserver', args: ['-c', config], dir, ready: () => stunAnswers(port), timeoutMs, pollMs: 50,
    installHint: 'apt-get install coturn', logFile,
  });

  const urls = [`turn:${HOST}:${port}?transport=udp`, `turn:${HOST}:${port}?transport=tcp`];
  return {
    port,
    urls,
    secret,
    /** What coturn has logged lately. */
    output,
    stop,
  };
}
