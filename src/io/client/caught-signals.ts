// The signals the client relays to a call (core/wire.ts), caught: queued
// until the status is awaited, then reported as they come. The compiled
// client catches them before it sends its call with the connection, when it
// cannot know yet whether the server relays. They are released (our
// handlers go, and a signal that came meanwhile is raised again at its
// default action: the C client's behaviour, late) when the server relays
// none, when the client fails, and before any blocking wait for a greeting:
// a server that has not greeted has not read the call, and a blocked
// client could not act on a signal. One that the caller ignored (nohup) is
// relayed all the same, as a plain `node` run resets it to its default at
// start; released, it is ignored again, as the C client goes on ignoring it.
import { RELAYED_SIGNAL_NUMBERS } from '../../core/wire.js';
import { native } from '../../native/index.js';

/** The relayed signals by name, for process.on (no node:os, which costs the compiled client 0.15 ms). */
const RELAYED_NAMES = Object.entries(RELAYED_SIGNAL_NUMBERS) as [NodeJS.Signals, number][];

const queued: number[] = [];
/** stands in for SIG_IGN, which the runtime cannot set */
const ignore = (): void => {};
let report: ((signal: number) => void) | null = null;
let handlers: [NodeJS.Signals, () => void][] = [];

/** From now on (once: catching again changes nothing). */
export function catchRelayed(): void {
  if (handlers.length > 0) return;
  ignoredAtStart(); // before our handlers hide it
  handlers = RELAYED_NAMES.map(([name, signal]) => [name, () => (report ? report(signal) : queued.push(signal))]);
  for (const [name, handler] of handlers) process.on(name, handler);
}

/** Whether any are caught now. */
export function holding(): boolean {
  return handlers.length > 0;
}

let ignoredByCaller: Set<number> | undefined;

/** The signals this process was started with ignored (SigIgn in /proc/self/status: nohup, `&` in sh). */
function ignoredAtStart(): Set<number> {
  if (!ignoredByCaller) {
    const m = /^SigIgn:\s*([0-9a-f]+)$/m.exec(native.readFile('/proc/self/status').toString('latin1'));
    ignoredByCaller = signalsOfMask(m ? m[1] : '0');
  }
  return ignoredByCaller;
}

/** The relayed signals are all below 32: the mask's last 8 hex digits tell them (no BigInt on a warm call). */
function signalsOfMask(hex: string): Set<number> {
  const low = parseInt(hex.slice(-8), 16);
  const signals = new Set<number>();
  for (let signal = 1; signal <= 32; signal++) if ((low >>> (signal - 1)) & 1) signals.add(signal);
  return signals;
}

/**
 * The Node-run client: its caller ignored these (SigIgn, as its launcher
 * read it), and Node has set them back to their defaults: ignore them again.
 */
export function keepIgnoring(hexMask: string): void {
  if (!/^[0-9a-f]+$/.test(hexMask)) return;
  ignoredByCaller = signalsOfMask(hexMask);
  for (const [name, signal] of RELAYED_NAMES) if (ignoredByCaller.has(signal)) ignoreAgain(name);
}

function ignoreAgain(name: NodeJS.Signals): void {
  if (!process.listeners(name).includes(ignore)) process.on(name, ignore);
}

/** Reports what was queued, then each as it comes, until the returned stop. */
export function reportCaught(to: (signal: number) => void): () => void {
  report = to;
  for (const signal of queued.splice(0)) to(signal);
  return () => {
    report = null;
  };
}

/**
 * Our handlers go; what came meanwhile is raised again at its default
 * action (it may end us there), except what the caller ignored: that stays
 * ignored (a listener that does nothing: the runtime has no SIG_IGN).
 */
export function releaseCaught(): void {
  if (handlers.length === 0) return;
  const ignored = ignoredAtStart();
  for (const [name, handler] of handlers) {
    process.removeListener(name, handler);
    if (ignored.has(RELAYED_SIGNAL_NUMBERS[name as keyof typeof RELAYED_SIGNAL_NUMBERS])) ignoreAgain(name);
  }
  handlers = [];
  for (const signal of queued.splice(0)) if (!ignored.has(signal)) native.raiseDefault(signal);
}

/** Ctrl-Z, relayed: stop as a plain run stops, our handler set aside until SIGCONT. */
export function stopAsDefault(signal: number): void {
  const name = RELAYED_NAMES.find(([, n]) => n === signal)?.[0];
  const ours = name ? process.listeners(name) : [];
  for (const l of ours) process.removeListener(name!, l);
  native.raiseDefault(signal);
  for (const l of ours) process.on(name!, l);
}
