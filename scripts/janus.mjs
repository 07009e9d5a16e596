// A real Janus WebRTC server on loopback with only its VideoRoom plugin and WebSocket transport,
// as a hospital would run one beside the gateway for calls larger than the mesh's four and for
// one-to-many teaching. For tests and benchmarks; `janus` comes from Debian's `janus` package
// (installed here through scripts/system.mjs when missing). Rooms can only be created with the
// VideoRoom admin key, which the gateway holds and browsers never see; the core admin API is off
// and its secret random. Plugin and transport folders are temp directories linking only the two
// modules, so nothing else Debian ships (echotest, streaming, HTTP…) is loaded. Removed, with its
// temp directory, on stop().
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, runServer } from './local-server.mjs';
import { ensureSystem } from './system.mjs';

const HOST = '127.0.0.1';
export const JANUS_BIN = '/usr/bin/janus';
const MODULES = '/usr/lib/x86_64-linux-gnu/janus';

/** Whether something accepts TCP connections on `port` (the WebSocket transport is the last to start). */
function listening(port) {
  return new Promise((resolve) => {
    const s = connect({ host: HOST, port });
    s.setTimeout(300);
    const done = (ok) => (s.destroy(), resolve(ok));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.once('timeout', () => done(false));
  });
}

/** A folder holding links to only the named modules of one of Janus's module folders. */
function onlyModules(dir, kind, names) {
  const folder = join(dir, kind);
  mkdirSync(folder);
  for (const name of names) symlinkSync(join(MODULES, kind, name), join(folder, name));
  return folder;
}

/**
 * Installs Debian's `janus` when missing (as root), starts it and resolves once its WebSocket
 * transport accepts connections. Returns { url, adminKey, port, output(), stop() }: `url` is the
 * WebSocket URL browsers and the gateway use (subprotocol `janus-protocol`), `adminKey` the
 * VideoRoom admin key needed to create rooms (the gateway's IHKIT_JANUS_ADMIN_KEY); `stop()` kills
 * the server and removes its directory. With `logFile`, everything it logs is also appended there.
 * @param {{ timeoutMs?: number, logFile?: string, adminKey?: string }} [options]
 */
export async function startJanus({ timeoutMs = 15_000, logFile, adminKey = randomBytes(24).toString('hex') } = {}) {
  ensureSystem(['janus']);
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-janus-'));
  const port = await freeTcpPort(HOST);
  // media ports picked at random so that servers of concurrent tests rarely share a range
  const rtpMin = 40_000 + Math.floor(Math.random() * 20) * 1000;
  writeFileSync(join(dir, 'janus.jcfg'), `general: {
  configs_folder = "${dir}"
  plugins_folder = "${onlyModules(dir, 'plugins', ['libjanus_videoroom.so'])}"
  transports_folder = "${onlyModules(dir, 'transports', ['libjanus_websockets.so'])}"
  events_folder = "${onlyModules(dir, 'events', [])}"
  loggers_folder = "${onlyModules(dir, 'loggers', [])}"
  log_to_stdout = true
  debug_level = 4
  admin_secret = "${randomBytes(24).toString('hex')}"
  server_name = "ihkit"
  session_timeout = 60
  hide_dependencies = true
}
media: {
  rtp_port_range = "${rtpMin}-${rtpMin + 999}"
}
nat: {
  nice_debug = false
  ice_ignore_list = "vmnet"
}
plugins: {
}
transports: {
}
events: {
  broadcast = false
}
`);
  writeFileSync(join(dir, 'janus.transport.websockets.jcfg'), `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "${HOST}"
  wss = false
  ws_logging = "err"
}
admin: {
  admin_ws = false
  admin_wss = false
}
`);
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), `general: {
  admin_key = "${adminKey}"
  lock_rtp_forward = true
  lock_play_file = true
  string_ids = false
}
`);

  const { output, stop } = await runServer({
    name: 'Janus', command: JANUS_BIN, args: ['-F', dir, '-C', join(dir, 'janus.jcfg')], dir, ready: () => listening(port), timeoutMs, pollMs: 50,
    installHint: 'apt-get install janus', logFile,
  });
  return { url: `ws://${HOST}:${port}`, port, adminKey, output, stop };
}
