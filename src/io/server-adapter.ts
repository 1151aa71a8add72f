// Runs the server and its monitors on the poll loop: supplies their effects
// (accept, reads and writes on call sockets, fork of executors, reload
// checks) and turns readiness into machine events.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { createActor, type AnyActorRef, type AnyEventObject } from 'xstate';
import { native } from '../native/index.js';
import { closeQuietly, readExactly, writeAll } from './blocking-fd.js';
import { step } from './step.js';
import { decodeRelay, encodeGreeting, encodeStatus, figureLines, OFFER_SIGNALS } from '../core/wire.js';
import { serverMachine, type ServerInput } from '../machines/server.js';
import { monitorMachine, type CallRequest, type MonitorEvent } from '../machines/monitor.js';
import { errnoCode, errnoText } from './fatal.js';
import { PollLoop } from './poll-loop.js';
import { handOver } from './spare.js';
import { callIdFor, type Tracer } from './trace.js';

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
  /** from accept to a complete request, at most (the monitor's bound) */
  requestTimeoutMs: number;
  /** tracers for the server and its monitors, when PREFORK_INTERP_TRACE is set */
  trace: { server: Tracer; monitor: Tracer } | null;
}

/**
 * Reported for a call whose zygote reaped it and died before saying how it
 * ended (the one case the server, as subreaper, cannot reap it itself): exit 127.
 */
const ZYGOTE_LOST_STATUS = 127 << 8;

interface WaitingCall {
  callFd: number;
  request: CallRequest;
  send: (e: AnyEventObject) => void;
}

/** What serve() returns in a forked child; in the server it never returns. */
export type BecameExecutor =
  /** forked for this call */
  | { kind: 'call'; request: CallRequest; closeFds: number[]; callId: string }
  /** forked once, before the first call: fork spares on request (native zygoteServe) */
  | { kind: 'zygote'; ctl: number; closeFds: number[] };

/** A failed read on a call socket: not yet (EAGAIN), the caller gone (reset), or an error. */
function readFailed(e: unknown, unwatch: () => void, send: (e: AnyEventObject) => void): void {
  const code = errnoCode(e);
  if (code === 'EAGAIN' || code === 'EINTR') return;
  unwatch();
  if (code === 'ECONNRESET') send({ type: 'PEER_CLOSED' });
  else send({ type: 'READ_FAILED', message: errnoText(e) });
}

/** Reads exactly `length` bytes as they arrive, never more: fds ride on the bytes after. */
function readBytes(loop: PollLoop, fd: number, length: number, send: (e: AnyEventObject) => void) {
  const buf = Buffer.alloc(length);
  let got = 0;
  if (length === 0) {
    send({ type: 'BYTES_READ', data: buf });
    return () => {};
  }
  return loop.watchEager(fd, (_r, unwatch) => {
    let n: number;
    try {
      n = fs.readSync(fd, buf, got, length - got, null);
    } catch (e) {
      readFailed(e, unwatch, send);
      return;
    }
    if (n === 0) {
      unwatch();
      send({ type: 'PEER_CLOSED' });
      return;
    }
    got += n;
    if (got === length) {
      unwatch();
      send({ type: 'BYTES_READ', data: buf });
    }
  });
}

export function serve(opts: ServeOptions): BecameExecutor {
  const loop = new PollLoop();
  const { log } = opts;
  const serverPid = native.getpid();
  const startedMs = Date.now();
  /** calls ended, for --list */
  let served = 0;
  let escape: BecameExecutor | null = null;
  /**
   * Each call's connection, with its trace id and the callers' descriptors it
   * brought, until they are given to the executor or closed.
   */
  const calls = new Map<number, { id: string; fds: Set<number>; stopWaiting: (() => void) | null; monitor?: AnyActorRef }>();
  let initialErrorOpen = true;
  let spare: { pid: number; ctl: number } | null = null;
  let zygote: { pid: number; ctl: number; unwatch: () => void } | null = null;
  /** a spare has been asked of the zygote and not yet given */
  let spareAsked = false;
  /** executors forked by the zygote: the zygote reports their ends, by pid (or we reap them, once it has died) */
  const zygoteChildren = new Set<number>();
  /** executors whose end a call waits for, by pid: the zygote's or our own */
  const onChildExit = new Map<number, (status: number) => void>();
  // Subreaper: if the zygote dies, its children become ours, and we reap them
  // with their real status. Orphans of the calls come to us too: the reaper
  // takes every child, and SIGCHLD on a pipe wakes the loop for it.
  let subreaper = true;
  try {
    native.becomeSubreaper();
  } catch (e) {
    subreaper = false;
    log.warn({ error: errnoText(e) }, 'cannot be a subreaper: no zygote, calls will be forked one by one');
  }
  const sigchld = native.sigchldPipe();
  const callsWaitingForSpare: WaitingCall[] = [];

  /** Every descriptor of the server's that a new child must close (it keeps `keep`). */
  const serverFds = (keep: number[] = []) => {
    const k = new Set(keep);
    const all = [
      ...opts.privateFds,
      ...[...calls].flatMap(([fd, call]) => [fd, ...call.fds]),
      sigchld,
      ...(initialErrorOpen ? [opts.initialErrorFd] : []),
      ...(spare ? [spare.ctl] : []),
      ...(zygote ? [zygote.ctl] : []),
    ];
    return [...new Set(all)].filter((fd) => !k.has(fd));
  };

  // Spares come from the zygote, forked once here before any call: it never
  // runs JavaScript again, so every executor starts from the same quiet image
  // of the initialised script, and this process never forks while it serves.
  function forkZygote(): void {
    let pair: [number, number];
    let pid: number;
    try {
      pair = native.socketpair();
      pid = native.fork();
    } catch (e) {
      log.warn({ error: errnoText(e) }, 'could not fork the zygote; calls will be forked one by one');
      return;
    }
    if (pid === 0) {
      // The first call's connection is not among the calls yet.
      escape = { kind: 'zygote', ctl: pair[1], closeFds: [...serverFds([pair[1]]), pair[0], opts.initialCallFd] };
      loop.stop();
      return;
    }
    closeQuietly(pair[1]);
    zygote = { pid, ctl: pair[0], unwatch: loop.watch(pair[0], () => readZygote()) };
  }

  function askForSpare(): void {
    if (!opts.spare || !zygote || spare || spareAsked || escape) return;
    try {
      writeAll(zygote.ctl, Buffer.from('F'));
      spareAsked = true;
    } catch (e) {
      zygoteGone(`write: ${errnoText(e)}`);
    }
  }

  /** One message from the zygote: a spare, a failed fork, or the end of one of its children. */
  function readZygote(): void {
    const z = zygote!;
    let m;
    try {
      m = native.recvFd(z.ctl);
    } catch (e) {
      zygoteGone(`read: ${errnoText(e)}`);
      return;
    }
    if (m === null) {
      zygoteGone('end of file');
      return;
    }
    const rest = readExactly(z.ctl, m.byte === 0x58 /* X */ ? 8 : 4);
    if (rest.kind !== 'data') {
      for (const fd of m.fds) closeQuietly(fd);
      zygoteGone('message cut short');
      return;
    }
    const pid = rest.data.readUInt32BE(0);
    if (m.byte === 0x58 /* X */) {
      childEnded(pid, rest.data.readUInt32BE(4));
    } else if (m.byte === 0x53 /* S */ && m.fds.length !== 1) {
      // the descriptor did not come (at our limit of open files): that spare sees end of file and ends
      for (const fd of m.fds) closeQuietly(fd);
      spareAsked = false;
      log.warn({ pid }, 'a spare came without its socket');
      forkForWaitingCall();
    } else if (m.byte === 0x53 /* S */) {
      spareAsked = false;
      zygoteChildren.add(pid);
      spare = { pid, ctl: m.fds[0] };
      serveWaitingCalls();
    } else if (m.byte === 0x45 /* E */) {
      spareAsked = false;
      log.warn({ error: native.strerror(pid) }, 'the zygote could not fork a spare');
      forkForWaitingCall();
    } else {
      for (const fd of m.fds) closeQuietly(fd);
      zygoteGone(`unexpected message ${m.byte}`);
    }
  }

  /**
   * The zygote gave no spare: the call that waited longest is forked here
   * rather than wait for a fork that fails, and the zygote is asked again
   * for the others (each answer serves one more call, so none waits for ever).
   */
  function forkForWaitingCall(): void {
    const first = callsWaitingForSpare.shift();
    if (first) startExecutor(first);
    serveWaitingCalls();
  }

  /** An executor has ended: whoever waits for it is told. */
  function childEnded(pid: number, status: number): void {
    zygoteChildren.delete(pid);
    if (spare?.pid === pid) {
      log.warn({ pid, status }, 'spare executor ended unused');
      closeQuietly(spare.ctl);
      spare = null;
      serveWaitingCalls();
    }
    const told = onChildExit.get(pid);
    onChildExit.delete(pid);
    told?.(status);
  }

  /** Every child that has ended: executors (ours, or the zygote's once it has died), the zygote, orphans. */
  function reapChildren(): void {
    for (;;) {
      let r;
      try {
        r = native.waitpid(-1, true);
      } catch {
        return; // no children at all
      }
      if (!r) return;
      if (r.pid === zygote?.pid) zygoteGone(`ended with wait status ${r.status}`, true);
      else if (zygoteChildren.has(r.pid) || onChildExit.has(r.pid)) childEnded(r.pid, r.status);
      else log.debug({ pid: r.pid, status: r.status }, 'reaped an orphan of a call');
    }
  }

  function zygoteGone(why: string, reaped = false): void {
    const z = zygote;
    if (!z) return;
    zygote = null;
    spareAsked = false;
    log.error({ why, pid: z.pid }, 'zygote gone; calls will be forked one by one');
    z.unwatch();
    closeQuietly(z.ctl);
    if (!reaped) {
      try {
        native.kill(z.pid, 9);
        native.waitpid(z.pid, false);
      } catch {
        // gone and reaped already
      }
    }
    // An unused spare of it would run a call whose end nobody reports: let it go.
    if (spare) {
      closeQuietly(spare.ctl);
      spare = null;
    }
    // Once the zygote is reaped its children are ours (we are their
    // subreaper): those that have ended are reaped now, the others at their
    // SIGCHLD. One it reaped itself and died before reporting is not ours.
    for (const pid of zygoteChildren) {
      try {
        const r = native.waitpid(pid, true);
        if (r) childEnded(pid, r.status);
      } catch {
        if (onChildExit.has(pid)) log.error({ pid }, 'a call ended as its zygote died: its status is lost, reported as 127');
        childEnded(pid, ZYGOTE_LOST_STATUS);
      }
    }
    serveWaitingCalls();
  }

  /** Gives the call to the spare if there is one; its pid, or null. */
  function useSpare(request: CallRequest, callFd: number): number | null {
    if (!spare) return null;
    const s = spare;
    spare = null;
    try {
      handOver(s.ctl, request, calls.get(callFd)?.id ?? '');
    } catch (e) {
      log.warn({ error: errnoText(e), pid: s.pid }, 'spare executor did not take the call; the server forks one');
      closeQuietly(s.ctl);
      try {
        native.kill(s.pid, 9); // its reaper reports it
      } catch {
        // already gone
      }
      return null;
    }
    closeQuietly(s.ctl);
    return s.pid;
  }

  /** Closes what a call held here: its callers' descriptors and its connection. */
  function releaseCall(callFd: number, fds: number[] = []): void {
    for (const fd of new Set([...fds, ...(calls.get(callFd)?.fds ?? [])])) closeQuietly(fd);
    closeQuietly(callFd);
    calls.delete(callFd);
  }

  /** Runs the call in the spare if there is one, else in a child forked here. */
  function startExecutor({ callFd, request, send }: WaitingCall): void {
    let pid = useSpare(request, callFd);
    if (pid === null) {
      try {
        pid = native.fork();
      } catch (e) {
        send({ type: 'EXECUTOR_FAILED', message: errnoText(e) });
        return;
      }
      if (pid === 0) {
        // Only descriptors still open in the server: a closed number may now be one of the caller's.
        escape = { kind: 'call', request, callId: calls.get(callFd)?.id ?? '', closeFds: serverFds(request.fds) };
        loop.stop();
        return;
      }
      try {
        native.setpgid(pid, pid); // also done in the child: whichever runs first
      } catch {
        // the child did it already, or has exec'd/exited
      }
    }
    for (const fd of new Set(request.fds)) {
      closeQuietly(fd);
      calls.get(callFd)?.fds.delete(fd);
    }
    send({ type: 'EXECUTOR_STARTED', pid });
  }

  /** Calls that wait for the zygote's next spare, or for the server to fork if it has none. */
  function serveWaitingCalls(): void {
    while (callsWaitingForSpare.length > 0 && (spare || !zygote) && !escape) startExecutor(callsWaitingForSpare.shift()!);
    if (callsWaitingForSpare.length > 0) askForSpare();
  }

  /** What a monitor's state now waits for, to be stopped when the state is left. */
  const waitFor = (callFd: number, stop: (() => void) | void) => {
    const call = calls.get(callFd);
    if (call) call.stopWaiting = stop ?? null;
    else stop?.(); // released already
  };

  // One provided machine for every call (provide() builds a new machine each time).
  // The effects report to the monitor with self.send: while it is taking a
  // transition XState queues the event, so a result that is there at once
  // (the usual case: a caller sends its whole request together) comes next.
  const monitorLogic = monitorMachine.provide({
    actions: {
      releaseCall: (_, { callFd, fds }) => releaseCall(callFd, fds),
      requestSlot: (_, { callFd }) => server.send({ type: 'SLOT_WANTED', fd: callFd }),
      interruptCall: (_, { pid }) => {
        try {
          native.kill(-pid, 2);
        } catch {
          // the group has already gone
        }
      },
      signalCall: (_, { pid, signal }) => {
        try {
          native.kill(-pid, signal);
        } catch {
          // the group has already gone
        }
      },
      stopWaiting: (_, { callFd }) => {
        const call = calls.get(callFd);
        const stop = call?.stopWaiting;
        if (call) call.stopWaiting = null;
        stop?.();
      },
      sendGreeting: ({ self }, { fd }) => {
        try {
          // the offer of signal relaying, and who we are and how we are doing (for --list)
          const figures = { server: serverPid, started: startedMs, served, underWay: calls.size - 1, rss: process.memoryUsage.rss() };
          writeAll(fd, encodeGreeting([OFFER_SIGNALS, ...figureLines(figures)]));
          self.send({ type: 'GREETING_SENT' });
        } catch (e) {
          self.send({ type: 'WRITE_FAILED', message: errnoText(e) });
        }
      },
      readBytes: ({ self }, { fd, length }) => waitFor(fd, readBytes(loop, fd, length, (e) => self.send(e as MonitorEvent))),
      receiveFd: ({ self }, { fd }) =>
        waitFor(
          fd,
          loop.watchEager(fd, (_r, unwatch) => {
            let r;
            try {
              r = native.recvFd(fd);
            } catch (e) {
              readFailed(e, unwatch, (ev) => self.send(ev as MonitorEvent));
              return;
            }
            unwatch();
            if (r === null) {
              self.send({ type: 'PEER_CLOSED' });
              return;
            }
            for (const f of r.fds) calls.get(fd)?.fds.add(f);
            self.send({ type: 'FD_RECEIVED', byte: r.byte, fds: r.fds });
          }),
        ),
      runExecutor: ({ self }, { callFd, request }) => {
        const waiting: WaitingCall = { callFd, request, send: (e) => self.send(e as MonitorEvent) };
        // With a zygote every call runs in one of its spares: the next one if none is ready.
        if (!spare && zygote) {
          callsWaitingForSpare.push(waiting);
          askForSpare();
          waitFor(callFd, () => {
            const i = callsWaitingForSpare.indexOf(waiting);
            if (i >= 0) callsWaitingForSpare.splice(i, 1);
          });
          return;
        }
        startExecutor(waiting);
      },
      watchCall: ({ self }, { callFd, pid, watchCaller }) => {
        // the zygote reports its end, or (ours, or the zygote's once it has died) the reaper does
        const exited = (status: number) => {
          stop();
          self.send({ type: 'EXECUTOR_EXITED', status });
        };
        onChildExit.set(pid, exited);
        const unwatchPid = () => {
          if (onChildExit.get(pid) === exited) onChildExit.delete(pid);
        };
        let unwatchCall = () => {};
        if (watchCaller) {
          // After its request the caller sends only relay messages; end of file means it has gone.
          let pending: Buffer = Buffer.alloc(0);
          unwatchCall = loop.watch(callFd, () => {
            const b = Buffer.alloc(64);
            let n = 0;
            try {
              n = fs.readSync(callFd, b, 0, b.length, null);
            } catch (e) {
              if (errnoCode(e) === 'EAGAIN') return;
            }
            if (n > 0) {
              const relay = decodeRelay(Buffer.concat([pending, b.subarray(0, n)]));
              pending = relay.rest;
              for (const signal of relay.signals) self.send({ type: 'SIGNAL_RELAYED', signal });
              return; // (garbage is dropped)
            }
            unwatchCall();
            self.send({ type: 'CALLER_GONE' });
          });
        }
        const stop = () => {
          unwatchPid();
          unwatchCall();
        };
        waitFor(callFd, stop);
      },
      sendStatus: ({ self }, { fd, status }) => {
        try {
          writeAll(fd, encodeStatus(status));
          self.send({ type: 'STATUS_SENT' });
        } catch (e) {
          self.send({ type: 'WRITE_FAILED', message: errnoText(e) });
        }
      },
    },
  });

  let stopWatchingListener = () => {};
  const server = createActor(
    serverMachine.provide({
      actions: {
        startMonitor: (_, { fd }) => startMonitor(fd, false),
        grantSlot: (_, { fd }) => calls.get(fd)?.monitor?.send({ type: 'SLOT_GRANTED' }),
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
            const nul = fs.openSync('/dev/null', 'r');
            native.dup2(nul, opts.listenFd);
            fs.closeSync(nul);
          } catch (e) {
            log.warn({ error: errnoText(e) }, 'could not close the listener');
          }
          log.info({ calls: calls.size }, 'letting the calls under way finish before quitting');
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
    calls.set(fd, { id: callId, fds: new Set(), stopWaiting: null });
    const m = createActor(monitorLogic, {
      input: { callFd: fd, requestTimeoutMs: opts.requestTimeoutMs },
      clock: loop.clock,
      ...(opts.trace ? { inspect: opts.trace.monitor.inspector('monitor', () => callId) } : {}),
    });
    calls.get(fd)!.monitor = m;
    const ended = () => server.send({ type: 'CALL_ENDED', fd, held: m.getSnapshot().context.slot });
    m.subscribe({
      complete: () => {
        if (escape) return; // we are the executor: this bookkeeping belongs to the server
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
        if (initial && initialErrorOpen) {
          closeQuietly(opts.initialErrorFd);
          initialErrorOpen = false;
        }
        // The next spare is forked once this call has reported, not while it
        // runs: a fork then competes with the call for the CPU (measured:
        // -1 ms a call on two cores). Calls that find no spare ask at once.
        askForSpare();
        ended();
      },
      error: (e) => {
        // Our own bug: still release the call and its slot, or the server could never drain.
        log.error({ err: e }, 'monitor failed');
        if (escape) return;
        releaseCall(fd);
        ended();
      },
    });
    m.start();
  }

  server.subscribe({
    complete: () => {
      if (escape) return;
      const out = server.getSnapshot().output!;
      if (out.error) log.error({ reason: out.reason }, 'server quitting');
      else log.info({ reason: out.reason }, 'server quitting');
      loop.stop();
    },
    error: (e) => {
      log.error({ err: e }, 'server machine failed');
      loop.stop();
    },
  });
  loop.watch(sigchld, () => {
    const b = Buffer.alloc(64);
    try {
      while (fs.readSync(sigchld, b, 0, b.length, null) === b.length);
    } catch {
      // EAGAIN: drained
    }
    reapChildren();
  });
  reapChildren();
  if (opts.spare && subreaper) forkZygote();
  if (escape) return escape;
  askForSpare();
  server.start();
  server.send({ type: 'INITIAL_CALL' });
  startMonitor(opts.initialCallFd, true);

  loop.run();
  if (escape) return escape;
  native.exitNow(0);
}

