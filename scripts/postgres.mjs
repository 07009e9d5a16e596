// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp directory,
// listening on loopback only, removed on stop. PostgreSQL refuses to run as root, so as root
// the server runs as the `postgres` user that Debian's package creates.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './local-server.mjs';
import { postgresBin } from './system.mjs';

/**
 * Starts a server and returns { url, stop }. `durable: false` (tests) turns fsync off;
 * benchmarks keep the defaults so their figures compare with pgbench.
 */
export async function startPostgres({ durable = false } = {}) {
  const initdb = postgresBin('initdb');
  const pgCtl = postgresBin('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let uid;
  let gid;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { uid, gid, cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  run(initdb, ['-D', data, '-U', 'ihkit', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  const port = await freeTcpPort();
  const opts = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", '-c max_connections=200'];
  if (!durable) opts.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  run(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-o', opts.join(' '), '-w', '-t', '60', 'start']);
  const url = `postgres://ihkit@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], { uid, gid, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, dataDir: data, stop, user: asRoot ? 'postgres' : userInfo().username };
}
