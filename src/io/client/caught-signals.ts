// The signals the client relays to a call (core/wire.ts), caught by the
// addon: each one caught is written to a pipe, where it waits until the
// machine asks (nextCaught), and that pipe is what the status wait polls
// beside the call socket (client-adapter.ts). Caught, they are blocked but
// in that wait (ppoll), so they come to this thread in the kernel's order,
// pending meanwhile (a SIGCONT discards a pending Ctrl-Z). The compiled
// client catches them before it sends its call with the connection, when it
// cannot know yet whether the server relays. They are released (each does again what
// it did before, and one that came meanwhile is raised again at its default
// action: the C client's behaviour, late) when the server relays none, when
// the client fails, and, waiting for a greeting, at the first that would end
// or stop us at its default action: a server that has not greeted has not
// read the call, and the C client waiting there dies of it. One that the
// caller ignored (nohup) is relayed all the same, as a plain `node` run
// resets it to its default at start; released, it is ignored again, as the
// C client goes on ignoring it.
import { RELAYED_SIGNAL_NUMBERS } from '../../core/wire.js';
import { native, POLLIN } from '../../native/index.js';

const RELAYED = Object.values(RELAYED_SIGNAL_NUMBERS);
const { SIGCONT, SIGTSTP, SIGUSR1, SIGWINCH } = RELAYED_SIGNAL_NUMBERS;

/** the pipe's read end while they are caught */
let caughtFd: number | null = null;
/** taken from the pipe, not yet handed on (nextCaught) */
const taken: number[] = [];
/** what our caller ignored: from the launcher (the Node-run client), or as found at the first catch */
let ignoredByCaller: Set<number> | undefined;

/** From now on (once: catching again changes nothing). */
export function catchRelayed(): void {
  if (caughtFd !== null) return;
  const { fd, ignored } = native.catchSignals(RELAYED);
  ignoredByCaller ??= new Set(ignored);
  caughtFd = fd;
}

/** Whether any are caught now. */
export function holding(): boolean {
  return caughtFd !== null;
}

/** Readable while caught signals wait to be taken; null when none are caught. */
export function caughtSignalsFd(): number | null {
  return caughtFd;
}

/** The next signal caught, in the order they came; undefined when none waits. */
export function nextCaught(): number | undefined {
  if (taken.length === 0 && caughtFd !== null) taken.push(...native.takeCaught());
  return taken.shift();
}

/**
 * The Node-run client: its caller ignored these (SigIgn, as its launcher
 * read it), and Node has set them back to their defaults: ignore them again.
 */
export function keepIgnoring(hexMask: string): void {
  if (!/^[0-9a-f]+$/.test(hexMask)) return;
  ignoredByCaller = signalsOfMask(hexMask);
  native.ignoreSignals(RELAYED.filter((s) => ignoredByCaller!.has(s)));
}

/** The relayed signals are all below 32: the mask's last 8 hex digits tell them (no BigInt on a warm call). */
function signalsOfMask(hex: string): Set<number> {
  const low = parseInt(hex.slice(-8), 16);
  const signals = new Set<number>();
  for (let signal = 1; signal <= 32; signal++) if ((low >>> (signal - 1)) & 1) signals.add(signal);
  return signals;
}

/**
 * Ours go; each does again what it did before we caught it; what came
 * meanwhile is raised again at its default action (it may end us there),
 * except what the caller ignored, which stays ignored.
 */
export function releaseCaught(): void {
  if (caughtFd === null) return;
  // in this order: one that comes between the two is in the pipe, or meets
  // its old disposition (releaseSignals unblocks them: one pending meets it too)
  native.releaseSignals(RELAYED);
  const pending = [...taken.splice(0), ...native.takeCaught()];
  caughtFd = null;
  for (const signal of raisedOnRelease(pending, ignoredByCaller ?? new Set())) native.raiseDefault(signal);
}

/**
 * What a release raises again of those that came, in order: not what the
 * caller ignored, and not a Ctrl-Z that a SIGCONT after it would have
 * discarded while pending (the kernel's rule: raised, it would stop us for good).
 */
export function raisedOnRelease(pending: readonly number[], ignored: ReadonlySet<number>): number[] {
  return pending.filter((signal, i) => !ignored.has(signal) && !(signal === SIGTSTP && pending.indexOf(SIGCONT, i + 1) > i));
}

/**
 * Waiting for a greeting with them caught (a call sent ahead): blocks until
 * fd is readable. One that would end or stop us at its default action lets
 * them all go (and is raised again), as it ends a C client waiting there;
 * one that would not (ignored by our caller, SIGCONT, SIGWINCH) waits to be
 * relayed once greeted. (Let go at once, a nohup'd SIGHUP that came as the
 * server took the call was lost.)
 */
export function awaitReadableHolding(fd: number): void {
  const harmless = (signal: number) => signal === SIGCONT || signal === SIGWINCH || ignoredByCaller!.has(signal);
  while (caughtFd !== null) {
    if (native.poll([fd, caughtFd], [POLLIN, POLLIN], -1, true)[0] !== 0) return;
    taken.push(...native.takeCaught());
    if (!taken.every(harmless)) releaseCaught();
  }
}

/**
 * Ctrl-Z, relayed: stop as a plain run stops, and catch it again once
 * continued; unless a SIGCONT has come since, which would have continued a
 * plain run already (stopping now would be for good): the addon decides
 * that without a gap, from what is taken here and what is in the pipe.
 */
export function stopAsDefault(signal: number): void {
  if (caughtFd === null) return native.raiseDefault(signal);
  if (taken.includes(SIGCONT)) return;
  const stop = native.stopUnlessContinued(signal);
  taken.push(...stop.taken);
  // Not stopped (our process group is orphaned: a plain run there is not
  // stopped either): the call, stopped by the relay, is continued.
  if (stop.ignored) taken.push(SIGCONT);
}

/**
 * The Node-run client: Node catches SIGUSR1 to start its inspector (a
 * debugger on localhost, in a process that holds our caller's descriptors
 * and environment). The C client dies of it, as does the compiled one.
 */
export function noInspectorSignal(): void {
  native.defaultSignals([SIGUSR1]);
}
