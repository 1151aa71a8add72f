// Entry point of the prefork-interp client: bin/prefork-interp-node runs it
// under Node, and cli/standalone.ts is this compiled with bun.
import fs from 'node:fs';
import { createActor, toPromise } from 'xstate';
import { parseCommandLine, executorArgv, setupArgv, setupEnvironment, USAGE } from '../core/options.js';
import { computeIdent, lockPath, logFiles, socketPath, type IdentInputs } from '../core/ident.js';
import { planExit } from '../core/waitstatus.js';
import { clientWithEffects } from '../io/client-adapter.js';
import { findRunBase } from '../io/rundir.js';
import { Fatal, fatalErrno } from '../io/fatal.js';
import { native } from '../native/index.js';
import { bytesOf, decodedText } from '../core/bytes.js';
import { kernelArgv, kernelEnviron } from '../io/kernel-args.js';
import { closedByCaller, standInForClosed } from '../io/closed-fd.js';
import { listServers } from '../io/server-list.js';
import { STANDALONE } from '../io/standalone.js';
import { sha256Hex } from '../io/sha256.js';
import { formatServers } from './list.js';
import type { ClientOutcome } from '../machines/client.js';
// (pino, the costly part of tracing, is loaded only when tracing is on)
import { callIdFor, openTracer, TRACE_CALL_ENV, TRACE_ENV } from '../io/trace.js';

// bin/prefork-interp-node moves NODE_EXTRA_CA_CERTS aside so that our own Node
// does not spend ~50 ms loading certificates it never uses; the call and the
// server must see the caller's environment exactly, so put it back.
// It also says which of the standard descriptors its caller had closed
// (they are open now: perl and Node put files there); the compiled client
// tells them by itself.
const STASH = 'PREFORK_INTERP_STASHED_NODE_EXTRA_CA_CERTS=';
const CLOSED = 'PREFORK_INTERP_CLOSED_FDS=';
function fromLauncher(): { environment: string[]; closed: number[] } {
  if (STANDALONE) return { environment: kernelEnviron(), closed: closedByCaller() };
  const environment: string[] = [];
  let closed: number[] = [];
  for (const e of kernelEnviron()) {
    if (e.startsWith(CLOSED)) closed = e.slice(CLOSED.length).split(',').map(Number).filter((n) => n >= 0 && n <= 2);
    // "=" after the name marks "was set", even to ""
    else environment.push(e.startsWith(STASH) ? `NODE_EXTRA_CA_CERTS${e.slice(STASH.length)}` : e);
  }
  return { environment, closed };
}

/** NAME=value entries as a record: a later duplicate wins, as setenv in order does. */
function environmentRecord(entries: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return env;
}

/** text: a string, or with bytes, a byte string (what came from argv), written as its bytes like the C client */
function say(text: string, bytes = false): void {
  try {
    fs.writeSync(2, bytes ? bytesOf(text) : Buffer.from(text));
  } catch {
    // stderr gone: nothing else can be told
  }
}

function die(message: string, bytes = false): never {
  say(`prefork-interp: ${message}\n`, bytes);
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

async function main(argv: string[]): Promise<never> {
  // Descriptors our caller left open (e.g. `x=$(script 200>&1)`) must not
  // reach the watcher or the server, which outlive us: spawn maps the ones
  // they need onto fixed numbers, which clears the flag there.
  native.cloexecFrom(3);
  const { environment, closed } = fromLauncher();
  for (const fd of closed) standInForClosed(fd);
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
    say(`${parsed.message}\n${USAGE}`, true);
    process.exit(255);
  }
  if (parsed.kind === 'die') die(parsed.message, true);
  if (parsed.kind === 'list') {
    fs.writeSync(1, formatServers(listServers(findRunBase(say)), parsed.json));
    process.exit(0);
  }
  const inv = parsed.invocation;
  if (!inv.unlaundered) die('need -U (specifying unlaundered argument handling)');

  const runBase = findRunBase(say);
  const identInputs = (): IdentInputs => ({
    utsname,
    cwd,
    root,
    options: inv.identOptions,
    env: environmentRecord(environment),
    interpreter: inv.interpreterWord,
    script: inv.script,
  });
  // the explicit ident names a file: a path string, as Node takes paths
  const explicitIdent = inv.explicitIdent === undefined ? undefined : decodedText(inv.explicitIdent);
  const ident = computeIdent(runBase, explicitIdent, identInputs, sha256Hex);
  if (!ident.ok) die(ident.error);

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
      runBase,
      socketPath: socketPath(runBase, ident.ident),
      lockPath: lockPath(runBase, ident.ident),
      logFiles: logFiles(runBase, ident.ident),
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

// argv and the environment as byte strings, exactly as the kernel gave them (see core/bytes.ts)
main(kernelArgv(STANDALONE)).catch((e: unknown) => {
  if (e instanceof Fatal) die(e.message);
  die(`internal error: ${(e as Error)?.stack ?? String(e)}`);
});
