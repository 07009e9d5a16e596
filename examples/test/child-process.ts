/**
 * Commands the e2e tests run: to their end, or until they are ready. What they print also goes
 * to the run's log directory (e2e-logs.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { logStream } from './e2e-logs.js';

/**
 * The environment for commands outside the repository. npm, when it runs `npm test`, tells its
 * children where the repository is (npm_config_local_prefix and friends); a nested npm would
 * then install into the repository instead of the directory it runs in.
 */
export const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_(local_prefix|prefix|global_prefix|call|workspaces?|include_workspace_root)$)/i.test(k)),
);

/** Spawns a command with its stdout and stderr piped, and copied into a log file named after it. */
function spawnLogged(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logStream([cmd, args.find((a) => !a.startsWith('-'))].filter((a) => a !== undefined).map((a) => basename(a)).join('-'));
  child.stdout.on('data', (c) => log.write(c));
  child.stderr.on('data', (c) => log.write(c));
  child.on('close', () => log.end());
  return child;
}

/** Runs a command to its end and resolves with its stdout; rejects with its output when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnLogged(cmd, args, cwd, env);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${code}\n${out}\n${err}`))));
  });
}

export interface Started {
  child: ChildProcess;
  /** The line of stdout that said it was ready. */
  line: string;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts a long-running command; resolves once a line of its stdout passes `ready` (within 60 s).
 * It is killed if this process exits first.
 */
export function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: (line: string) => boolean): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawnLogged(cmd, args, cwd, env);
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const exited = new Promise<number | null>((r) =>
      child.on('exit', (code) => {
        process.removeListener('exit', killOnExit);
        r(code);
      }),
    );
    let out = '';
    let err = '';
    let partial = '';
    let settled = false;
    const settle = (outcome: { line: string } | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof Error) {
        child.kill('SIGKILL');
        reject(outcome);
      } else resolve({ child, line: outcome.line, exited });
    };
    const timer = setTimeout(() => settle(new Error(`${cmd} was not ready within 60 s\n${out}\n${err}`)), 60_000);
    child.on('error', (e) => settle(e));
    child.on('exit', (code) => settle(new Error(`${cmd} exited with ${code} before it was ready\n${out}\n${err}`)));
    child.stderr.on('data', (c) => (err += c));
    child.stdout.on('data', (c) => {
      out += c;
      const lines = (partial + c).split('\n');
      partial = lines.pop()!;
      const line = lines.find(ready);
      if (line !== undefined) settle({ line });
    });
  });
}
