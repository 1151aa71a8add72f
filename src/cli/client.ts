// Entry point of the prefork-interp client (bin/prefork-interp runs this).
import fs from 'node:fs';
import { createActor, toPromise } from 'xstate';
import { parseCommandLine, executorArgv, setupArgv, USAGE } from '../core/options.js';
import { computeIdent, lockPath, logFiles, socketPath, type IdentInputs } from '../core/ident.js';
import { planExit } from '../core/waitstatus.js';
import { clientWithEffects } from '../io/client-adapter.js';
import { findRunBase } from '../io/rundir.js';
import { Fatal, fatalErrno } from '../io/fatal.js';
import { native } from '../native/index.js';
import type { ClientOutcome } from '../machines/client.js';
// (pino, the costly part of tracing, is loaded only when tracing is on)
import { callIdFor, openTracer, TRACE_CALL_ENV, TRACE_ENV } from '../io/trace.js';

// bin/prefork-interp moves NODE_EXTRA_CA_CERTS aside so that our own Node
// does not spend ~50 ms loading certificates it never uses; the call and the
// server must see the caller's environment exactly, so put it back.
const STASH = 'PREFORK_INTERP_STASHED_NODE_EXTRA_CA_CERTS';
function restoreEnvironment(): void {
  const stashed = process.env[STASH];
  if (stashed === undefined) return;
  delete process.env[STASH];
  process.env.NODE_EXTRA_CA_CERTS = stashed.slice(1); // "=" marks "was set", even to ""
}

function say(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr gone: nothing else can be told
  }
}

function die(message: string): never {
  say(`prefork-interp: ${message}\n`);
  process.exit(127);
}

function statFor(path: string): { dev: bigint; ino: bigint } {
  try {
    const st = fs.statSync(path, { bigint: true });
    return { dev: st.dev, ino: st.ino };
  } catch (e) {
    throw fatalErrno(`failed to stat ${path}`, e);
  }
}

function finish(outcome: ClientOutcome): never {
  if (outcome.kind === 'exit') process.exit(outcome.code);
  if (outcome.kind === 'fail') die(outcome.message);
  const plan = planExit(outcome.raw, outcome.what, (s) => native.strsignal(s));
  if (plan.kind === 'exit') process.exit(plan.code);
  if (plan.kind === 'fail') die(plan.message);
  native.raiseDefault(plan.signal);
  die(`unexpectedly kept running after raising (to propagate) ${native.strsignal(plan.signal)}`);
}

async function main(argv: string[]): Promise<never> {
  // Descriptors our caller left open (e.g. `x=$(script 200>&1)`) must not
  // reach the watcher or the server, which outlive us: spawn maps the ones
  // they need onto fixed numbers, which clears the flag there.
  native.cloexecFrom(3);
  restoreEnvironment();
  // As in the C client, the host and directory facts come first (even before --help).
  const utsname = native.uname();
  const cwd = statFor('.');
  const root = statFor('/');

  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    fs.writeSync(1, USAGE);
    process.exit(0);
  }
  if (parsed.kind === 'usage') {
    say(`${parsed.message}\n${USAGE}`);
    process.exit(255);
  }
  if (parsed.kind === 'die') die(parsed.message);
  const inv = parsed.invocation;
  if (!inv.unlaundered) die('need -U (specifying unlaundered argument handling)');

  const runBase = findRunBase(say);
  const identInputs = (): IdentInputs => ({
    utsname,
    cwd,
    root,
    options: inv.identOptions,
    env: process.env,
    interpreter: inv.interpreterWord,
    script: inv.script,
  });
  const ident = computeIdent(runBase, inv.explicitIdent, identInputs);
  if (!ident.ok) die(ident.error);

  const callId = process.env[TRACE_ENV] ? callIdFor(process.pid) : '';
  const tracer = openTracer(process.env, 'client', callId);
  const machine = clientWithEffects({
    setupArgv: setupArgv(inv),
    callArgv: executorArgv(inv),
    env: process.env,
    watcherEnv: tracer ? { [TRACE_ENV]: process.env[TRACE_ENV], [TRACE_CALL_ENV]: callId } : {},
  });
  const actor = createActor(machine, {
    input: {
      mode: inv.mode,
      runBase,
      socketPath: socketPath(runBase, ident.ident),
      lockPath: lockPath(runBase, ident.ident),
      logFiles: logFiles(runBase, ident.ident),
    },
    ...(tracer ? { inspect: tracer.inspector('client') } : {}),
  });
  tracer?.record({ note: 'start', argv: process.argv.slice(2) });
  actor.start();
  const outcome = await toPromise(actor);
  tracer?.record({ note: 'exit', outcome });
  return finish(outcome);
}

main(process.argv.slice(1)).catch((e: unknown) => {
  if (e instanceof Fatal) die(e.message);
  die(`internal error: ${(e as Error)?.stack ?? String(e)}`);
});
