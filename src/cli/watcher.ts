// Entry point of the watcher daemon (started by the client; see src/io/client/watcher-process.ts).
// argv: socket-path dev ino.  stdin: sentinel pipe; stdout and stderr: pipe to the server.
import fs from 'node:fs';
import { createActor, toPromise } from 'xstate';
import { watcherWithEffects } from '../io/watcher/watcher-adapter.js';
import { openTracer, TRACE_CALL_ENV } from '../io/trace.js';

async function main(): Promise<number> {
  const [socketPath, dev, ino] = process.argv.slice(2);
  if (!socketPath || !dev || !ino) {
    fs.writeSync(2, 'prefork-interp: watcher: usage: watcher SOCKET-PATH DEV INO\n');
    return 127;
  }
  const tracer = openTracer(process.env, 'watcher', process.env[TRACE_CALL_ENV] ?? '?');
  const actor = createActor(watcherWithEffects(), {
    input: { socketPath, dev, ino },
    ...(tracer ? { inspect: tracer.inspector('watcher') } : {}),
  });
  actor.start();
  const outcome = await toPromise(actor);
  tracer?.record({ note: 'exit', outcome });
  if (outcome.kind === 'error') {
    // This pipe is the server's WATCHE: it logs the line and quits.
    fs.writeSync(2, `prefork-interp: ${outcome.message}\n`);
    return 127;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    try {
      fs.writeSync(2, `prefork-interp: watcher: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    } finally {
      process.exit(127);
    }
  },
);
