// Runs the server and its monitors on the poll loop: the server machine's
// effects (the listener, accepts, reload checks, the watcher) are here; the
// parts it holds are in src/io/server/: the call table, the link to the
// executors (zygote, spares, reaping), the monitors' effects.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { createActor } from 'xstate';
import { native } from '../../native/index.js';
import { closeQuietly, devNullOnto } from '../blocking-fd.js';
import { step } from '../step.js';
import { encodeGreeting, figureLines, OFFER_SIGNALS } from '../../core/wire.js';
import { serverMachine, type ServerInput } from '../../machines/server.js';
import type { CallRequest } from '../../machines/monitor.js';
import { errnoCode, errnoText } from '../fatal.js';
import { PollLoop } from './poll-loop.js';
import { callIdFor, type Tracer } from '../trace.js';
import { CallTable } from './call-table.js';
import { createExecutors } from './executors.js';
import { monitorEffects } from './monitor-effects.js';

export interface ServeOptions extends ServerInput {
  /** keep one executor forked ahead of time */
  spare: boolean;
  listenFd: number;
  watcherErrorFd: number;
  /** descriptors that must survive in the server but not in an executor */
  privateFds: number[];
  /** the first call's connection (the client's socketpair) */
  initialCallFd: number;
  /** where the first call's errors go (the first caller's stderr) */
  initialErrorFd: number;
  log: Logger;
  startTimeNs: bigint;
  reloadFiles: () => string[];
  /**
   * The set-up that makes later calls fast (warm-up, a full collection) but
   * that the first caller need not wait for: done once the first call has
   * reported, then the zygote is forked from the settled heap.
   */
  settle: () => void;
  /** from accept to a complete request, at most (the monitor's bound) */
  requestTimeoutMs: number;
  /** tracers for the server and its monitors, when PREFORK_INTERP_TRACE is set */
  trace: { server: Tracer; monitor: Tracer } | null;
}

/** What serve() returns in a forked child; in the server it never returns. */
export type BecameExecutor =
  /** forked for this call */
  | { kind: 'call'; request: CallRequest; closeFds: number[]; callId: string }
  /** forked once, after the first call: fork spares on request (native zygoteServe) */
  | { kind: 'zygote'; ctl: number; closeFds: number[] };

export function serve(opts: ServeOptions): BecameExecutor {
  const loop = new PollLoop();
  const { log } = opts;
  const serverPid = native.getpid();
  // A child forked here (a call, the zygote) leaves the loop at once: every
  // fork happens at the top of the loop's turn (PollLoop.soon), so none of
  // the server's bookkeeping runs on in it.
  const startedMs = Date.now();
  /** calls ended, for --list */
  let served = 0;
  let escape: BecameExecutor | null = null;
  let initialErrorOpen = true;
  const table = new CallTable();

  /** Every descriptor of the server's that a new child must close (it keeps `keep`). */
  const serverFds = (keep: number[] = []) => {
    const k = new Set(keep);
    const all = [
      ...opts.privateFds,
      ...table.descriptors(),
      ...executors.descriptors(),
      ...(initialErrorOpen ? [opts.initialErrorFd] : []),
    ];
    return [...new Set(all)].filter((fd) => !k.has(fd));
  };
  const executors = createExecutors({
    loop,
    log,
    table,
    spare: opts.spare,
    serverFds,
    becomeChild: (became) => {
      escape = became;
      loop.stop();
    },
    isChild: () => escape !== null,
  });
  // One provided machine for every call (provide() builds a new machine each time).
  const monitorLogic = monitorEffects({
    loop,
    table,
    executors,
    server: () => server,
    // the offer of signal relaying, and who we are and how we are doing (for --list)
    greeting: () =>
      encodeGreeting([
        OFFER_SIGNALS,
        ...figureLines({ server: serverPid, started: startedMs, served, underWay: table.size - 1, rss: process.memoryUsage.rss() }),
      ]),
  });

  let stopWatchingListener = () => {};
  const server = createActor(
    serverMachine.provide({
      actions: {
        startMonitor: (_, { fd }) => startMonitor(fd, false),
        grantSlot: (_, { fd }) => table.get(fd)?.monitor?.send({ type: 'SLOT_GRANTED' }),
        refuseConnection: (_, { fd, peerUid }) => {
          closeQuietly(fd);
          log.warn({ peerUid }, 'refused a connection from another user');
        },
        logAcceptFailure: (_, { message }) => log.warn({ message }, 'accept failed'),
        watchListener: ({ self }) => {
          stopWatchingListener = loop.watch(opts.listenFd, () => self.send({ type: 'LISTEN_READABLE' }));
        },
        stopWatchingListener: () => {
          stopWatchingListener();
          stopWatchingListener = () => {};
        },
        checkReload: ({ self }) => {
          const files = opts.reloadFiles();
          const mtimes = native.mtimes(files);
          // a file gone has nothing newer to load
          const i = mtimes.findIndex((t) => t !== null && t > opts.startTimeNs);
          self.send(i < 0 ? { type: 'UP_TO_DATE' } : { type: 'RELOAD_NEEDED', path: files[i] });
        },
        accept: ({ self }) => {
          try {
            const fd = native.accept(opts.listenFd);
            let peerUid = -1;
            try {
              peerUid = native.peerUid(fd);
            } catch {
              // not known: refused
            }
            self.send({ type: 'CONNECTION_ACCEPTED', fd, peerUid });
          } catch (e) {
            const code = errnoCode(e);
            if (code === 'EAGAIN' || code === 'ECONNABORTED') self.send({ type: 'NOTHING_TO_ACCEPT' });
            else self.send({ type: 'ACCEPT_FAILED', message: errnoText(e) });
          }
        },
        stopListening: () => {
          // /dev/null in its place, not close(): the number stays taken, so no later
          // descriptor gets it (and is closed in children as if it were the listener).
          try {
            devNullOnto([opts.listenFd], 'r');
          } catch (e) {
            log.warn({ error: errnoText(e) }, 'could not close the listener');
          }
          log.info({ calls: table.size }, 'letting the calls under way finish before quitting');
        },
      },
      actors: {
        watchWatcher: step((_i, send) =>
          loop.watch(opts.watcherErrorFd, () => {
            const b = Buffer.alloc(2048);
            let n: number;
            try {
              n = fs.readSync(opts.watcherErrorFd, b, 0, b.length, null);
            } catch (e) {
              if (errnoCode(e) === 'EAGAIN') return;
              send({ type: 'WATCHER_MESSAGE', message: `watcher stderr read: ${errnoText(e)}` });
              return;
            }
            if (n === 0) send({ type: 'WATCHER_EOF' });
            else send({ type: 'WATCHER_MESSAGE', message: b.subarray(0, n).toString().trimEnd() });
          }),
        ),
      },
    }),
    { input: opts, clock: loop.clock, ...(opts.trace ? { inspect: opts.trace.server.inspector('server') } : {}) },
  );

  /**
   * The first call ran in a child forked here: its caller's stderr goes, and
   * the server settles and forks its zygote now (not when it is leaving).
   */
  function firstCallEnded(): void {
    if (initialErrorOpen) {
      closeQuietly(opts.initialErrorFd);
      initialErrorOpen = false;
    }
    if (!server.getSnapshot().matches('serving')) return;
    opts.settle();
    executors.startZygote();
  }

  function startMonitor(fd: number, initial: boolean): void {
    native.setNonblock(fd, true);
    let callId = '';
    if (opts.trace) {
      try {
        callId = callIdFor(native.peerPid(fd));
      } catch {
        callId = `fd${fd}`;
      }
    }
    const entry = table.add(fd, callId);
    const m = createActor(monitorLogic, {
      input: { callFd: fd, requestTimeoutMs: opts.requestTimeoutMs },
      clock: loop.clock,
      ...(opts.trace ? { inspect: opts.trace.monitor.inspector('monitor', () => callId) } : {}),
    });
    entry.monitor = m;
    const ended = () => server.send({ type: 'CALL_ENDED', fd, held: m.getSnapshot().context.slot });
    // (an observer's exception goes to a timer the server's loop never runs:
    // whatever happens here, the call and its slot are released)
    m.subscribe({
      complete: () => {
        try {
          reported();
        } catch (e) {
          log.error({ err: e }, 'reporting a call failed');
        } finally {
          ended();
        }
      },
      error: (e) => {
        // Our own bug: still release the call and its slot, or the server could never drain.
        try {
          log.error({ err: e }, 'monitor failed');
          table.release(fd);
          if (initial) firstCallEnded();
        } finally {
          ended();
        }
      },
    });
    m.start();

    /** what a call that ended leaves: its report, the first call's end, the next spare */
    function reported(): void {
      const out = m.getSnapshot().output!;
      served++;
      if (out.kind === 'rejected') {
        log.error({ error: out.error }, 'call rejected');
        if (initial) {
          try {
            fs.writeSync(opts.initialErrorFd, `prefork-interp (node): call rejected: ${out.error}\n`);
          } catch {
            // first caller gone
          }
        }
      } else if (out.kind === 'abandoned') log.info({ reason: out.reason }, 'call abandoned');
      else log.debug({ status: out.status }, 'call done');
      if (initial) firstCallEnded();
      // The next spare is forked once this call has reported, not while it
      // runs: a fork then competes with the call for the CPU (measured:
      // -1 ms a call on two cores). Calls that find no spare ask at once.
      executors.askForSpare();
    }
  }

  server.subscribe({
    complete: () => {
      loop.stop();
      const out = server.getSnapshot().output!;
      if (out.error) log.error({ reason: out.reason }, 'server quitting');
      else log.info({ reason: out.reason }, 'server quitting');
    },
    error: (e) => {
      loop.stop();
      log.error({ err: e }, 'server machine failed');
    },
  });
  executors.begin();
  server.start();
  server.send({ type: 'INITIAL_CALL' });
  startMonitor(opts.initialCallFd, true);

  loop.run();
  if (escape) return escape;
  native.exitNow(0);
}
