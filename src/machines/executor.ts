// The call's own process, forked from the server: it takes the call (at
// once, or later if it is a spare waiting for one), becomes the caller's
// process and runs the per-call code. It ends as a plain Node process does
// (process.exit, a fatal exception, the natural end after 'beforeExit'),
// except for the very last step, a native _exit (fork_child.cc): Node's own
// would wait for threads a fork does not copy (node-fork-notes.md).
import { assign, setup } from 'xstate';

export interface ExecutorInput {
  /** forked ahead of time: waits for a call before anything else */
  spare: boolean;
}

export type ExecutorEvent =
  | { type: 'CALL_HANDED' }
  | { type: 'SERVER_GONE' }
  | { type: 'ADOPTED' }
  | { type: 'ADOPT_FAILED'; message: string }
  /** Node emits 'exit' (process.exit, an uncaught exception, the natural end): heard when tracing */
  | { type: 'EXIT_EMITTED'; code: number };

export interface ExecutorContext extends ExecutorInput {
  code: number | null;
  error: string | null;
}

export type ExecutorOutcome = { kind: 'exited'; code: number } | { kind: 'unused' } | { kind: 'failed'; error: string };

export const executorMachine = setup({
  types: {
    context: {} as ExecutorContext,
    events: {} as ExecutorEvent,
    input: {} as ExecutorInput,
    output: {} as ExecutorOutcome,
  },
  guards: {
    isSpare: ({ context }) => context.spare,
  },
}).createMachine({
  id: 'executor',
  context: ({ input }) => ({ ...input, code: null, error: null }),
  output: ({ context }) =>
    context.error !== null
      ? { kind: 'failed', error: context.error }
      : context.code === null
        ? { kind: 'unused' }
        : { kind: 'exited', code: context.code },
  initial: 'starting',
  states: {
    starting: {
      always: [{ guard: 'isSpare', target: 'awaitingCall' }, { target: 'adopting' }],
    },
    // A spare: blocked until the server hands it a call, or goes away.
    awaitingCall: {
      on: {
        CALL_HANDED: 'adopting',
        SERVER_GONE: 'unused',
      },
    },
    // Caller's fds onto 0/1/2, argv, environment, streams, the exit handler.
    adopting: {
      on: {
        ADOPTED: 'running',
        ADOPT_FAILED: { target: 'failed', actions: assign({ error: ({ event }) => event.message }) },
      },
    },
    // The script's per-call part, until Node exits (the exit handler leaves with _exit).
    running: {
      on: {
        EXIT_EMITTED: { target: 'exited', actions: assign({ code: ({ event }) => event.code }) },
      },
    },
    exited: { type: 'final' },
    unused: { type: 'final' },
    failed: { type: 'final' },
  },
});
