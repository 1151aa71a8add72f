// Turns a freshly forked child of the server into the call's own process:
// its process group, the caller's descriptors on 0/1/2, the call's argv and
// environment, streams made on them as Node makes them (call-stdio.ts), and an exit path that
// does not go through Node's (which would wait for threads the fork lost).
import fs from 'node:fs';
import util from 'node:util';
import { bytesOf, decodedText } from '../core/bytes.js';
import { native } from '../native/index.js';
import { closeQuietly, writeAll } from './blocking-fd.js';
import { isClosedStandIn, openAsNodeDoesForClosed } from './closed-fd.js';
import { adoptStdio, restoreStdio, warmUpStdio } from './call-stdio.js';
import type { CallRequest } from '../machines/monitor.js';

function writeFatal(err: unknown): void {
  const text = err instanceof Error && err.stack ? err.stack : util.inspect(err);
  try {
    writeAll(2, Buffer.from(`${text}\n\nNode.js ${process.version}\n`));
  } catch {
    // the caller's stderr is gone
  }
}

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
  // Node prints an uncaught exception only after 'exit', which we never return from.
  process.on('uncaughtExceptionMonitor', (err) => writeFatal(err));
  return { argv, argvBytes: request.argv.map(bytesOf) };
}

export interface ExitHooks {
  /** Node emitted 'exit' (process.exit, an uncaught exception, or our idle exit) */
  exitEmitted(code: number): void;
  /** only our keep-alive is left in the loop */
  loopIdle(): void;
  /** still idle right after 'beforeExit' */
  stillIdle(): void;
}

let exitListener: ((code: number) => void) | null = null;

/**
 * Node's own exit path joins V8 worker threads the fork did not copy, so we
 * leave with _exit instead: run Node's other 'exit' listeners (ours is first,
 * so listeners added later still run), then _exit.
 */
export function leaveProcess(code: number, onExit?: (status: number) => void): never {
  for (const l of process.listeners('exit')) {
    if (l === exitListener) continue;
    try {
      (l as (c: number) => void).call(process, code);
    } catch (e) {
      writeFatal(e);
      code = 7;
    }
  }
  const status = typeof process.exitCode === 'number' && code === 0 ? process.exitCode : code;
  try {
    onExit?.(status);
  } finally {
    restoreStdio();
    // Once per zygote, the first call to end teaches the spares forked after it which pages to map ahead.
    native.learnWorkingSet();
    native.exitNow(status);
  }
}

export function installExitPath(hooks: ExitHooks, leave: (code: number) => never): void {
  exitListener = (code: number) => {
    try {
      hooks.exitEmitted(code); // normally leaves from inside the machine's 'exited' state
    } finally {
      leave(code); // and if the machine was busy (the event queued), or failed, from here
    }
  };
  process.prependListener('exit', exitListener);
  // A forked Node must never let its loop run empty (see prefork_native.c).
  native.startIdleExit(hooks.loopIdle, hooks.stillIdle);
}

export function emitBeforeExit(): void {
  process.emit('beforeExit', (process.exitCode as number | undefined) ?? 0);
}
