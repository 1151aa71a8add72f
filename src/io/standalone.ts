// Facts that differ when the client runs as the compiled executable
// (bun build --compile, scripts/compile-client.mjs) rather than under Node.
// (No addon here: the entry point asks before the addon is loaded, and
// native/index.ts asks which addon to load. No node:path either: the entry
// loads nothing it does not need before it connects.)

// Defined as true by the compile script; undefined under Node.
declare const PREFORK_INTERP_STANDALONE: boolean | undefined;
export const STANDALONE: boolean = typeof PREFORK_INTERP_STANDALONE !== 'undefined' && PREFORK_INTERP_STANDALONE;

/** The compiled executable runs as the watcher when started under this argv[0]. */
export const WATCHER_ARGV0 = 'prefork-interp-watcher';

export function runsAsWatcher(): boolean {
  return process.argv0.slice(process.argv0.lastIndexOf('/') + 1) === WATCHER_ARGV0;
}
