// The server: accept calls up to a limit, quit when the watcher says so (a
// message or EOF on its stderr), when idle for too long, when the program's
// files change (autoreload), or after too many accept failures.  Calls under
// way when it decides to quit run to their end first (the Perl library's
// monitors are processes of their own and outlive their server; ours are
// actors in it), with the listener closed so that new callers start afresh.
import { assign, setup, type AnyEventObject } from 'xstate';
import { effect } from './effect.js';

export interface ServerInput {
  /** concurrent calls; negative: no limit */
  maxServers: number;
  /** ms without calls before quitting; negative: never */
  idleTimeoutMs: number;
  maxErrors: number;
}

export interface ServerContext extends ServerInput {
  active: number;
  errors: number;
  quitReason: string | null;
  quitError: boolean;
}

export type ServerEvent =
  | { type: 'LISTEN_READABLE' }
  | { type: 'UP_TO_DATE' }
  | { type: 'RELOAD_NEEDED'; path: string }
  | { type: 'CONNECTION_ACCEPTED'; fd: number }
  | { type: 'NOTHING_TO_ACCEPT' }
  | { type: 'ACCEPT_FAILED'; message: string }
  | { type: 'INITIAL_CALL' }
  | { type: 'CALL_ENDED' }
  | { type: 'WATCHER_EOF' }
  | { type: 'WATCHER_MESSAGE'; message: string };

export type ServerOutcome = { reason: string; error: boolean };


function quit(reason: (e: AnyEventObject) => string, error = false) {
  return assign<ServerContext, ServerEvent, undefined, ServerEvent, never>({
    quitReason: ({ event }) => reason(event),
    quitError: error,
  });
}

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
    /** start a monitor for the accepted connection; it sends CALL_ENDED when done */
    startMonitor: (_, _p: { fd: number }) => {},
    logAcceptFailure: (_, _p: { message: string }) => {},
    /** close the listener: callers now find no server and start a fresh one */
    stopListening: () => {},
  },
  guards: {
    atLimit: ({ context }) => context.maxServers >= 0 && context.active >= context.maxServers,
    noCalls: ({ context }) => context.active === 0,
    lastCall: ({ context }) => context.active === 1,
    /** a stray CALL_ENDED must not make the count negative */
    callsActive: ({ context }) => context.active > 0,
    /** this failure would be one more than maxErrors */
    nextFailureTooMany: ({ context }) => context.errors + 1 > context.maxErrors,
    idleTimeoutEnabled: ({ context }) => context.idleTimeoutMs >= 0,
  },
  delays: {
    idleTimeout: ({ context }) => context.idleTimeoutMs,
  },
}).createMachine({
  id: 'server',
  context: ({ input }) => ({ ...input, active: 0, errors: 0, quitReason: null, quitError: false }),
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
          actions: assign({ active: ({ context }) => context.active + 1 }),
        },
        CALL_ENDED: { guard: 'callsActive', target: '.deciding', actions: assign({ active: ({ context }) => context.active - 1 }) },
      },
      initial: 'deciding',
      states: {
        deciding: {
          always: [
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
        // At the concurrency limit: calls wait in the listen backlog, none is dropped.
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
            CONNECTION_ACCEPTED: {
              target: 'deciding',
              actions: [
                { type: 'startMonitor', params: ({ event }) => ({ fd: event.fd }) },
                assign({ active: ({ context }) => context.active + 1, errors: 0 }),
              ],
            },
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
    draining: {
      entry: 'stopListening',
      on: {
        CALL_ENDED: [
          { guard: 'lastCall', target: 'quitting', actions: assign({ active: 0 }) },
          { guard: 'callsActive', actions: assign({ active: ({ context }) => context.active - 1 }) },
        ],
      },
    },
    quitting: { type: 'final' },
  },
});
