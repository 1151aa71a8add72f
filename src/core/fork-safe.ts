// The V8 flags a Node process that forks needs (node-fork-notes.md; why each:
// src/io/server/runtime-flags.ts), and the mark of a Node given them on the
// script's behalf (by the library's re-exec, or by our client starting the
// interpreter), so that the library hides them from process.execArgv: its
// value is how many of the first flags are ours.
//
// These are --single-threaded without its WebAssembly part: with that, the
// script's own import of CommonJS packages (Node's cjs-module-lexer is
// WebAssembly) ran ~12 ms slower, i.e. every cold start. The WebAssembly
// flags are set at run time instead, before the first fork (WASM_FORK_FLAGS).
export const FORK_SAFE_FLAGS = ['--single-threaded-gc', '--no-concurrent-recompilation', '--v8-pool-size=1', '--no-memory-reducer'];

/** WebAssembly compiled on the calling thread only, as --single-threaded has it (V8 reads these when it compiles). */
export const WASM_FORK_FLAGS = ['--no-wasm-async-compilation', '--no-wasm-tier-up', '--wasm-num-compilation-tasks=0'];

export const FLAGS_GIVEN_MARK = 'PREFORK_INTERP_REEXEC';

/** Whether the interpreter word names Node (whose server our library is). */
export const isNodeInterpreter = (interpreter: string): boolean => /(^|\/)node(js)?$/.test(interpreter);
