// Entry point of the compiled client (scripts/compile-client.mjs): one
// executable that is the client, or, started under the watcher's argv[0]
// by the client itself, the watcher.
import fs from 'node:fs';
import { runsAsWatcher } from '../io/standalone.js';

try {
  if (runsAsWatcher()) await import('./watcher.js');
  else await import('./client.js');
} catch (e) {
  // what fails before main() runs: the addon beside the executable missing or broken
  const first = String((e as Error)?.message ?? e).split('\n')[0];
  fs.writeSync(2, `prefork-interp: cannot start: ${first}\n`);
  process.exit(127);
}
