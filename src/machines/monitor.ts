// One call, from the server's side: greet, take the signalling byte, the
// three descriptors and the request (all within requestTimeoutMs: a peer
// that connects and says nothing is closed), wait for a slot (calls running
// at once are bounded; connections still receiving hold none), start the
// executor, then wait for whichever comes first: the executor's end or the
// caller's going away.
// It reports the executor's real wait status (the reference's Perl monitor
// often reports SIGINT instead: it signals the call as soon as a pipe closes).
//
// Its effects are actions, not invoked actors: a state's entry starts what it
// waits for, its exit stops waiting, and the adapter sends what happened to
// the monitor as events.  An invoked actor per step doubled the JavaScript
// the server runs per call (measured with the same machine both ways).
import { assign, setup } from 'xstate';
import { MAX_MESSAGE_LENGTH, parseRequestBody, RELAYED_SIGNALS, SIGNALLING_BYTE } from '../core/wire.js';

export interface CallRequest {
  fds: [number, number, number];
  /** NAME=value entries; these and argv are byte strings (core/bytes.ts), as they came */
  env: string[];
  argv: string[];
}

export interface MonitorInput {
  /** the accepted connection */
  callFd: number;
  /** from accept to the whole request, at most */
  requestTimeoutMs: number;
}

export type MonitorOutcome =
  | { kind: 'reported'; status: number }
  | { kind: 'abandoned'; reason: string }
  | { kind: 'rejected'; error: string };

export interface MonitorContext extends MonitorInput {
  fds: number[];
  length: number;
  request: CallRequest | null;
  /** the server gave this call a slot (it must give it back) */
  slot: boolean;
  pid: number | null;
  status: number | null;
  outcome: MonitorOutcome | null;
}

export type MonitorEvent =
  | { type: 'GREETING_SENT' }
  | { type: 'WRITE_FAILED'; message: string }
  | { type: 'BYTES_READ'; data: Buffer }
  | { type: 'FD_RECEIVED'; byte: number; fds: number[] }
  | { type: 'PEER_CLOSED' }
  | { type: 'READ_FAILED'; message: string }
  | { type: 'SLOT_GRANTED' }
  | { type: 'EXECUTOR_STARTED'; pid: number }
  | { type: 'EXECUTOR_FAILED'; message: string }
  | { type: 'EXECUTOR_EXITED'; status: number }
  | { type: 'CALLER_GONE' }
  /** the caller relayed a signal (our client, when we offered it in the greeting) */
  | { type: 'SIGNAL_RELAYED'; signal: number }
  | { type: 'STATUS_SENT' };


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each use sees its own event
type Loose = { event: any; context: MonitorContext };

function addFds() {
  return assign<MonitorContext, MonitorEvent, undefined, MonitorEvent, never>({
    fds: ({ context, event }) => (event.type === 'FD_RECEIVED' ? [...context.fds, ...event.fds] : context.fds),
  });
}

function reject(error: (a: Loose) => string) {
  return assign<MonitorContext, MonitorEvent, undefined, MonitorEvent, never>({
    outcome: (a) => ({ kind: 'rejected', error: error(a) }),
  });
}

function abandon(reason: string) {
  return assign<MonitorContext, MonitorEvent, undefined, MonitorEvent, never>({
    outcome: { kind: 'abandoned', reason },
  });
}

export const monitorMachine = setup({
  types: {
    context: {} as MonitorContext,
    events: {} as MonitorEvent,
    input: {} as MonitorInput,
    output: {} as MonitorOutcome,
  },
  actions: {
    /** write the greeting: GREETING_SENT or WRITE_FAILED */
    sendGreeting: (_, _p: { fd: number }) => {},
    /** read exactly `length` bytes as they come: BYTES_READ, PEER_CLOSED or READ_FAILED */
    readBytes: (_, _p: { fd: number; length: number }) => {},
    /** one byte with its descriptors: FD_RECEIVED, PEER_CLOSED or READ_FAILED */
    receiveFd: (_, _p: { fd: number }) => {},
    /** ask the server for a slot: SLOT_GRANTED, at once or when a running call ends */
    requestSlot: (_, _p: { callFd: number }) => {},
    /** hand the request to an executor: EXECUTOR_STARTED or EXECUTOR_FAILED */
    runExecutor: (_, _p: { callFd: number; request: CallRequest }) => {},
    /** the executor's end (EXECUTOR_EXITED) and, if asked, the caller's going away (CALLER_GONE) */
    watchCall: (_, _p: { callFd: number; pid: number; watchCaller: boolean }) => {},
    /** stop waiting for what the state being left waited for: no event comes of it after this */
    stopWaiting: (_, _p: { callFd: number }) => {},
    /** write the status: STATUS_SENT or WRITE_FAILED */
    sendStatus: (_, _p: { fd: number; status: number }) => {},
    /** close the descriptors we hold for the call (received fds and the connection) */
    releaseCall: (_, _p: { callFd: number; fds: number[] }) => {},
    /** SIGINT to the call's process group: the caller is gone */
    interruptCall: (_, _p: { pid: number }) => {},
    /** a signal the caller relayed, to the call's process group */
    signalCall: (_, _p: { pid: number; signal: number }) => {},
  },
  guards: {
    signalOk: ({ event }) => event.type === 'BYTES_READ' && event.data.length === 1 && event.data[0] === SIGNALLING_BYTE,
    oneFd: ({ event }) => event.type === 'FD_RECEIVED' && event.fds.length === 1,
    /** one descriptor, and two came before it */
    thirdFd: ({ context, event }) => event.type === 'FD_RECEIVED' && event.fds.length === 1 && context.fds.length === 2,
    lengthOk: ({ event }) => event.type === 'BYTES_READ' && event.data.length === 4 && event.data.readUInt32BE(0) <= MAX_MESSAGE_LENGTH,
    hasRequest: ({ context }) => context.request !== null,
    /** only those a terminal, a supervisor or a user sends to a program (core/wire.ts) */
    relayable: ({ event }) => event.type === 'SIGNAL_RELAYED' && RELAYED_SIGNALS.includes(event.signal),
  },
  delays: {
    requestTimeout: ({ context }) => context.requestTimeoutMs,
  },
}).createMachine({
  id: 'monitor',
  context: ({ input }) => ({ ...input, fds: [], length: 0, request: null, slot: false, pid: null, status: null, outcome: null }),
  output: ({ context }) => context.outcome ?? { kind: 'rejected', error: 'monitor ended without an outcome' },
  initial: 'receiving',
  states: {
    // A caller sends its whole request at once: one that has not within the
    // bound is stuck or hostile, and must not hold a connection for ever.
    receiving: {
      after: {
        requestTimeout: {
          target: 'rejected',
          actions: reject(({ context }) => `request not complete within ${context.requestTimeoutMs / 1000} s`),
        },
      },
      initial: 'greeting',
      states: {
        greeting: {
          entry: { type: 'sendGreeting', params: ({ context }) => ({ fd: context.callFd }) },
          on: {
            GREETING_SENT: 'awaitingSignal',
            WRITE_FAILED: { target: '#monitor.abandoned', actions: abandon('caller went away before the greeting') },
          },
        },
        awaitingSignal: {
          entry: { type: 'readBytes', params: ({ context }) => ({ fd: context.callFd, length: 1 }) },
          exit: stopWaiting(),
          on: {
            BYTES_READ: [
              { guard: 'signalOk', target: 'awaitingFds' },
              {
                target: '#monitor.rejected',
                actions: reject(({ event }) => `signalling byte is 0x${(event.data[0] ?? 0).toString(16).padStart(2, '0')}, not zero`),
              },
            ],
            PEER_CLOSED: { target: '#monitor.abandoned', actions: abandon('caller went away before its request') },
            READ_FAILED: { target: '#monitor.rejected', actions: reject(({ event }) => `recv signalling byte: ${event.message}`) },
          },
        },
        awaitingFds: {
          entry: { type: 'receiveFd', params: ({ context }) => ({ fd: context.callFd }) },
          exit: stopWaiting(),
          on: {
            // One descriptor per message; the third leads on (no eventless step between: one fewer per fd).
            FD_RECEIVED: [
              { guard: 'thirdFd', target: 'awaitingLength', actions: addFds() },
              { guard: 'oneFd', target: 'awaitingFds', reenter: true, actions: addFds() },
              {
                target: '#monitor.rejected',
                actions: [
                  addFds(),
                  reject(({ event, context }) => `expected one descriptor with byte ${context.fds.length}, got ${event.fds.length}`),
                ],
              },
            ],
            PEER_CLOSED: { target: '#monitor.rejected', actions: reject(({ context }) => `caller sent ${context.fds.length} descriptors, not 3`) },
            READ_FAILED: { target: '#monitor.rejected', actions: reject(({ event }) => `recv fd: ${event.message}`) },
          },
        },
        awaitingLength: {
          entry: { type: 'readBytes', params: ({ context }) => ({ fd: context.callFd, length: 4 }) },
          exit: stopWaiting(),
          on: {
            BYTES_READ: [
              { guard: 'lengthOk', target: 'awaitingMessage', actions: assign({ length: ({ event }) => event.data.readUInt32BE(0) }) },
              {
                target: '#monitor.rejected',
                actions: reject(({ event }) =>
                  event.data.length === 4 ? `message length ${event.data.readUInt32BE(0)} is too large` : 'message length truncated',
                ),
              },
            ],
            PEER_CLOSED: { target: '#monitor.rejected', actions: reject(() => 'caller went away before the message length') },
            READ_FAILED: { target: '#monitor.rejected', actions: reject(({ event }) => `recv message length: ${event.message}`) },
          },
        },
        awaitingMessage: {
          entry: { type: 'readBytes', params: ({ context }) => ({ fd: context.callFd, length: context.length }) },
          exit: stopWaiting(),
          on: {
            // Parsed once (a message can be large): the request, or the reason it is refused.
            BYTES_READ: {
              target: 'checkingRequest',
              actions: assign(({ context, event }) => {
                const r = parseRequestBody(event.data);
                return r.ok
                  ? { request: { fds: context.fds as [number, number, number], env: r.env, argv: r.argv } }
                  : { outcome: { kind: 'rejected' as const, error: r.error } };
              }),
            },
            PEER_CLOSED: { target: '#monitor.rejected', actions: reject(({ context }) => `message truncated (expected ${context.length} bytes)`) },
            READ_FAILED: { target: '#monitor.rejected', actions: reject(({ event }) => `recv message: ${event.message}`) },
          },
        },
        checkingRequest: {
          always: [{ guard: 'hasRequest', target: '#monitor.awaitingSlot' }, { target: '#monitor.rejected' }],
        },
      },
    },
    awaitingSlot: {
      entry: { type: 'requestSlot', params: ({ context }) => ({ callFd: context.callFd }) },
      on: { SLOT_GRANTED: { target: 'running', actions: assign({ slot: true }) } },
    },
    // The executor runs the per-call code on the caller's descriptors.
    running: {
      initial: 'starting',
      states: {
        starting: {
          entry: { type: 'runExecutor', params: ({ context }) => ({ callFd: context.callFd, request: context.request! }) },
          exit: stopWaiting(),
          on: {
            // the executor has the caller's descriptors now; runExecutor closed our copies
            EXECUTOR_STARTED: { target: 'awaitingEnd', actions: assign({ pid: ({ event }) => event.pid, fds: [] }) },
            EXECUTOR_FAILED: { target: '#monitor.rejected', actions: reject(({ event }) => `fork executor: ${event.message}`) },
          },
        },
        awaitingEnd: {
          entry: { type: 'watchCall', params: ({ context }) => ({ callFd: context.callFd, pid: context.pid!, watchCaller: true }) },
          exit: stopWaiting(),
          on: {
            EXECUTOR_EXITED: { target: '#monitor.reporting', actions: assign({ status: ({ event }) => event.status }) },
            CALLER_GONE: {
              target: 'interrupted',
              actions: { type: 'interruptCall', params: ({ context }) => ({ pid: context.pid! }) },
            },
            SIGNAL_RELAYED: {
              guard: 'relayable',
              actions: { type: 'signalCall', params: ({ context, event }) => ({ pid: context.pid!, signal: event.signal }) },
            },
          },
        },
        // The caller is gone; the call has been sent SIGINT and we wait for it to end.
        interrupted: {
          entry: { type: 'watchCall', params: ({ context }) => ({ callFd: context.callFd, pid: context.pid!, watchCaller: false }) },
          exit: stopWaiting(),
          on: {
            EXECUTOR_EXITED: {
              target: '#monitor.abandoned',
              actions: [assign({ status: ({ event }) => event.status }), abandon('caller went away during the call')],
            },
          },
        },
      },
    },
    reporting: {
      entry: { type: 'sendStatus', params: ({ context }) => ({ fd: context.callFd, status: context.status! }) },
      on: {
        STATUS_SENT: {
          target: 'reported',
          actions: assign({ outcome: ({ context }) => ({ kind: 'reported', status: context.status! }) }),
        },
        WRITE_FAILED: { target: 'abandoned', actions: abandon('caller went away before the status') },
      },
    },
    reported: { type: 'final', entry: release() },
    abandoned: { type: 'final', entry: release() },
    rejected: { type: 'final', entry: release() },
  },
});

function stopWaiting() {
  return { type: 'stopWaiting' as const, params: ({ context }: { context: MonitorContext }) => ({ callFd: context.callFd }) };
}

function release() {
  return {
    type: 'releaseCall' as const,
    params: ({ context }: { context: MonitorContext }) => ({ callFd: context.callFd, fds: context.fds }),
  };
}
