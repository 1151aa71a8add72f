// Entry point of the prefork-interp client: bin/prefork-interp-node runs it
// under Node, and cli/standalone.ts is this compiled with bun. Its first
// part (command line, ident) is client-prepare.ts; here the machine runs.
import { createActor, toPromise } from 'xstate';
import { executorArgv, setupArgv, setupEnvironment } from '../core/options.js';
import { planExit } from '../core/waitstatus.js';
import { clientWithEffects } from '../io/client/client-adapter.js';
import { errnoText, Fatal } from '../io/fatal.js';
import { errorLine } from '../core/error-line.js';
import { native } from '../native/index.js';
import { listServers } from '../io/client/server-list.js';
import { formatServers } from './list.js';
import { lazyFs } from '../io/lazy-builtins.js';
import { die, preparedCall } from './client-prepare.js';
import type { ClientOutcome } from '../machines/client.js';
// (pino, the costly part of tracing, is loaded only when tracing is on)
import { callIdFor, openTracer, TRACE_CALL_ENV, TRACE_ENV } from '../io/trace.js';

/**
 * Everything we wrote went out synchronously, so a call's status ends us at
 * once: the runtime's own teardown costs a warm call up to a millisecond.
 * (A tracer's file is flushed by the runtime's exit.)
 */
function finish(outcome: ClientOutcome, tracing: boolean): never {
  const exit: (code: number) => never = tracing ? process.exit : native.exitNow;
  if (outcome.kind === 'exit') exit(outcome.code);
  if (outcome.kind === 'fail') die(outcome.message);
  const plan = planExit(outcome.raw, outcome.what, (s) => native.strsignal(s));
  if (plan.kind === 'exit') exit(plan.code);
  if (plan.kind === 'fail') die(plan.message);
  native.raiseDefault(plan.signal);
  die(`unexpectedly kept running after raising (to propagate) ${native.strsignal(plan.signal)}`);
}

async function main(): Promise<never> {
  const p = preparedCall();
  if (p.kind === 'list') {
    try {
      lazyFs().writeSync(1, formatServers(listServers(p.runBase), p.json));
    } catch (e) {
      die(`write the list: ${errnoText(e)}`);
    }
    process.exit(0);
  }
  const { inv, environment } = p;
  const callId = process.env[TRACE_ENV] ? callIdFor(process.pid) : '';
  const tracer = openTracer(process.env, 'client', callId);
  const machine = clientWithEffects({
    setupArgv: setupArgv(inv),
    callArgv: executorArgv(inv),
    env: environment,
    setupEnv: setupEnvironment(inv, environment),
    watcherEnv: tracer ? { [TRACE_ENV]: process.env[TRACE_ENV], [TRACE_CALL_ENV]: callId } : {},
  });
  const actor = createActor(machine, {
    input: {
      mode: inv.mode,
      runBase: p.runBase,
      socketPath: p.socketPath,
      lockPath: p.lockPath,
      logFiles: p.logFiles,
      uid: process.getuid!(),
    },
    ...(tracer ? { inspect: tracer.inspector('client') } : {}),
  });
  tracer?.record({ note: 'start', argv: process.argv.slice(2) });
  actor.start();
  const outcome = await toPromise(actor);
  tracer?.record({ note: 'exit', outcome });
  return finish(outcome, tracer !== null);
}

// (one line, as every failure of the client)
main().catch((e: unknown) => {
  if (e instanceof Fatal) die(e.message);
  die(`internal error: ${errorLine(e)}`);
});
