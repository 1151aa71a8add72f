// Turns a freshly forked child of the server into the call's own process:
// its process group, the caller's descriptors on 0/1/2, the call's argv and
// environment, streams made on them as Node makes them (call-stdio.ts), and
// Node's own exit paths, whose very last step (which would wait for threads
// the fork lost) is replaced by _exit (fork_child.cc).
import fs from 'node:fs';
import util from 'node:util';
import { bytesOf, decodedText } from '../../core/bytes.js';
import { native } from '../../native/index.js';
import { closeQuietly } from '../blocking-fd.js';
import { isClosedStandIn, openAsNodeDoesForClosed } from '../closed-fd.js';
import { adoptStdio, warmUpStdio } from './stdio.js';
import type { CallRequest } from '../../machines/monitor.js';

/**
 * Runs, in the server, the code paths every call will run (streams, the
 * console's formatting), so that V8 has compiled them once there and each
 * forked call inherits the compiled code instead of compiling it again.
 */
export function warmUpCallPaths(): void {
  warmUpStdio();
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

  const argv = request.argv.map(decodedText);
  const [, script, ...args] = argv;
  process.argv = [process.execPath, ...(script !== undefined ? [script] : []), ...args];

  adoptStdio();
  return { argv, argvBytes: request.argv.map(bytesOf) };
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
