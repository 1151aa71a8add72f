// The client: find or start a server, hand it our call, wait for the status.
//
// This follows the reference's control-flow chart (prefork-interp.c): try the
// socket; failing that, tidy the run directory, take the lock, try again, and
// only then start a server (listener, watcher, setup).  The machine holds
// descriptors as plain numbers; every system call is an actor or action that
// src/io/client/client-adapter.ts supplies as it builds the machine
// (clientMachineWith).
import { assign, setup } from 'xstate';
import { effect } from './effect.js';
import { GREETING_HEADER_LENGTH, OFFER_SIGNALS, parseGreetingHeader, parseGreetingOffers } from '../core/wire.js';

/** Ctrl-Z: relayed, then we stop ourselves */
const SIGTSTP = 20;
import type { Mode } from '../core/options.js';

export interface ClientInput {
  mode: Mode;
  socketPath: string;
  lockPath: string;
  /** the Node library's log files beside them, removed with them by --kill */
  logFiles: string[];
  runBase: string;
  /** ours: a server socket that another uid listens on is not used */
  uid: number;
}

/** How the client ends: the status it relays, or a failure of its own. */
export type ClientOutcome =
  | { kind: 'status'; what: 'invocation' | 'setup'; raw: number }
  | { kind: 'exit'; code: number }
  | { kind: 'fail'; message: string };

/** What the client learnt of the socket it bound (stat right after bind). */
export interface SocketIdentity {
  dev: string;
  ino: string;
  /** the socket's mtime as SECS.NSECS (9 digits): the server's start time for autoreload */
  mtime: string;
}

export interface ClientContext extends ClientInput {
  callFd: number | null;
  lockFd: number | null;
  listenFd: number | null;
  listening: SocketIdentity | null;
  /** our copies of the watcher's pipe ends, until the setup process has its own */
  watcherFds: { sentinelFd: number; errorFd: number } | null;
  greetingExtra: number;
  /** the server offered signal relaying in its greeting (our Node library) */
  relaySignals: boolean;
  /** the call went out with the connection (see CONNECTED) */
  requestSent: boolean;
  /** set by the final transition */
  outcome: ClientOutcome | null;
}

export type ClientEvent =
  /** a signal we relay arrived (only while awaiting the status from a server that offered it) */
  | { type: 'SIGNAL_CAUGHT'; signal: number }
  /**
   * peerUid: who listens there (SO_PEERCRED), -1 if that could not be known;
   * requestSent: our descriptors and the request went out with it already
   * (the compiled client sends them with the connection it makes before
   * XState is loaded, to a peer of our uid only)
   */
  | { type: 'CONNECTED'; fd: number; peerUid: number; requestSent?: boolean }
  | { type: 'NO_SERVER'; code: string }
  /** no socket to connect with (EMFILE...) */
  | { type: 'SOCKET_FAILED'; message: string }
  | { type: 'CONNECT_FAILED'; message: string }
  | { type: 'BYTES_READ'; data: Buffer }
  | { type: 'PEER_CLOSED'; got: number }
  | { type: 'READ_FAILED'; message: string }
  | { type: 'CLEANED' }
  | { type: 'CLEAN_FAILED'; message: string }
  | { type: 'LOCKED'; fd: number }
  | { type: 'LOCK_FAILED'; message: string }
  | { type: 'SERVER_REMOVED' }
  | { type: 'REMOVE_FAILED'; message: string }
  | { type: 'LISTENING'; fd: number; identity: SocketIdentity }
  | { type: 'LISTEN_FAILED'; message: string }
  | { type: 'WATCHER_STARTED'; sentinelFd: number; errorFd: number }
  | { type: 'WATCHER_FAILED'; message: string }
  | { type: 'SETUP_STARTED'; callFd: number; pid: number }
  | { type: 'SETUP_FAILED'; message: string }
  | { type: 'SETUP_EXITED'; status: number }
  | { type: 'FDS_SENT' }
  | { type: 'MESSAGE_SENT' }
  | { type: 'SEND_FAILED'; message: string }
  /** an effect threw where it should have reported (src/io/step.ts): in any state, the client fails with it */
  | { type: 'EFFECT_FAILED'; message: string };

type Ev<T extends ClientEvent['type']> = Extract<ClientEvent, { type: T }>;


const NO_GREETING = 'initial monitor process quit (maybe script didn\'t call preform_initialisation_complete?)';

/** The connection closed where the status should have come: the server, or its monitor, died during the call. */
export const LOST_STATUS =
  "the server went away during the call without sending its status (server or its monitor killed, or crashed); the call's status is lost, and the call itself may still be running";

/** The effects the machine names: placeholders that throw, until an adapter supplies its own. */
const placeholderActors = {
  connect: effect<{ path: string }>('client', 'connect'),
  readBytes: effect<{ fd: number; length: number }>('client', 'readBytes'),
  preclean: effect<{ runBase: string }>('client', 'preclean'),
  lock: effect<{ path: string }>('client', 'lock'),
  removeServer: effect<{ socketPath: string; lockPath: string; logFiles: string[] }>('client', 'removeServer'),
  listen: effect<{ path: string }>('client', 'listen'),
  startWatcher: effect<{ path: string; identity: SocketIdentity }>('client', 'startWatcher'),
  runSetup: effect<{ listenFd: number; startTime: string; sentinelFd: number; errorFd: number }>('client', 'runSetup'),
  sendFds: effect<{ fd: number }>('client', 'sendFds'),
  sendMessage: effect<{ fd: number }>('client', 'sendMessage'),
  /**
   * the 4-byte status: BYTES_READ, PEER_CLOSED or READ_FAILED; with relay,
   * also SIGNAL_CAUGHT for each signal we relay (caught, not fatal to us)
   */
  awaitStatus: effect<{ fd: number; relay: boolean }>('client', 'awaitStatus'),
};

const placeholderActions = {
  // Effects, supplied by the adapter; the machine only says when.
  closeFd: (_: unknown, _params: { fd: number | null }) => {},
  unlockFd: (_: unknown, _params: { fd: number | null }) => {},
  /** remove the socket we bound, if it is still ours, and close the listener */
  removeOwnSocket: (_: unknown, _params: { path: string; fd: number | null; identity: SocketIdentity | null }) => {},
  /** catch the relayed signals from now on (they are reported as SIGNAL_CAUGHT while awaiting the status) */
  catchSignals: () => {},
  /**
   * a server that relays none, or a failure: stop catching them, and raise
   * again at its default action any that came meanwhile (the compiled client
   * catches them before it sends its call with the connection; see CONNECTED)
   */
  releaseSignals: () => {},
  /** send the relay message for this signal to the server (core/wire.ts) */
  relaySignal: (_: unknown, _params: { fd: number; signal: number }) => {},
  /** stop ourselves, as Ctrl-Z stops a plain run (the call was just told to stop too) */
  suspendSelf: () => {},
};

/** What src/io/client/client-adapter.ts supplies: every actor and action, by the placeholders' names and types. */
export interface ClientEffects {
  actors: typeof placeholderActors;
  actions: typeof placeholderActions;
}

/**
 * The client machine, with the adapter's effects, or (tests, charts) with
 * the placeholders. The effects go in as it is built, where the other
 * machines take theirs with .provide(): provide() builds every state node
 * again, and the client builds its machine on each call's critical path
 * (~0.4 ms of a warm call, measured in the compiled client).
 */
export function clientMachineWith(effects?: ClientEffects) {
  return setup({
    types: {
      context: {} as ClientContext,
      events: {} as ClientEvent,
      input: {} as ClientInput,
      output: {} as ClientOutcome,
    },
    actors: effects?.actors ?? placeholderActors,
    actions: effects?.actions ?? placeholderActions,
    guards: {
      modeIsNormal: ({ context }) => context.mode === 'normal',
      modeIsKill: ({ context }) => context.mode === 'kill',
      greetingValid: ({ event }) => parseGreetingHeader((event as Ev<'BYTES_READ'>).data).ok,
      greetingHasExtra: ({ event }) => {
        const h = parseGreetingHeader((event as Ev<'BYTES_READ'>).data);
        return h.ok && h.extraLength > 0;
      },
      setupSucceeded: ({ event }) => (event as Ev<'SETUP_EXITED'>).status === 0,
    },
  }).createMachine({
    id: 'client',
    context: ({ input }) => ({ ...input, callFd: null, lockFd: null, listenFd: null, listening: null, watcherFds: null, greetingExtra: 0, relaySignals: false, requestSent: false, outcome: null }),
    initial: 'choosing',
    output: ({ context }) => context.outcome ?? { kind: 'fail', message: 'client ended without an outcome' },
    on: {
      EFFECT_FAILED: { target: '.failed', actions: fail(({ event }) => `internal error: ${event.message}`) },
    },
    states: {
      choosing: {
        always: [{ guard: 'modeIsNormal', target: 'probing' }, { target: 'cleaning' }],
      },

      // First try: is a server already there?
      probing: tryServer('#client.cleaning'),

      cleaning: {
        invoke: { src: 'preclean', input: ({ context }) => ({ runBase: context.runBase }) },
        on: {
          CLEANED: 'locking',
          CLEAN_FAILED: { target: 'failed', actions: fail(({ event }) => event.message) },
        },
      },

      locking: {
        invoke: { src: 'lock', input: ({ context }) => ({ path: context.lockPath }) },
        on: {
          LOCKED: { target: 'locked', actions: assign({ lockFd: ({ event }) => event.fd }) },
          LOCK_FAILED: { target: 'failed', actions: fail(({ event }) => event.message) },
        },
      },

      // Everything in here holds the lock; leaving, by any way, releases it.
      locked: {
        exit: [{ type: 'unlockFd', params: ({ context }) => ({ fd: context.lockFd }) }, assign({ lockFd: null })],
        initial: 'deciding',
        states: {
          deciding: {
            always: [
              { guard: 'modeIsKill', target: 'killing' },
              { guard: 'modeIsNormal', target: 'reprobing' },
              { target: 'spawning' },
            ],
          },
          killing: {
            invoke: {
              src: 'removeServer',
              input: ({ context }) => ({ socketPath: context.socketPath, lockPath: context.lockPath, logFiles: context.logFiles }),
            },
            on: {
              SERVER_REMOVED: { target: '#client.finished', actions: outcome(() => ({ kind: 'exit', code: 0 })) },
              REMOVE_FAILED: { target: '#client.failed', actions: fail(({ event }) => event.message) },
            },
          },
          // Second try, serialised with other clients: someone may have just started one.
          reprobing: tryServer('#client.locked.spawning'),
          spawning: {
            initial: 'binding',
            states: {
              binding: {
                invoke: { src: 'listen', input: ({ context }) => ({ path: context.socketPath }) },
                on: {
                  LISTENING: {
                    target: 'startingWatcher',
                    actions: assign({ listenFd: ({ event }) => event.fd, listening: ({ event }) => event.identity }),
                  },
                  LISTEN_FAILED: { target: '#client.failed', actions: fail(({ event }) => event.message) },
                },
              },
              startingWatcher: {
                invoke: {
                  src: 'startWatcher',
                  input: ({ context }) => ({ path: context.socketPath, identity: context.listening! }),
                },
                on: {
                  WATCHER_STARTED: {
                    target: 'awaitingSetupExit',
                    actions: assign({
                      watcherFds: ({ event }) => ({ sentinelFd: event.sentinelFd, errorFd: event.errorFd }),
                    }),
                  },
                  WATCHER_FAILED: { target: '#client.failed', actions: fail(({ event }) => event.message) },
                },
              },
              // The setup process runs the script's initialisation, then daemonises.
              awaitingSetupExit: {
                invoke: {
                  src: 'runSetup',
                  input: ({ context }) => ({
                    listenFd: context.listenFd!,
                    startTime: context.listening!.mtime,
                    ...context.watcherFds!,
                  }),
                },
                on: {
                  // our copy of the listener goes; the setup process has its own
                  SETUP_STARTED: {
                    actions: [
                      assign({ callFd: ({ event }) => event.callFd }),
                      { type: 'closeFd', params: ({ context }) => ({ fd: context.listenFd }) },
                      assign({ listenFd: null }),
                      ...closeWatcherFds(),
                    ],
                  },
                  SETUP_FAILED: { target: '#client.failed', actions: fail(({ event }) => event.message) },
                  SETUP_EXITED: [
                    { guard: 'setupSucceeded', target: 'awaitingGreeting' },
                    {
                      target: '#client.finished',
                      actions: outcome(({ event }) => ({ kind: 'status', what: 'setup', raw: event.status })),
                    },
                  ],
                },
              },
              // Our own server: one that does not greet us has failed.
              awaitingGreeting: greetingStates(null),
            },
          },
        },
      },

      // A server said hello: from here on we are committed to this call.
      greeted: {
        // the socket is the server's now: no failure from here on removes it
        entry: assign({ listening: null }),
        // Caught from now on (a signal in the instant after the request would
        // otherwise kill us, not reach the call); relayed once the request is sent.
        always: [
          { guard: ({ context }) => context.relaySignals, target: 'handingOver', actions: 'catchSignals' },
          { target: 'handingOver', actions: 'releaseSignals' },
        ],
      },
      // The call goes out now, unless it went out with the connection.
      handingOver: {
        always: [{ guard: ({ context }) => context.requestSent, target: 'awaitingStatus' }, { target: 'sendingFds' }],
      },
      sendingFds: {
        invoke: { src: 'sendFds', input: ({ context }) => ({ fd: context.callFd! }) },
        on: {
          FDS_SENT: 'sendingMessage',
          SEND_FAILED: { target: 'failed', actions: fail(({ event }) => event.message) },
        },
      },
      sendingMessage: {
        invoke: { src: 'sendMessage', input: ({ context }) => ({ fd: context.callFd! }) },
        on: {
          MESSAGE_SENT: 'awaitingStatus',
          SEND_FAILED: { target: 'failed', actions: fail(({ event }) => event.message) },
        },
      },
      // With a server that offered it, the signals a terminal or a supervisor sends
      // us go on to the call (our own dispositions stay as the C client's otherwise).
      awaitingStatus: {
        invoke: { src: 'awaitStatus', input: ({ context }) => ({ fd: context.callFd!, relay: context.relaySignals }) },
        on: {
          // (only a server that offered it gets relay messages: nothing else follows a v1 request)
          SIGNAL_CAUGHT: [
            { guard: ({ context, event }) => context.relaySignals && event.signal === SIGTSTP, actions: [relay(), 'suspendSelf'] },
            { guard: ({ context }) => context.relaySignals, actions: relay() },
          ],
          BYTES_READ: {
            target: 'finished',
            actions: outcome(({ event }) => ({ kind: 'status', what: 'invocation', raw: event.data.readUInt32BE(0) })),
          },
          // (the C client says "monitor process quit unexpectedly"; with our Node library the monitor is the server)
          PEER_CLOSED: { target: 'failed', actions: fail(() => LOST_STATUS) },
          READ_FAILED: { target: 'failed', actions: fail(({ event }) => event.message) },
        },
      },

      // Either end undoes a spawn that did not reach its greeting (no-ops otherwise).
      finished: { type: 'final', entry: [...abandonListener(), ...closeCall()] },
      // (with signals caught for a call sent ahead: given back, as a C client would have died of them)
      failed: { type: 'final', entry: [...abandonListener(), ...closeCall(), 'releaseSignals'] },
    },
  });
}

// A try at the socket: connect, then the greeting. No server there, or
// garbage where its greeting should be, leads on to `absent` (tidy up and
// take the lock, or, the second time, start one).
function tryServer(absent: string) {
  return {
    initial: 'connecting' as const,
    states: {
      connecting: {
        invoke: { src: 'connect' as const, input: ({ context }: { context: ClientContext }) => ({ path: context.socketPath }) },
        on: {
          CONNECTED: connected('awaitingGreeting'),
          NO_SERVER: { target: absent },
          SOCKET_FAILED: {
            target: '#client.failed',
            actions: fail(({ event }) => `socket() for client: ${(event as Ev<'SOCKET_FAILED'>).message}`),
          },
          CONNECT_FAILED: {
            target: '#client.failed',
            actions: fail(({ event, context }) => `connect() ${context.socketPath}: ${(event as Ev<'CONNECT_FAILED'>).message}`),
          },
        },
      },
      awaitingGreeting: greetingStates(absent),
    },
  };
}

// How a greeting can go. Probing (onGarbage set), a server that closes or
// fails before greeting is garbage: drop the connection and go on (and
// give back the signals caught for a call sent with it: what follows may
// block, on the lock or a new server's start). From the server we spawned
// ourselves (onGarbage null), that is a failure. A wrong magic is fatal
// either way.
function greetingStates(onGarbage: string | null) {
  const garbage = (message: (a: Loose) => string) =>
    onGarbage
      ? { target: onGarbage, actions: [...closeCall(), 'releaseSignals' as const] }
      : { target: '#client.failed', actions: fail(message) };
  const readFailed = garbage(({ event }) => (event as Ev<'READ_FAILED'>).message);
  return {
    initial: 'header' as const,
    states: {
      header: {
        invoke: {
          src: 'readBytes' as const,
          input: ({ context }: { context: ClientContext }) => ({ fd: context.callFd!, length: GREETING_HEADER_LENGTH }),
        },
        on: {
          BYTES_READ: [
            { guard: 'greetingHasExtra' as const, target: 'extra', actions: assignExtra() },
            { guard: 'greetingValid' as const, target: '#client.greeted' },
            { target: '#client.failed', actions: failBadMagic() },
          ],
          PEER_CLOSED: garbage(() => `setup failed: ${NO_GREETING}`),
          READ_FAILED: readFailed,
        },
      },
      extra: {
        invoke: {
          src: 'readBytes' as const,
          input: ({ context }: { context: ClientContext }) => ({ fd: context.callFd!, length: context.greetingExtra }),
        },
        on: {
          BYTES_READ: {
            target: '#client.greeted',
            actions: assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({
              relaySignals: ({ event }) => parseGreetingOffers((event as Ev<'BYTES_READ'>).data).has(OFFER_SIGNALS),
            }),
          },
          PEER_CLOSED: garbage(() => 'monitor process quit unexpectedly'),
          READ_FAILED: readFailed,
        },
      },
    },
  };
}

/**
 * Connected to a server socket: ours to use only if our own uid listens
 * there. Another user's server would get our stdin, stdout, stderr and
 * environment (a socket planted in a shared or mis-set run directory).
 */
function connected(target: string) {
  return [
    {
      guard: ({ context, event }: Loose) => event.peerUid !== context.uid,
      target: '#client.failed',
      actions: [
        assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({ callFd: ({ event }) => (event as Ev<'CONNECTED'>).fd }),
        fail(
          ({ context, event }) =>
            `server socket ${context.socketPath} is another user's (uid ${event.peerUid < 0 ? 'unknown' : event.peerUid}, not ${context.uid}): refusing to use it`,
        ),
      ],
    },
    {
      target,
      actions: assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({
        callFd: ({ event }) => (event as Ev<'CONNECTED'>).fd,
        requestSent: ({ event }) => (event as Ev<'CONNECTED'>).requestSent === true,
      }),
    },
  ];
}

function relay() {
  return {
    type: 'relaySignal' as const,
    params: ({ context, event }: Loose) => ({ fd: context.callFd!, signal: (event as Ev<'SIGNAL_CAUGHT'>).signal }),
  };
}

function closeCall() {
  return [
    { type: 'closeFd' as const, params: ({ context }: { context: ClientContext }) => ({ fd: context.callFd }) },
    assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({ callFd: null, requestSent: false }),
  ];
}

// Closing our end of the watcher's stdin is also what makes an orphaned watcher quit.
function closeWatcherFds() {
  return [
    { type: 'closeFd' as const, params: ({ context }: { context: ClientContext }) => ({ fd: context.watcherFds?.sentinelFd ?? null }) },
    { type: 'closeFd' as const, params: ({ context }: { context: ClientContext }) => ({ fd: context.watcherFds?.errorFd ?? null }) },
    assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({ watcherFds: null }),
  ];
}

// A spawn that failed must not leave its socket (or its watcher) behind.
function abandonListener() {
  return [
    {
      type: 'removeOwnSocket' as const,
      params: ({ context }: { context: ClientContext }) => ({
        path: context.socketPath,
        fd: context.listenFd,
        identity: context.listening,
      }),
    },
    assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({ listenFd: null, listening: null }),
    ...closeWatcherFds(),
  ];
}

function assignExtra() {
  return assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({
    greetingExtra: ({ event }) => {
      const h = parseGreetingHeader((event as Ev<'BYTES_READ'>).data);
      return h.ok ? h.extraLength : 0;
    },
  });
}

function failBadMagic() {
  return assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({
    outcome: ({ event }) => {
      const h = parseGreetingHeader((event as Ev<'BYTES_READ'>).data);
      return { kind: 'fail', message: h.ok ? 'greeting accepted and refused at once?' : h.error };
    },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each use sees its own event type
type Loose = { event: any; context: ClientContext };

function fail(message: (a: Loose) => string) {
  return assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({
    outcome: (a) => ({ kind: 'fail', message: message(a) }),
  });
}

function outcome(o: (a: Loose) => ClientOutcome) {
  return assign<ClientContext, ClientEvent, undefined, ClientEvent, never>({
    outcome: (a) => o(a),
  });
}
