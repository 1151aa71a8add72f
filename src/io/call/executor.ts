// Turns a freshly forked child of the server into the call's own process:
// its process group, the caller's descriptors on 0/1/2, the call's argv and
// environment, streams made on them as Node makes them (call-stdio.ts), and
// Node's own exit paths, whose very last step (which would wait for threads
// the fork lost) is replaced by _exit (fork_child.cc).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { bytesOf, decodedText } from '../../core/bytes.js';
import { native } from '../../native/index.js';
import { closeQuietly } from '../blocking-fd.js';
import { isClosedStandIn, openAsNodeDoesForClosed } from '../closed-fd.js';
import { adoptStdio, warmUpStdio } from './stdio.js';
import { markCryptoCachesStale } from './crypto-caches.js';
import type { CallRequest } from '../../machines/monitor.js';

/**
 * Runs, in the server, the code paths every call will run (streams, the
 * console's formatting), so that V8 has compiled them once there and each
 * forked call inherits the compiled code instead of compiling it again.
 */
export function warmUpCallPaths(): void {
  warmUpStdio();
  // (loads Web Crypto, ~0.4 ms, once here rather than in every call)
  crypto.getRandomValues(new Uint32Array(4));
  util.format('warm-up %s %d %j', 'x', 1, { a: [1, 'b'] });
  util.inspect(new Error('warm-up'));
}

/**
 * First half, done as soon as the child exists (a spare does it while it
 * waits): its own process group, none of the server's descriptors, its own pid.
 */
export function detachFromServer(closeFds: number[]): void {
  native.setpgid(0, 0);
  for (const fd of closeFds) closeQuietly(fd);
  // process.pid and ppid are cached from the server: make them ours.
  Object.defineProperty(process, 'pid', { configurable: true, enumerable: true, get: () => native.getpid() });
  Object.defineProperty(process, 'ppid', { configurable: true, enumerable: true, get: () => native.getppid() });
}

/** Second half: the call's descriptors, argv, environment, streams and console. */
export function adoptCall(request: CallRequest): { argv: string[]; argvBytes: Buffer[] } {
  const [in0, out1, err2] = request.fds;
  native.dup2(in0, 0);
  native.dup2(out1, 1);
  native.dup2(err2, 2);
  for (const fd of new Set(request.fds)) if (fd > 2) fs.closeSync(fd);
  for (const fd of [0, 1, 2]) {
    if (isClosedStandIn(fd)) openAsNodeDoesForClosed(fd);
    // as in a plain run: Node marks 0-15 close-on-exec at start-up (dup2 cleared it)
    native.setCloexec(fd, true);
  }

  // The caller's bytes, exactly (as the caller's child processes will see them);
  // process.env and process.argv decode them as plain Node would.
  native.replaceEnv(request.env.map(bytesOf));

  // (the script's path made absolute, as Node makes process.argv[1]; the
  // working directory asked again: the cached one is the server's, and the
  // directory, found by its device and inode, may have been renamed since)
  try {
    process.chdir('.');
  } catch {
    // removed meanwhile: the cached path stays
  }
  const argv = request.argv.map(decodedText);
  const [, script, ...args] = argv;
  process.argv = [process.execPath, ...(script !== undefined ? [path.resolve(script)] : []), ...args];

  countUptimeFromNow();
  reseedMathRandom();
  markCryptoCachesStale();
  adoptStdio();
  return { argv, argvBytes: request.argv.map(bytesOf) };
}

/**
 * process.uptime() counts from the server's start: "done in 3600 s" from a
 * call that took one. The call's process starts now. (performance.now()
 * stays the server's: marks and observers read the same clock inside Node.)
 */
function countUptimeFromNow(): void {
  const start = process.hrtime.bigint();
  const uptime = function uptime(): number {
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  Object.defineProperty(process, 'uptime', { ...Object.getOwnPropertyDescriptor(process, 'uptime'), value: uptime });
}

/**
 * Math.random's state is the zygote's, copied into every call: each would
 * draw the same numbers. Its own generator (Marsaglia's xorshift128, 53
 * bits a draw), seeded from the kernel, with Math.random's own name and
 * attributes.
 */
function reseedMathRandom(): void {
  const state = new Uint32Array(4);
  crypto.getRandomValues(state);
  let [a, b, c, d] = state;
  if ((a | b | c | d) === 0) d = 1;
  const next32 = (): number => {
    // xorshift128 (Marsaglia) on four 32-bit words
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return d;
  };
  // 53 random bits, as a double in [0, 1)
  const random = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  Object.defineProperty(random, 'name', { value: 'random' });
  Object.defineProperty(Math, 'random', { value: random, writable: true, enumerable: false, configurable: true });
}

/**
 * Node's own exit paths, with their last step (which would join threads the
 * fork did not copy) replaced by _exit. onExit, when tracing, hears the code
 * 'exit' is emitted with.
 */
export function installExitPath(onExit: ((code: number) => void) | null): void {
  native.setExitHandler();
  if (onExit) process.prependListener('exit', onExit);
}
