// The server: accept calls up to a limit, quit when the watcher says so (a
// message or EOF on its stderr), when idle for too long, when the program's
// files change (autoreload), or after too many accept failures.  Calls under
// way when it decides to quit run to their end first (the Perl library's
// monitors are processes of their own and outlive their server; ours are
// actors in it), with the listener closed so that new callers start afresh.
// A call holds a slot (at most maxServers) only once its whole request is
// in: connections still sending are counted apart, so that silent peers
// cannot keep running calls waiting.
import { assign, setup, type AnyEventObject } from 'xstate';
import { effect } from './effect.js';

export interface ServerInput {
  /** calls running at once (each holds a slot); negative: no limit */
  maxServers: number;
  /** ms without calls before quitting; negative: never */
  idleTimeoutMs: number;
  maxErrors: number;
  /** connections still sending their request (or waiting for a slot), at most: they hold no slot */
  maxReceiving: number;
  /** ours: a connection from any other uid is refused */
  uid: number;
}

export interface ServerContext extends ServerInput {
  /** calls running: each holds one of the maxServers slots */
  active: number;
  /** connections whose request is not complete yet, or complete and waiting for a slot */
  receiving: number;
  /** connections (by fd) with a complete request, waiting for a slot: first come, first served */
  waiting: number[];
  errors: number;
  quitReason: string | null;
  quitError: boolean;
}

export type ServerEvent =
  | { type: 'LISTEN_READABLE' }
  | { type: 'UP_TO_DATE' }
  | { type: 'RELOAD_NEEDED'; path: string }
  /** peerUid: who connected (SO_PEERCRED), -1 if that could not be known */
  | { type: 'CONNECTION_ACCEPTED'; fd: number; peerUid: number }
  | { type: 'NOTHING_TO_ACCEPT' }
  | { type: 'ACCEPT_FAILED'; message: string }
  | { type: 'INITIAL_CALL' }
  /** a monitor has the whole request and asks for a slot to run it */
  | { type: 'SLOT_WANTED'; fd: number }
  /** a monitor is done: held says whether it had a slot */
  | { type: 'CALL_ENDED'; fd: number; held: boolean }
  | { type: 'WATCHER_EOF' }
  | { type: 'WATCHER_MESSAGE'; message: string };

export type ServerOutcome = { reason: string; error: boolean };

type Assigner = ReturnType<typeof assign<ServerContext, ServerEvent, undefined, ServerEvent, never>>;

function quit(reason: (e: AnyEventObject) => string, error = false): Assigner {
  return assign<ServerContext, ServerEvent, undefined, ServerEvent, never>({
    quitReason: ({ event }) => reason(event),
    quitError: error,
  });
}

/** A connection's request is complete: it waits for a slot (given at once if one is free). */
const queueForSlot: Assigner = assign({
  waiting: ({ context, event }) => (event.type === 'SLOT_WANTED' ? [...context.waiting, event.fd] : context.waiting),
});

/** A monitor is done: its slot, or its place among those receiving, is free. */
const callEnded: Assigner = assign(({ context, event }) => {
  if (event.type !== 'CALL_ENDED') return {};
  if (event.held) return { active: Math.max(0, context.active - 1) };
  return { receiving: Math.max(0, context.receiving - 1), waiting: context.waiting.filter((fd) => fd !== event.fd) };
});

/** The first waiting call gets a free slot (grantSlot first: it reads the queue before it moves). */
const grantFirstWaiting = [
  { type: 'grantSlot' as const, params: ({ context }: { context: ServerContext }) => ({ fd: context.waiting[0] }) },
  assign<ServerContext, ServerEvent, undefined, ServerEvent, never>(({ context }) => ({
    active: context.active + 1,
    receiving: context.receiving - 1,
    waiting: context.waiting.slice(1),
  })),
];

export const serverMachine = setup({
  types: {
    context: {} as ServerContext,
    events: {} as ServerEvent,
    input: {} as ServerInput,
    output: {} as ServerOutcome,
  },
  actors: {
    /** the watcher's stderr: a message or EOF */
    watchWatcher: effect<Record<string, never>>('server', 'watchWatcher'),
  },
  // The per-call effects are actions that report with events (as in the
  // monitor): cheaper than an invoked actor each.
  actions: {
    /** LISTEN_READABLE when a caller waits (only while we take calls) */
    watchListener: () => {},
    stopWatchingListener: () => {},
    /** stat the script, its modules and the extra paths against the start time: UP_TO_DATE or RELOAD_NEEDED */
    checkReload: () => {},
    /** CONNECTION_ACCEPTED, NOTHING_TO_ACCEPT or ACCEPT_FAILED */
    accept: () => {},
    /** start a monitor for the accepted connection; it sends SLOT_WANTED, then CALL_ENDED when done */
    startMonitor: (_, _p: { fd: number }) => {},
    /** close a connection from another user, unread, and log it */
    refuseConnection: (_, _p: { fd: number; peerUid: number }) => {},
    /** tell the monitor of this connection that it may run its call */
    grantSlot: (_, _p: { fd: number }) => {},
    logAcceptFailure: (_, _p: { message: string }) => {},
    /** close the listener: callers now find no server and start a fresh one */
    stopListening: () => {},
  },
  guards: {
    /** every slot taken, or as many connections receiving as we take: new callers wait in the backlog */
    atLimit: ({ context }) => (context.maxServers >= 0 && context.active >= context.maxServers) || context.receiving >= context.maxReceiving,
    noCalls: ({ context }) => context.active === 0 && context.receiving === 0,
    /** only our own user may hand us descriptors and run code as us */
    fromAnotherUser: ({ context, event }) => event.type === 'CONNECTION_ACCEPTED' && event.peerUid !== context.uid,
    /** from a connection still receiving, not already waiting: a stray request must not make up a call */
    fromReceiving: ({ context, event }) =>
      event.type === 'SLOT_WANTED' && context.waiting.length < context.receiving && !context.waiting.includes(event.fd),
    canGrantWaiting: ({ context }) => context.waiting.length > 0 && (context.maxServers < 0 || context.active < context.maxServers),
    /** this failure would be one more than maxErrors */
    nextFailureTooMany: ({ context }) => context.errors + 1 > context.maxErrors,
    idleTimeoutEnabled: ({ context }) => context.idleTimeoutMs >= 0,
  },
  delays: {
    idleTimeout: ({ context }) => context.idleTimeoutMs,
  },
}).createMachine({
  id: 'server',
  context: ({ input }) => ({ ...input, active: 0, receiving: 0, waiting: [], errors: 0, quitReason: null, quitError: false }),
  output: ({ context }) => ({ reason: context.quitReason ?? 'quit', error: context.quitError }),
  initial: 'serving',
  states: {
    serving: {
      invoke: { src: 'watchWatcher', input: () => ({}) },
      on: {
        WATCHER_EOF: { target: 'leaving', actions: quit(() => 'lost socket (fresh start or cleanup?)') },
        WATCHER_MESSAGE: { target: 'leaving', actions: quit((e) => `watcher: ${e.message}`, true) },
        // the first call comes with the server (the client's socketpair), not through accept
        INITIAL_CALL: {
          guard: 'noCalls',
          target: '.deciding',
          actions: assign({ receiving: ({ context }) => context.receiving + 1 }),
        },
        SLOT_WANTED: { guard: 'fromReceiving', target: '.deciding', actions: queueForSlot },
        CALL_ENDED: { target: '.deciding', actions: callEnded },
      },
      initial: 'deciding',
      states: {
        deciding: {
          always: [
            { guard: 'canGrantWaiting', actions: grantFirstWaiting },
            { guard: 'atLimit', target: 'full' },
            { guard: 'noCalls', target: 'idle' },
            { target: 'accepting' },
          ],
        },
        // No calls under way: quit after idleTimeout of this.
        idle: {
          entry: 'watchListener',
          exit: 'stopWatchingListener',
          after: {
            idleTimeout: {
              guard: 'idleTimeoutEnabled',
              target: '#server.leaving',
              actions: quit(() => 'idle timeout'),
            },
          },
          on: { LISTEN_READABLE: 'checkingReload' },
        },
        accepting: {
          entry: 'watchListener',
          exit: 'stopWatchingListener',
          on: { LISTEN_READABLE: 'checkingReload' },
        },
        // Every slot taken (or too many still sending): callers wait in the listen backlog, none is dropped.
        full: {},
        checkingReload: {
          entry: 'checkReload',
          on: {
            UP_TO_DATE: 'acceptingOne',
            RELOAD_NEEDED: { target: '#server.leaving', actions: quit((e) => `reloading; due to ${e.path}`) },
          },
        },
        acceptingOne: {
          entry: 'accept',
          on: {
            CONNECTION_ACCEPTED: [
              {
                guard: 'fromAnotherUser',
                target: 'deciding',
                actions: { type: 'refuseConnection', params: ({ event }) => ({ fd: event.fd, peerUid: event.peerUid }) },
              },
              {
                target: 'deciding',
                actions: [
                  { type: 'startMonitor', params: ({ event }) => ({ fd: event.fd }) },
                  assign({ receiving: ({ context }) => context.receiving + 1, errors: 0 }),
                ],
              },
            ],
            NOTHING_TO_ACCEPT: 'deciding',
            ACCEPT_FAILED: [
              {
                guard: 'nextFailureTooMany',
                target: '#server.leaving',
                actions: quit(() => 'too many accept failures, quitting', true),
              },
              {
                target: 'deciding',
                actions: [
                  { type: 'logAcceptFailure', params: ({ event }) => ({ message: event.message }) },
                  assign({ errors: ({ context }) => context.errors + 1 }),
                ],
              },
            ],
          },
        },
      },
    },
    // Decided to quit: the calls under way first.
    leaving: {
      always: [{ guard: 'noCalls', target: 'quitting' }, { target: 'draining' }],
    },
    // Calls already accepted still run (and get slots as others end).
    draining: {
      entry: 'stopListening',
      always: [{ guard: 'canGrantWaiting', actions: grantFirstWaiting }, { guard: 'noCalls', target: 'quitting' }],
      on: {
        SLOT_WANTED: { guard: 'fromReceiving', actions: queueForSlot },
        CALL_ENDED: { actions: callEnded },
      },
    },
    quitting: { type: 'final' },
  },
});
