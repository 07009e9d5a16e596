// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp directory,
// listening on loopback only, removed on stop. PostgreSQL refuses to run as root, so as root
// the server runs as the `postgres` user that Debian's package creates.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './local-server.mjs';
import { postgresBin } from './system.mjs';

/**
 * Starts a server and returns { url, stop, halt, resume }. `durable: false` (tests) turns
 * fsync off; benchmarks keep the defaults so their figures compare with pgbench. `halt(mode)`
 * stops the server ('fast': a clean shutdown that ends every session, as a restart does;
 * 'immediate': a crash) and `resume()` starts it again on the same port and data, for tests of
 * the gateway through a database restart; `stop()` stops it for good and removes its files.
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
  // Asynchronous, so that a process under test keeps running while the server stops and starts.
  const run = (cmd, args) => new Promise((resolve, reject) => {
    execFile(cmd, args, { uid, gid, cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed:\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
  await run(initdb, ['-D', data, '-U', 'ihkit', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  const port = await freeTcpPort();
  const opts = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", '-c max_connections=200'];
  if (!durable) opts.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  const resume = () => run(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-o', opts.join(' '), '-w', '-t', '60', 'start']);
  const halt = (mode = 'fast') => run(pgCtl, ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  await resume();
  const url = `postgres://ihkit@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], { uid, gid, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, dataDir: data, stop, halt, resume, user: asRoot ? 'postgres' : userInfo().username };
}
