// Real processes for integration tests: run with a bound, wait on
// conditions with a bound, stop servers by pid.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logPath, socketPath } from '../../dist/core/ident.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** the client build under test: bin/prefork-interp (compiled where bun could build it), or with PREFORK_INTERP_TEST_CLIENT=node the Node-run one */
export const CLIENT = path.join(ROOT, process.env.PREFORK_INTERP_TEST_CLIENT === 'node' ? 'bin/prefork-interp-node' : 'bin/prefork-interp');
export const C_CLIENT = '/usr/bin/prefork-interp';
/** the client run by Node, whichever build CLIENT is */
export const NODE_CLIENT = path.join(ROOT, 'bin/prefork-interp-node');

/** SIGKILL to `child`, and `then` once it has died (at once if it had). */
function afterKilling(child, then) {
  if (child.exitCode !== null || child.signalCode !== null) return then();
  child.once('exit', then);
  child.kill('SIGKILL');
}

/** Runs a command to its end; kills it and fails if it takes longer than `timeout`. */
export function run(cmd, args = [], { input, env, cwd, timeout = 30000, stdio } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: stdio ?? ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr?.on('data', (d) => err.push(d));
    // (rejected once it has died: its descendants may hold its pipes open)
    const timer = setTimeout(() => afterKilling(child, () => reject(new Error(`timed out after ${timeout} ms: ${cmd} ${args.join(' ')}`))), timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), pid: child.pid });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {});
      if (input !== undefined) child.stdin.end(input);
      else child.stdin.end();
    }
  });
}

/**
 * How `child` ends ({ code, signal }). Still running `ms` after this is
 * called, it is killed, waited for, and the promise rejects. Call it right
 * after spawn, before the child can end.
 */
export function endOf(child, ms = 30000) {
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    child.kill('SIGKILL');
  }, ms);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))).then((r) => {
    clearTimeout(timer);
    if (late) throw new Error(`still running after ${ms} ms: ${child.spawnargs.join(' ')}`);
    return r;
  });
}

/** What `promise` gives; fails if that takes longer than `ms`. */
export async function bounded(promise, what, ms = 10000) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls a condition until it holds; fails after `timeout`. */
export async function waitFor(what, pred, { timeout = 10000, interval = 20 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function isRunning(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}

export function parentOf(pid) {
  return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
}

/** Stops each server by pid: TERM, then KILL if it has not gone within the bound. */
export async function stopServers(pids) {
  for (const pid of new Set(pids)) {
    if (!isRunning(pid)) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    try {
      await waitFor(`server ${pid} to stop`, () => !isRunning(pid), { timeout: 5000 });
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** The run directory the C client uses for this user (ident.md). */
export function runBase() {
  const uid = process.getuid();
  const t = `/var/run/user/${uid}`;
  try {
    const st = fs.lstatSync(t);
    if (st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0) return `${t}/prefork-interp`;
  } catch {
    // fall back
  }
  const node = os.hostname().split('.')[0].slice(0, 32);
  return `${os.userInfo().homedir}/.prefork-interp/${node}`;
}

/**
 * Resolves once `child` prints `text` on stdout. Rejects if its output ends
 * without it, or after `ms` without it, when the child is killed (and
 * waited for) first.
 */
export function waitForOutput(child, text, ms = 20000) {
  return new Promise((resolve, reject) => {
    const never = () => new Error(`never printed ${JSON.stringify(text)}`);
    const t = setTimeout(() => afterKilling(child, () => reject(never())), ms);
    child.stdout.on('data', (d) => d.toString().includes(text) && (clearTimeout(t), resolve()));
    child.stdout.on('end', () => (clearTimeout(t), reject(never())));
  });
}

/** The socket and the Node library's log of `ident`, as both clients name them. */
export const socketPathFor = (ident) => socketPath(runBase(), ident);
export const logPathFor = (ident) => logPath(runBase(), ident);

/** Processes whose command line contains `needle` (e.g. a unique socket path). */
export function processesMentioning(needle) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(needle) && isRunning(Number(d))) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

/** The path of the unix socket that process `pid` listens on (from /proc/net/unix). */
export function listeningSocketPath(pid) {
  const inodes = new Set();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let link;
    try {
      link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed since the listing (the listener itself stays open)
    }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]);
  }
  for (const line of fs.readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode [Path]; Flags 00010000 = __SO_ACCEPTCON
    const f = line.trim().split(/\s+/);
    if (f.length >= 8 && inodes.has(f[6]) && f[3] === '00010000') return f[7];
  }
  throw new Error(`process ${pid} listens on no named unix socket`);
}

/** read(2)'s and ppoll(2)'s numbers, as /proc/PID/syscall shows them */
const WAITING_SYSCALLS = { x64: [0, 271], arm64: [63, 73], ia32: [3, 309], arm: [3, 336] }[process.arch];

/**
 * Whether the main thread of pid is blocked waiting for its socket now: in
 * read(2), or in ppoll(2) (the compiled client, holding the signals of a call
 * sent ahead).
 */
export function blockedWaiting(pid) {
  try {
    const now = Number(fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')[0]);
    return WAITING_SYSCALLS.includes(now);
  } catch {
    return false;
  }
}

/** What `promise` gives, or `late` once `ms` have passed without it. */
async function within(promise, ms, late) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(() => resolve(late), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Once the just-spawned child (a client) blocks waiting (blockedWaiting), SIGINT to it:
 * how it ended ({ code, signal }), or, killed after 5 s still waiting,
 * 'still waiting after 5 s'. Call it right after spawn, before it can end.
 */
export async function interruptWhenBlocked(child, what) {
  const ended = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitFor(what, () => blockedWaiting(child.pid));
  } catch (e) {
    // never got there: not left running (its connection would hold up the test's teardown)
    child.kill('SIGKILL');
    await ended;
    throw e;
  }
  child.kill('SIGINT');
  const r = await within(ended, 5000, 'still waiting after 5 s');
  if (r === 'still waiting after 5 s') {
    child.kill('SIGKILL');
    await ended;
  }
  return r;
}
