// The client's first part, which needs no XState: the launcher's facts, the
// command line, the ident and the socket's path, and whether the call may go
// out with the connection (the compiled client's entry runs it, connects
// and sends, before it loads the rest: see standalone.ts).
import { executorArgv, parseCommandLine, USAGE, type Invocation } from '../core/options.js';
import { encodeRequest } from '../core/wire.js';
import { computeIdent, lockPath, logFiles, socketPath, type IdentInputs } from '../core/ident.js';
import { findRunBase } from '../io/client/rundir.js';
import { Fatal, fatalErrno } from '../io/fatal.js';
import { native } from '../native/index.js';
import { bytesOf, decodedText } from '../core/bytes.js';
import { kernelArgv, kernelEnviron } from '../io/kernel-args.js';
import { closedByCaller, standInForClosed } from '../io/closed-fd.js';
import { STANDALONE } from '../io/standalone.js';
import { sha256Hex } from '../io/client/sha256.js';
import { lazyFs } from '../io/lazy-builtins.js';
import { keepIgnoring, noInspectorSignal } from '../io/client/caught-signals.js';

// bin/prefork-interp-node moves NODE_EXTRA_CA_CERTS aside so that our own Node
// does not spend ~50 ms loading certificates it never uses; the call and the
// server must see the caller's environment exactly, so put it back.
// It also says which of the standard descriptors its caller had closed
// (they are open now: perl and Node put files there); the compiled client
// tells them by itself.
const ENOENT = 2;
const STASH = 'PREFORK_INTERP_STASHED_NODE_EXTRA_CA_CERTS=';
const CLOSED = 'PREFORK_INTERP_CLOSED_FDS=';
// and, as a SigIgn mask, the signals its caller ignored (Node has reset them)
const IGNORED = 'PREFORK_INTERP_IGNORED_SIGNALS=';
function fromLauncher(): { environment: string[]; closed: number[]; ignoredMask: string | null } {
  if (STANDALONE) return { environment: kernelEnviron(), closed: closedByCaller(), ignoredMask: null };
  const environment: string[] = [];
  let closed: number[] = [];
  let ignoredMask: string | null = null;
  for (const e of kernelEnviron()) {
    if (e.startsWith(CLOSED)) closed = e.slice(CLOSED.length).split(',').map(Number).filter((n) => n >= 0 && n <= 2);
    else if (e.startsWith(IGNORED)) ignoredMask = e.slice(IGNORED.length);
    // "=" after the name marks "was set", even to ""
    else environment.push(e.startsWith(STASH) ? `NODE_EXTRA_CA_CERTS${e.slice(STASH.length)}` : e);
  }
  return { environment, closed, ignoredMask };
}

/** NAME=value entries as a record, for -E: of duplicates the first wins, as the C client's getenv finds it. */
function environmentRecord(entries: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    const name = e.slice(0, eq);
    if (eq > 0 && !Object.hasOwn(env, name)) env[name] = e.slice(eq + 1);
  }
  return env;
}

/** text: a string, or with bytes, a byte string (what came from argv), written as its bytes like the C client */
export function say(text: string, bytes = false): void {
  try {
    lazyFs().writeSync(2, bytes ? bytesOf(text) : Buffer.from(text));
  } catch {
    // stderr gone: nothing else can be told
  }
}

export function die(message: string, bytes = false): never {
  say(`prefork-interp: ${message}\n`, bytes);
  process.exit(127);
}

function statFor(path: string): { dev: bigint; ino: bigint } {
  let st;
  try {
    st = native.stat(path, true);
  } catch (e) {
    throw fatalErrno(`failed to stat ${path}`, e);
  }
  if (!st) throw new Fatal(`failed to stat ${path}: ${native.strerror(ENOENT)}`);
  return { dev: st.dev, ino: st.ino };
}

export type Prepared =
  | { kind: 'list'; json: boolean; runBase: string }
  | {
      kind: 'call';
      inv: Invocation;
      /** the NAME=value entries the call runs with (byte strings) */
      environment: string[];
      runBase: string;
      socketPath: string;
      lockPath: string;
      logFiles: string[];
    };

function prepare(argv: string[]): Prepared {
  // Descriptors our caller left open (e.g. `x=$(script 200>&1)`) must not
  // reach the watcher or the server, which outlive us: spawn maps the ones
  // they need onto fixed numbers, which clears the flag there.
  native.cloexecFrom(3);
  const { environment, closed, ignoredMask } = fromLauncher();
  for (const fd of closed) standInForClosed(fd);
  if (!STANDALONE) noInspectorSignal();
  if (ignoredMask !== null) keepIgnoring(ignoredMask);
  // As in the C client, the host and directory facts come first (even before --help).
  const utsname = native.uname();
  const cwd = statFor('.');
  const root = statFor('/');

  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    try {
      lazyFs().writeSync(1, USAGE);
    } catch {
      // as the C client: usage to a closed or full stdout is not a failure
    }
    process.exit(0);
  }
  if (parsed.kind === 'usage') {
    say(`${parsed.message}\n${USAGE}`, true);
    process.exit(255);
  }
  if (parsed.kind === 'die') die(parsed.message, true);
  if (parsed.kind === 'list') return { kind: 'list', json: parsed.json, runBase: findRunBase(say) };
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
  return {
    kind: 'call',
    inv,
    environment,
    runBase,
    socketPath: socketPath(runBase, ident.ident),
    lockPath: lockPath(runBase, ident.ident),
    logFiles: logFiles(runBase, ident.ident),
  };
}

let prepared: { ok: true; value: Prepared } | { ok: false; error: unknown } | undefined;

/**
 * Once per process, failure included (the compiled client's entry asks
 * first, and main() again: its warnings are said once): argv and the
 * environment as byte strings, exactly as the kernel gave them (see core/bytes.ts).
 */
export function preparedCall(): Prepared {
  if (!prepared) {
    try {
      prepared = { ok: true, value: prepare(kernelArgv(STANDALONE)) };
    } catch (error) {
      prepared = { ok: false, error };
    }
  }
  if (!prepared.ok) throw prepared.error;
  return prepared.value;
}

/** A request up to this size goes out with the connection: the socket's buffer takes it without blocking. */
const AHEAD_MAX = 16 * 1024;

/**
 * The request, when the call may go out on the connection made ahead,
 * before the greeting is read: only to a peer of our uid (the machine
 * refuses any other, from what CONNECTED tells it) and only a request the
 * socket's buffer takes at once. Otherwise null, and the machine sends it
 * after the greeting, as the C client does.
 */
export function sendsAhead(p: Prepared & { kind: 'call' }, peerUid: number): Buffer | null {
  if (peerUid !== process.getuid!()) return null;
  const request = encodeRequest(p.environment, executorArgv(p.inv));
  return request.length <= AHEAD_MAX ? request : null;
}
