// prefork-interp for Node scripts: initialise once, fork per call.
//
//   import { initialisationComplete } from 'prefork-interp';   // import it first
//   ...imports and other initialisation...
//   const call = await initialisationComplete({ maxServers: 4 });
//   ...per-call code: runs once per call, each time in a fresh forked process...
import fs from 'node:fs';
import type { Logger } from 'pino';
import path from 'node:path';
import { bytesOf, decodedText } from './core/bytes.js';
import { kernelArgs } from './io/kernel-args.js';
import { native } from './native/index.js';
import { devNullOnto } from './io/blocking-fd.js';
import { terminalCopies } from './io/server/terminal-copies.js';
import { parsePreforkEnv } from './core/prefork-env.js';
import { ensureForkSafeRuntime, wasmOnCallingThread } from './io/server/runtime-flags.js';
import { loadedFiles } from './io/server/loaded-files.js';
import { openServerLog, serverLogPath } from './io/server/log.js';
import { serve, type BecameExecutor } from './io/server/server-adapter.js';
import { warmUpCallPaths } from './io/call/executor.js';
import { renewCryptoCachesPerCall } from './io/call/crypto-caches.js';
import { becomeCall } from './io/call/executor-adapter.js';
import { majorGc } from './io/gc.js';
import { callIdFor, openTracer, TRACE_ENV } from './io/trace.js';

// Before the script's own initialisation runs (ES imports are evaluated in
// order): a Node that will fork needs V8 without background threads (core/fork-safe.ts).
ensureForkSafeRuntime();

/** connections accepted and still sending their request, at most (they hold no slot of maxServers) */
export const MAX_RECEIVING = 32;

export interface PreforkOptions {
  /** concurrent calls (default 4); negative: no limit. Extra calls wait; none is dropped. */
  maxServers?: number;
  /** seconds without calls before the server quits (default 1e6); negative: never */
  idleTimeout?: number;
  /** quit (so that the client starts afresh) when a loaded module is newer than the server (default true) */
  autoreloadModules?: boolean;
  /** more files whose change means a reload */
  autoreloadExtra?: string[];
  /** accept failures in a row before the server gives up (default 100) */
  maxErrors?: number;
  /**
   * seconds a connection may take to send its whole request (default 10): one
   * that has not by then is closed and logged. Connections still sending hold
   * no call slot; at most MAX_RECEIVING are taken at once.
   */
  requestTimeout?: number;
  /** pino level of the server log (default 'info') */
  logLevel?: string;
  /** where the server logs (default: <run directory>/p<ident>.log) */
  logFile?: string;
  /** the log's size bound: past it the file becomes <logFile>.1 and a new one starts (default 1 MiB) */
  logMaxBytes?: number;
  /** keep one executor forked ahead of time, so that a call does not wait for fork() (default true) */
  spare?: boolean;
}

export interface Call {
  /** the argv as received: interpreter, script, args (decoded as UTF-8, as process.argv is) */
  argv: string[];
  /** the same argv byte for byte, for a script that needs arguments that are not UTF-8 */
  argvBytes: Buffer[];
  /** true when running under prefork-interp, false when the script was run plainly */
  preforked: boolean;
  /**
   * the server this call was forked from (when preforked): the process that
   * --kill or a signal would end, and not process.ppid, which is the zygote's
   */
  serverPid?: number;
}

const alsoCheck: string[] = [];

/** Adds files whose change makes the server quit at the next call (as in the Perl library). */
export function autoreloadAlsoCheck(...paths: string[]): void {
  alsoCheck.push(...paths.map((p) => path.resolve(p)));
}

function writeErrorQuietly(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // nobody to tell
  }
}

async function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength > 0) await new Promise((r) => stream.once('drain', r));
}

export async function initialisationComplete(options: PreforkOptions = {}): Promise<Call> {
  const value = process.env.PREFORK_INTERP;
  if (value === undefined) {
    const raw = kernelArgs(process.argv.length - 1);
    return { argv: [process.argv0, ...raw.map(decodedText)], argvBytes: [Buffer.from(process.argv0), ...raw.map(bytesOf)], preforked: false };
  }
  const parsed = parsePreforkEnv(value);
  if (!parsed.ok) throw new Error(parsed.error);
  const env = parsed.env;
  const script = process.argv[1] ? path.resolve(process.argv[1]) : undefined;
  // Each file once: the script is among the loaded modules too, and every accept stats them all.
  // Asked of V8 after the first call (~20 ms: it lists every script parsed),
  // or at the first accept if that comes sooner: files are compared with the
  // start time, not with a snapshot, so later is as good.
  let reloadFiles: string[] | undefined;
  const filesToCheck = (): string[] =>
    (reloadFiles ??= [
      ...new Set([
        ...(script ? [script] : []),
        ...(options.autoreloadModules === false ? [] : loadedFiles()),
        ...(options.autoreloadExtra ?? []).map((p) => path.resolve(p)),
      ]),
    ]);

  // Tracing follows the environment the server starts with (the first caller's).
  const traceEnv = { [TRACE_ENV]: process.env[TRACE_ENV] };
  const initialCall = traceEnv[TRACE_ENV] ? callIdFor(native.peerPid(env.callFd)) : '';
  const setupTracer = openTracer(traceEnv, 'setup', initialCall);
  setupTracer?.record({ note: 'initialisation complete' });
  setupTracer?.close();

  // Nothing may be queued for output when we fork, or it is lost or doubled.
  await drained(process.stdout);
  await drained(process.stderr);

  wasmOnCallingThread();
  // Become a daemon: the setup process exits (the client then reads the greeting), the server goes on.
  const pid = native.fork();
  if (pid !== 0) native.exitNow(0);
  // From here on this is a fork of a running Node, whose own exit path waits
  // for threads the fork did not copy and crashes: nothing may throw out of here.
  let became: BecameExecutor;
  let log: Logger | undefined;
  const serverPid = native.getpid();
  try {
    native.setsid();
    const logFile = options.logFile ?? serverLogPath(native.sockname(env.listenFd));
    const opened = openServerLog(logFile, options.logLevel ?? 'info', options.logMaxBytes);
    log = opened.log;
    log.info({ script, server: native.getpid() }, 'server started');

    // The first caller's stderr, for errors of the first call; then our stdio
    // goes to /dev/null, and so do the copies of the first caller's terminal
    // that Node's stdio streams opened (found before that stderr is kept).
    const copies = terminalCopies();
    const initialErrorFd = fs.openSync('/dev/null', 'r');
    native.dup2(2, initialErrorFd);
    devNullOnto([0, 1, 2, ...copies], 'r+');

    const serverTracer = openTracer(traceEnv, 'server', initialCall, native.getpid);
    const monitorTracer = openTracer(traceEnv, 'monitor', initialCall, native.getpid);
    const idleTimeout = options.idleTimeout ?? 1e6;
    became = serve({
      spare: options.spare ?? true,
      // (0 would run no call at all: one at a time, as the Perl library runs them with 0)
      maxServers: options.maxServers === 0 ? 1 : (options.maxServers ?? 4),
      idleTimeoutMs: idleTimeout < 0 ? -1 : idleTimeout * 1000,
      maxErrors: options.maxErrors ?? 100,
      maxReceiving: MAX_RECEIVING,
      uid: process.getuid!(),
      requestTimeoutMs: (options.requestTimeout ?? 10) * 1000,
      listenFd: env.listenFd,
      watcherErrorFd: env.watcherErrorFd,
      privateFds: [env.listenFd, env.sentinelFd, env.watcherErrorFd, opened.fd, serverTracer?.fd, monitorTracer?.fd].filter(
        (fd): fd is number => fd !== undefined,
      ),
      initialCallFd: env.callFd,
      initialErrorFd,
      log,
      startTimeNs: env.startTimeNs,
      reloadFiles: () => [...filesToCheck(), ...alsoCheck],
      settle: () => {
        const files = filesToCheck().length;
        warmUpCallPaths();
        renewCryptoCachesPerCall();
        majorGc();
        log?.info({ files }, 'server settled');
      },
      trace: serverTracer && monitorTracer ? { server: serverTracer, monitor: monitorTracer } : null,
    });
  } catch (e) {
    // Before the log exists, stderr is still the first caller's.
    if (log) log.fatal({ err: e }, 'server failed');
    else writeErrorQuietly(`prefork-interp (node): server set-up failed: ${(e as Error)?.stack ?? String(e)}\n`);
    return native.exitNow(1);
  }
  // Only a forked child gets here: one forked for a call, or a spare that waits for one.
  const { argv, argvBytes } = becomeCall(became, traceEnv[TRACE_ENV] ? (callId) => openTracer(traceEnv, 'executor', callId, native.getpid) : null);
  return { argv, argvBytes, preforked: true, serverPid };
}
