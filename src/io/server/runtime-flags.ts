// A Node process that forks needs V8 without worker threads for its GC and
// compiler (node-fork-notes.md, item 3): FORK_SAFE_FLAGS on node's own
// command line (NODE_OPTIONS refuses some).  When started by the C client
// without them, re-execute ourselves with them (our client passes them).
// Cost: one more Node start-up on the first (cold) call only.
//
// --no-memory-reducer: after a full collection V8 arms a timer (about 8 s)
// for a memory-reducing collection.  The server never runs its loop, so the
// timer waits there, expired, and every call forked later ran that full
// collection on its first loop turn: measured +3.5 ms per call for any
// server up longer than a few seconds.
import { native } from '../../native/index.js';
import v8 from 'node:v8';
import { FLAGS_GIVEN_MARK, FORK_SAFE_FLAGS, WASM_FORK_FLAGS } from '../../core/fork-safe.js';
import { parsePreforkEnv } from '../../core/prefork-env.js';
import { bytesOf } from '../../core/bytes.js';
import { kernelArgs } from '../kernel-args.js';

export function ensureForkSafeRuntime(): void {
  if (process.env.PREFORK_INTERP === undefined) return;
  const given = process.env[FLAGS_GIVEN_MARK];
  if (given !== undefined) {
    // As a plain run has it: the flags are ours, not the script's (its
    // child_process.fork() must not get them either). The mark says how
    // many came first: a client of another version may have given others.
    delete process.env[FLAGS_GIVEN_MARK];
    const ours = process.execArgv.splice(0, /^\d+$/.test(given) ? Number(given) : 0);
    if (FORK_SAFE_FLAGS.every((f) => ours.includes(f))) return;
  }
  if (FORK_SAFE_FLAGS.every((f) => process.execArgv.includes(f))) return;
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
  process.env[FLAGS_GIVEN_MARK] = String(FORK_SAFE_FLAGS.length);
  // argv[0] as the caller gave it (process.argv0 and the title stay those of a plain run)
  native.execv(process.execPath, [process.argv0, ...FORK_SAFE_FLAGS, ...process.execArgv, ...scriptAndArgs]);
}

/**
 * Right before the first fork: from here on no WebAssembly compilation may
 * need a pool thread (the addon's fork waits for the pool to be empty first:
 * fork_child.cc).
 */
export function wasmOnCallingThread(): void {
  for (const flag of WASM_FORK_FLAGS) v8.setFlagsFromString(flag);
}
