// The watcher: a daemon that lives exactly as long as the server's socket
// path still names the socket the client bound, and the server is alive.
// When either stops being true it quits, and the server (which reads the
// watcher's stderr) sees end of file and quits too.
import { assign, setup } from 'xstate';
import { effect } from './effect.js';

export interface WatcherInput {
  socketPath: string;
  dev: string;
  ino: string;
}

export type WatcherEvent =
  | { type: 'WATCH_ARMED' }
  | { type: 'PATH_CHANGED' }
  | { type: 'SENTINEL_READABLE' }
  | { type: 'WATCH_FAILED'; message: string }
  | { type: 'SOCKET_STAT'; dev: string; ino: string }
  | { type: 'SOCKET_GONE' }
  | { type: 'STAT_FAILED'; message: string };

export type WatcherOutcome = { kind: 'quit'; reason: string } | { kind: 'error'; message: string };

export interface WatcherContext extends WatcherInput {
  outcome: WatcherOutcome | null;
  /** a change seen while a stat was under way: stat again afterwards */
  recheck: boolean;
}


export const watcherMachine = setup({
  types: {
    context: {} as WatcherContext,
    events: {} as WatcherEvent,
    input: {} as WatcherInput,
    output: {} as WatcherOutcome,
  },
  actors: {
    watchPath: effect<{ socketPath: string }>('watcher', 'watchPath'),
    watchSentinel: effect<Record<string, never>>('watcher', 'watchSentinel'),
    statSocket: effect<{ socketPath: string }>('watcher', 'statSocket'),
  },
  delays: {
    // what no inotify event tells (a directory above renamed, the filesystem
    // unmounted or mounted over): a stat now and then finds it
    recheckInterval: 60_000,
  },
  guards: {
    sameSocket: ({ context, event }) =>
      event.type === 'SOCKET_STAT' && event.dev === context.dev && event.ino === context.ino,
    recheckPending: ({ context }) => context.recheck,
  },
}).createMachine({
  id: 'watcher',
  context: ({ input }) => ({ ...input, outcome: null, recheck: false }),
  output: ({ context }) => context.outcome ?? { kind: 'error', message: 'watcher ended without an outcome' },
  initial: 'alive',
  states: {
    alive: {
      invoke: [
        { src: 'watchPath', input: ({ context }) => ({ socketPath: context.socketPath }) },
        { src: 'watchSentinel', input: () => ({}) },
      ],
      on: {
        SENTINEL_READABLE: {
          target: 'quit',
          actions: assign({ outcome: { kind: 'quit', reason: 'server gone (sentinel readable)' } }),
        },
        WATCH_FAILED: { target: 'failed', actions: assign({ outcome: ({ event }) => ({ kind: 'error', message: event.message }) }) },
      },
      initial: 'arming',
      states: {
        // Until the inotify watch exists a change could slip by unseen, so the
        // first check of the socket comes after it.
        arming: {
          on: { WATCH_ARMED: 'checking' },
        },
        checking: {
          entry: assign({ recheck: false }),
          invoke: { src: 'statSocket', input: ({ context }) => ({ socketPath: context.socketPath }) },
          on: {
            PATH_CHANGED: { actions: assign({ recheck: true }) },
            SOCKET_STAT: [
              { guard: 'sameSocket', target: 'rechecking' },
              {
                target: '#watcher.quit',
                actions: assign({ outcome: { kind: 'quit', reason: 'socket replaced' } }),
              },
            ],
            SOCKET_GONE: {
              target: '#watcher.quit',
              actions: assign({ outcome: { kind: 'quit', reason: 'socket removed' } }),
            },
            STAT_FAILED: {
              target: '#watcher.failed',
              actions: assign({ outcome: ({ event }) => ({ kind: 'error', message: event.message }) }),
            },
          },
        },
        rechecking: {
          always: [{ guard: 'recheckPending', target: 'checking' }, { target: 'watching' }],
        },
        watching: {
          on: { PATH_CHANGED: 'checking' },
          after: { recheckInterval: 'checking' },
        },
      },
    },
    quit: { type: 'final' },
    failed: { type: 'final' },
  },
});
