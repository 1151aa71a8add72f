// The monitors' effects, for every call the server has: greeting, the
// reads of the signalling byte, descriptors and request, the executor's
// start and end, relayed signals, the status. Each reports to its monitor
// with events; the monitor machine decides.
import fs from 'node:fs';
import type { AnyActorRef, AnyEventObject } from 'xstate';
import { native } from '../../native/index.js';
import { decodeRelay, encodeStatus } from '../../core/wire.js';
import { monitorMachine, type MonitorEvent } from '../../machines/monitor.js';
import { writeAll } from '../blocking-fd.js';
import { errnoCode, errnoText } from '../fatal.js';
import type { PollLoop } from './poll-loop.js';
import type { CallTable } from './call-table.js';
import type { Executors } from './executors.js';

export interface MonitorEffectsDeps {
  loop: PollLoop;
  table: CallTable;
  executors: Executors;
  /** the server machine, told when a call wants a slot */
  server: () => AnyActorRef;
  /** what a monitor greets with now */
  greeting: () => Buffer;
}

/** A failed read on a call socket: not yet (EAGAIN), the caller gone (reset), or an error. */
function readFailed(e: unknown, unwatch: () => void, send: (e: AnyEventObject) => void): void {
  const code = errnoCode(e);
  if (code === 'EAGAIN' || code === 'EINTR') return;
  unwatch();
  if (code === 'ECONNRESET') send({ type: 'PEER_CLOSED' });
  else send({ type: 'READ_FAILED', message: errnoText(e) });
}

/** what a read starts with: the rest grows as the bytes come (a peer's length is only a claim) */
const FIRST_BUFFER = 64 * 1024;

/** Reads exactly `length` bytes as they arrive, never more: fds ride on the bytes after. */
function readBytes(loop: PollLoop, fd: number, length: number, send: (e: AnyEventObject) => void) {
  let buf = Buffer.alloc(Math.min(length, FIRST_BUFFER));
  let got = 0;
  if (length === 0) {
    send({ type: 'BYTES_READ', data: buf });
    return () => {};
  }
  return loop.watchEager(fd, (_r, unwatch) => {
    if (got === buf.length) {
      const bigger = Buffer.alloc(Math.min(length, buf.length * 2));
      buf.copy(bigger);
      buf = bigger;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buf, got, buf.length - got, null);
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

export function monitorEffects(d: MonitorEffectsDeps) {
  const { loop, table, executors } = d;
  // One provided machine for every call (provide() builds a new machine each time).
  // The effects report to the monitor with self.send: while it is taking a
  // transition XState queues the event, so a result that is there at once
  // (the usual case: a caller sends its whole request together) comes next.
  return monitorMachine.provide({
    actions: {
      releaseCall: (_, { callFd, fds }) => table.release(callFd, fds),
      requestSlot: (_, { callFd }) => d.server().send({ type: 'SLOT_WANTED', fd: callFd }),
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
      stopWaiting: (_, { callFd }) => table.stopWaiting(callFd),
      sendGreeting: ({ self }, { fd }) => {
        try {
          writeAll(fd, d.greeting());
          self.send({ type: 'GREETING_SENT' });
        } catch (e) {
          self.send({ type: 'WRITE_FAILED', message: errnoText(e) });
        }
      },
      readBytes: ({ self }, { fd, length }) => table.waitFor(fd, readBytes(loop, fd, length, (e) => self.send(e as MonitorEvent))),
      receiveFd: ({ self }, { fd }) =>
        table.waitFor(
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
            for (const f of r.fds) table.get(fd)?.fds.add(f);
            self.send({ type: 'FD_RECEIVED', byte: r.byte, fds: r.fds });
          }),
        ),
      // With a zygote every call runs in one of its spares: the next one if none is ready.
      runExecutor: ({ self }, { callFd, request }) =>
        table.waitFor(callFd, executors.run({ callFd, request, send: (e) => self.send(e as MonitorEvent) })),
      watchCall: ({ self }, { callFd, pid, watchCaller }) => {
        // the zygote reports its end, or (ours, or the zygote's once it has died) the reaper does
        const exited = (status: number) => {
          stop();
          self.send({ type: 'EXECUTOR_EXITED', status });
        };
        const unwatchPid = executors.watchEnd(pid, exited);
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
        table.waitFor(callFd, stop);
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
}
