// The server's link to its executors: the zygote and its spares, calls
// forked here when there is no zygote, and the reaping of every child (as
// subreaper, a dead zygote's children and the orphans of calls come to us).
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { AnyEventObject } from 'xstate';
import { native, POLLIN } from '../../native/index.js';
import type { CallRequest } from '../../machines/monitor.js';
import { closeQuietly, readExactly, writeAll } from '../blocking-fd.js';
import { errnoText } from '../fatal.js';
import type { PollLoop } from './poll-loop.js';
import { handOver } from '../spare.js';
import type { BecameExecutor } from './server-adapter.js';
import type { CallTable } from './call-table.js';

/**
 * Reported for a call whose zygote reaped it and died before saying how it
 * ended (the one case the server, as subreaper, cannot reap it itself): exit 127.
 */
const ZYGOTE_LOST_STATUS = 127 << 8;

export interface WaitingCall {
  callFd: number;
  request: CallRequest;
  send: (e: AnyEventObject) => void;
}

export interface ExecutorsDeps {
  loop: PollLoop;
  log: Logger;
  table: CallTable;
  /** keep one executor forked ahead of time (a zygote) */
  spare: boolean;
  /** every descriptor of the server's that a new child must close (but keep) */
  serverFds: (keep?: number[]) => number[];
  /** this process is now a forked child: serve() returns this */
  becomeChild: (became: BecameExecutor) => void;
  isChild: () => boolean;
}

export type Executors = ReturnType<typeof createExecutors>;

export function createExecutors(d: ExecutorsDeps) {
  const { loop, log, table } = d;
  let spare: { pid: number; ctl: number } | null = null;
  let zygote: {
    pid: number;
    ctl: number;
    unwatch: () => void;
    /**
     * it has given a spare: until then (it rehearses the spare's path first,
     * ~15 ms) a call is forked here rather than wait for it
     */
    ready: boolean;
    /** a spare has been asked of it and not yet given */
    asked: boolean;
  } | null = null;
  /** calls whose executor is forked here at the loop's next turn (PollLoop.soon) */
  const forkingSoon = new Set<WaitingCall>();
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

  // Spares come from the zygote, forked once here after the first call (which
  // runs in a child forked here: the first caller does not wait for the
  // server to settle): it never runs JavaScript again, so every executor
  // starts from the same quiet image of the initialised script.
  function forkZygote(): void {
    let pair: [number, number];
    try {
      pair = native.socketpair();
    } catch (e) {
      log.warn({ error: errnoText(e) }, 'could not fork the zygote; calls will be forked one by one');
      return;
    }
    let pid: number;
    try {
      pid = native.fork();
    } catch (e) {
      for (const fd of pair) closeQuietly(fd);
      log.warn({ error: errnoText(e) }, 'could not fork the zygote; calls will be forked one by one');
      return;
    }
    if (pid === 0) {
      d.becomeChild({ kind: 'zygote', ctl: pair[1], closeFds: [...d.serverFds([pair[1]]), pair[0]] });
      return;
    }
    closeQuietly(pair[1]);
    const readOrGone = () => {
      const why = readZygote();
      if (why !== null) zygoteGone(why);
    };
    zygote = { pid, ctl: pair[0], unwatch: loop.watch(pair[0], readOrGone), ready: false, asked: false };
  }

  function askForSpare(): void {
    if (!d.spare || !zygote || spare || zygote.asked) return;
    try {
      writeAll(zygote.ctl, Buffer.from('F'));
      zygote.asked = true;
    } catch (e) {
      zygoteGone(`write: ${errnoText(e)}`);
    }
  }

  /**
   * One message from the zygote: a spare, a failed fork, or the end of one
   * of its children. What it returns: why the channel failed, or null.
   */
  function readZygote(): string | null {
    const z = zygote!;
    let m;
    try {
      m = native.recvFd(z.ctl);
    } catch (e) {
      return `read: ${errnoText(e)}`;
    }
    if (m === null) return 'end of file';
    const rest = readExactly(z.ctl, m.byte === 0x58 /* X */ ? 8 : 4);
    if (rest.kind !== 'data') {
      for (const fd of m.fds) closeQuietly(fd);
      return 'message cut short';
    }
    const pid = rest.data.readUInt32BE(0);
    if (m.byte === 0x58 /* X */) {
      childEnded(pid, rest.data.readUInt32BE(4));
    } else if (m.byte === 0x53 /* S */ && m.fds.length !== 1) {
      // the descriptor did not come (at our limit of open files): that spare sees end of file and ends
      for (const fd of m.fds) closeQuietly(fd);
      z.asked = false;
      log.warn({ pid }, 'a spare came without its socket');
      forkForWaitingCall();
    } else if (m.byte === 0x53 /* S */) {
      z.asked = false;
      z.ready = true;
      zygoteChildren.add(pid);
      spare = { pid, ctl: m.fds[0] };
      serveWaitingCalls();
    } else if (m.byte === 0x45 /* E */) {
      z.asked = false;
      log.warn({ error: native.strerror(pid) }, 'the zygote could not fork a spare');
      forkForWaitingCall();
    } else {
      for (const fd of m.fds) closeQuietly(fd);
      return `unexpected message ${m.byte}`;
    }
    return null;
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
      if (r.pid === zygote?.pid) {
        // What it sent before it died (the ends of its children, whose
        // statuses nobody else has now) is read before its socket goes.
        const z = zygote;
        while (zygote === z && native.poll([z.ctl], [POLLIN], 0)[0] !== 0) if (readZygote() !== null) break;
        zygoteGone(`ended with wait status ${r.status}`, true);
      }
      else if (zygoteChildren.has(r.pid) || onChildExit.has(r.pid)) childEnded(r.pid, r.status);
      else log.debug({ pid: r.pid, status: r.status }, 'reaped an orphan of a call');
    }
  }

  function zygoteGone(why: string, reaped = false): void {
    const z = zygote;
    if (!z) return;
    zygote = null;
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
      handOver(s.ctl, request, table.idOf(callFd));
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

  /** Runs the call in the spare if there is one, else in a child forked here at the loop's next turn. */
  function startExecutor(waiting: WaitingCall): void {
    const pid = useSpare(waiting.request, waiting.callFd);
    if (pid !== null) started(waiting, pid);
    else {
      forkingSoon.add(waiting);
      loop.soon(() => {
        if (forkingSoon.delete(waiting)) forkExecutor(waiting);
      });
    }
  }

  function forkExecutor(waiting: WaitingCall): void {
    const { callFd, request, send } = waiting;
    let pid: number;
    try {
      pid = native.fork();
    } catch (e) {
      send({ type: 'EXECUTOR_FAILED', message: errnoText(e) });
      return;
    }
    if (pid === 0) {
      // Only descriptors still open in the server: a closed number may now be one of the caller's.
      d.becomeChild({ kind: 'call', request, callId: table.idOf(callFd), closeFds: d.serverFds(request.fds) });
      return;
    }
    try {
      native.setpgid(pid, pid); // also done in the child: whichever runs first
    } catch {
      // the child did it already, or has exec'd/exited
    }
    started(waiting, pid);
  }

  /** The call's descriptors are the executor's now. */
  function started({ callFd, request, send }: WaitingCall, pid: number): void {
    for (const fd of new Set(request.fds)) {
      closeQuietly(fd);
      table.get(callFd)?.fds.delete(fd);
    }
    send({ type: 'EXECUTOR_STARTED', pid });
  }

  /** Calls that wait for the zygote's next spare, or for the server to fork if it has none. */
  function serveWaitingCalls(): void {
    while (callsWaitingForSpare.length > 0 && (spare || !zygote)) startExecutor(callsWaitingForSpare.shift()!);
    if (callsWaitingForSpare.length > 0) askForSpare();
  }

  /**
   * Runs the call in a spare; with a zygote (that has given one before) and
   * none ready, in the next one. Returns a cancel while it waits for a spare
   * or for its fork.
   */
  function run(waiting: WaitingCall): () => void {
    if (!spare && zygote?.ready) {
      callsWaitingForSpare.push(waiting);
      askForSpare();
    } else startExecutor(waiting);
    return () => {
      const i = callsWaitingForSpare.indexOf(waiting);
      if (i >= 0) callsWaitingForSpare.splice(i, 1);
      forkingSoon.delete(waiting);
    };
  }

  /** Tells `exited` the raw status when the executor `pid` ends; returns a cancel. */
  function watchEnd(pid: number, exited: (status: number) => void): () => void {
    onChildExit.set(pid, exited);
    return () => {
      if (onChildExit.get(pid) === exited) onChildExit.delete(pid);
    };
  }

  /** The descriptors this link holds (a new child closes them). */
  const descriptors = (): number[] => [sigchld, ...(spare ? [spare.ctl] : []), ...(zygote ? [zygote.ctl] : [])];

  /** Forks the zygote, at the loop's next turn, and asks it for a spare. */
  function startZygote(): void {
    if (!d.spare || !subreaper) return;
    loop.soon(() => {
      forkZygote();
      if (!d.isChild()) askForSpare();
    });
  }

  /** Starts reaping. */
  function begin(): void {
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
  }

  return { begin, startZygote, run, watchEnd, askForSpare, descriptors };
}
