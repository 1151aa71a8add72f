// Entry point of the compiled client (scripts/compile-client.mjs): one
// executable that is the client, or, started under the watcher's argv[0]
// by the client itself, the watcher.
import { lazyFs } from '../io/lazy-builtins.js';
import { runsAsWatcher } from '../io/standalone.js';
import { errorLine } from '../core/error-line.js';

try {
  if (runsAsWatcher()) await import('./watcher.js');
  else {
    // Before XState and the machine are loaded (~3 ms): the command line,
    // the ident, a connection to a server that is there, and the call
    // itself, so that the server greets and starts the call while we load.
    // (The three load together: 0.1 ms sooner than one after another.)
    const [{ preparedCall, sendsAhead }, { connectAhead, sendAhead }, { catchRelayed, releaseCaught }] = await Promise.all([
      import('./client-prepare.js'),
      import('../io/client/callsocket.js'),
      import('../io/client/caught-signals.js'),
    ]);
    try {
      const p = preparedCall();
      if (p.kind === 'call' && p.inv.mode === 'normal') {
        const ahead = connectAhead(p.socketPath);
        const request = ahead === null ? null : sendsAhead(p, ahead.peerUid);
        // Caught before the call can start, for the machine to relay (or, to
        // a server that relays none, to raise again: releaseSignals).
        if (request) {
          catchRelayed();
          // (not sent: what comes first may block, on the lock or a server's start)
          if (!sendAhead(request)) releaseCaught();
        }
      }
    } catch {
      // the client says what went wrong, as it would have without this
    }
    await import('./client.js');
  }
} catch (e) {
  // what fails before main() runs: the addon beside the executable missing or broken
  lazyFs().writeSync(2, `prefork-interp: cannot start: ${errorLine(e)}\n`);
  process.exit(127);
}
