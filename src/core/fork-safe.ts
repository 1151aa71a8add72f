// The V8 flags a Node process that forks needs (node-fork-notes.md; why each:
// src/io/runtime-flags.ts), and the mark of a Node given them on the
// script's behalf (by the library's re-exec, or by our client starting the
// interpreter), so that the library hides them from process.execArgv.
export const FORK_SAFE_FLAGS = ['--single-threaded', '--v8-pool-size=1', '--no-memory-reducer'];

export const FLAGS_GIVEN_MARK = 'PREFORK_INTERP_REEXEC';

/** Whether the interpreter word names Node (whose server our library is). */
export const isNodeInterpreter = (interpreter: string): boolean => /(^|\/)node(js)?$/.test(interpreter);
