// The call's own process, forked from the server: it takes the call (at
// once, or later if it is a spare waiting for one), becomes the caller's
// process, runs the per-call code, and leaves through a path that does not
// wait for the threads a fork does not copy (node-fork-notes.md).
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
  /** the event loop has nothing left but our keep-alive */
  | { type: 'LOOP_IDLE' }
  /** still nothing after 'beforeExit' */
  | { type: 'STILL_IDLE' }
  /** process.exit(), an uncaught exception, or the idle exit: Node emits 'exit' */
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
  actions: {
    // Effects, supplied by the adapter (src/io/executor.ts).
    emitBeforeExit: () => {},
    exitProcess: () => {},
    /** run the other 'exit' listeners, then _exit(code) */
    leave: (_, _p: { code: number }) => {},
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
    // Caller's fds onto 0/1/2, argv, environment, streams, console, exit path.
    adopting: {
      on: {
        ADOPTED: 'running',
        ADOPT_FAILED: { target: 'failed', actions: assign({ error: ({ event }) => event.message }) },
      },
    },
    running: {
      on: {
        LOOP_IDLE: { target: 'beforeExitEmitted', actions: 'emitBeforeExit' },
        EXIT_EMITTED: { target: 'exited', actions: assign({ code: ({ event }) => event.code }) },
      },
    },
    // 'beforeExit' was emitted: a listener may have scheduled more work.
    beforeExitEmitted: {
      on: {
        STILL_IDLE: { actions: 'exitProcess' },
        EXIT_EMITTED: { target: 'exited', actions: assign({ code: ({ event }) => event.code }) },
        // the loop found work again: the prepare check runs before every poll
        LOOP_IDLE: { actions: 'emitBeforeExit' },
      },
    },
    exited: {
      type: 'final',
      entry: { type: 'leave', params: ({ context }) => ({ code: context.code ?? 0 }) },
    },
    unused: { type: 'final' },
    failed: { type: 'final' },
  },
});
