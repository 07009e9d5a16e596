// What the test servers (scripts/coturn.mjs, orthanc.mjs, postgres.mjs, janus.mjs) and the demo
// (examples/serve.mjs) share: a free loopback
// port, and running a server process in a temp directory until it answers, killed with the
// test process and removed, with its directory, on stop().
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A TCP port free on `host` right now, taken below the system's range of ephemeral ports where it
 * has one (Linux): a server is started on the port some time after it was chosen, and in between
 * an outgoing connection of any process on the machine (a database client, a browser, a test
 * file running beside this one) may be given any ephemeral port, but none below that range.
 */
export async function freeTcpPort(host = '127.0.0.1') {
  const low = ephemeralPortsFrom();
  for (let tries = 0; low && low > 20_000 && tries < 20; tries++) {
    const port = await probePort(host, 20_000 + Math.floor(Math.random() * (low - 20_000)));
    if (port) return port;
  }
  const port = await probePort(host, 0);
  if (!port) throw new Error(`no free TCP port on ${host}`);
  return port;
}

/** Binds `port` (0: any) on `host` and lets it go: the port bound, or undefined when it was taken. */
function probePort(host, port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.unref();
    s.once('error', () => resolve(undefined));
    s.listen(port, host, () => {
      const { port: bound } = s.address();
      s.close(() => resolve(bound));
    });
  });
}

/** The first port of the ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), when the system says. */
function ephemeralPortsFrom() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spawns `command` in `dir` and resolves once `ready()` is true, polling every `pollMs`.
 * Returns { output(), stop() }: `output()` is the tail of what the server logged (its pipes
 * are always drained: a full pipe would stall it; with `logFile`, all of it is also appended
 * there, e.g. for the e2e tests' log scan); `stop()` kills it (SIGKILL: its data is
 * thrown away anyway), removes `dir` and resolves once it has exited. When it does not start
 * within `timeoutMs` it is stopped and the error names `installHint` and its last output.
 */
export async function runServer({ name, command, args, dir, ready, timeoutMs, pollMs = 25, installHint, logFile }) {
  let output = '';
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  if (log) child.once('close', () => log.end());
  const keep = (d) => {
    output = (output + d).slice(-20_000);
    log?.write(d);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  let spawnError;
  child.once('error', (e) => { spawnError = e; exited = true; });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (!exited && !spawnError) {
        child.kill('SIGKILL');
        await exit;
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const t0 = Date.now();
  while (!(await ready())) {
    if (spawnError || exited || Date.now() - t0 > timeoutMs) {
      await stop();
      const why = spawnError ? `${spawnError.message} (${installHint})` : exited ? 'it exited' : `not answering after ${timeoutMs} ms`;
      throw new Error(`${name} did not start: ${why}\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return { output: () => output, stop };
}
