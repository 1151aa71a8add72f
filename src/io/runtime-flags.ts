// A Node process that forks needs V8 without worker threads for its GC and
// compiler (node-fork-notes.md, item 3): `--single-threaded --v8-pool-size=1`
// on node's own command line (NODE_OPTIONS refuses --single-threaded).  When
// started by prefork-interp without them, re-execute ourselves with them.
// Cost: one more Node start-up on the first (cold) call only.
//
// --no-memory-reducer: after a full collection V8 arms a timer (about 8 s)
// for a memory-reducing collection.  The server never runs its loop, so the
// timer waits there, expired, and every call forked later ran that full
// collection on its first loop turn: measured +3.5 ms per call for any
// server up longer than a few seconds.
import { native } from '../native/index.js';
import { parsePreforkEnv } from '../core/prefork-env.js';
import { bytesOf } from '../core/bytes.js';
import { kernelArgs } from './kernel-args.js';

export const FORK_SAFE_FLAGS = ['--single-threaded', '--v8-pool-size=1', '--no-memory-reducer'];

export function ensureForkSafeRuntime(): void {
  if (process.env.PREFORK_INTERP === undefined) return;
  if (FORK_SAFE_FLAGS.every((f) => process.execArgv.includes(f))) return;
  const script = process.argv[1];
  // Node marks every inherited descriptor close-on-exec at start-up
  // (uv_disable_stdio_inheritance): give ours back to the new image.
  const parsed = parsePreforkEnv(process.env.PREFORK_INTERP);
  // (if it does not parse, initialisationComplete says why)
  const ours = parsed.ok ? [parsed.env.listenFd, parsed.env.callFd, parsed.env.sentinelFd, parsed.env.watcherErrorFd] : [];
  // Whatever else the caller left open (a `$(...)` pipe as fd 200, say) must
  // not live on in the server, the zygote and every call: Node marks only
  // 3-15 close-on-exec at start-up, so mark all, then clear ours again.
  native.cloexecFrom(3);
  for (const fd of [0, 1, 2, ...ours]) {
    try {
      native.setCloexec(fd, false);
    } catch {
      // not open: initialisationComplete reports it
    }
  }
  // The script and its args as the kernel gave them: process.argv has them
  // decoded as UTF-8, which would change bytes that are not.
  const scriptAndArgs = kernelArgs(process.argv.length - 1).map(bytesOf);
  native.execv(process.execPath, [process.execPath, ...FORK_SAFE_FLAGS, ...process.execArgv, ...scriptAndArgs]);
}
