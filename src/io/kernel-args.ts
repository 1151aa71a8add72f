// argv and the environment exactly as the kernel gave them to this process,
// as byte strings (see core/bytes.ts): process.argv and process.env are
// Node's UTF-8 decodings of the same bytes.
import { nulSeparated } from '../core/bytes.js';
import { native } from '../native/index.js';

/**
 * The last `count` entries of this process's argv, from /proc/self/cmdline:
 * the script and its args are last (the runtime and its flags come first).
 */
export function kernelArgs(count: number): string[] {
  const all = nulSeparated(native.readFile('/proc/self/cmdline'));
  return count > 0 ? all.slice(-count) : [];
}

/**
 * This program's argv as in C: argv[0] is the script Node runs
 * (process.argv[1]), or for the compiled client, the kernel's own.
 */
export function kernelArgv(standalone = false): string[] {
  if (standalone) return nulSeparated(native.readFile('/proc/self/cmdline'));
  return [process.argv[1], ...kernelArgs(process.argv.length - 2)];
}

/** The NAME=value entries this process started with, from /proc/self/environ. */
export function kernelEnviron(): string[] {
  return nulSeparated(native.readFile('/proc/self/environ'));
}
