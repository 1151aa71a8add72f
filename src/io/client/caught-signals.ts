// The signals the client relays to a call (core/wire.ts), caught: queued
// until the status is awaited, then reported as they come. The compiled
// client catches them before it sends its call with the connection, when it
// cannot know yet whether the server relays; a server that does not offer
// it gets the C client's behaviour back (release): our handlers go, and a
// signal that came meanwhile is raised again, at its default action.
import { RELAYED_SIGNAL_NUMBERS } from '../../core/wire.js';
import { native } from '../../native/index.js';

/** The relayed signals by name, for process.on (no node:os, which costs the compiled client 0.15 ms). */
const RELAYED_NAMES = Object.entries(RELAYED_SIGNAL_NUMBERS) as [NodeJS.Signals, number][];

const queued: number[] = [];
let report: ((signal: number) => void) | null = null;
let handlers: [NodeJS.Signals, () => void][] = [];

/** From now on (once: catching again changes nothing). */
export function catchRelayed(): void {
  if (handlers.length > 0) return;
  handlers = RELAYED_NAMES.map(([name, signal]) => [name, () => (report ? report(signal) : queued.push(signal))]);
  for (const [name, handler] of handlers) process.on(name, handler);
}

/** Reports what was queued, then each as it comes, until the returned stop. */
export function reportCaught(to: (signal: number) => void): () => void {
  report = to;
  for (const signal of queued.splice(0)) to(signal);
  return () => {
    report = null;
  };
}

/** Our handlers go; what came meanwhile is raised again at its default action (it may end us there). */
export function releaseCaught(): void {
  for (const [name, handler] of handlers) process.removeListener(name, handler);
  handlers = [];
  for (const signal of queued.splice(0)) native.raiseDefault(signal);
}

/** Ctrl-Z, relayed: stop as a plain run stops, our handler set aside until SIGCONT. */
export function stopAsDefault(signal: number): void {
  const name = RELAYED_NAMES.find(([, n]) => n === signal)?.[0];
  const ours = name ? process.listeners(name) : [];
  for (const l of ours) process.removeListener(name!, l);
  native.raiseDefault(signal);
  for (const l of ours) process.on(name!, l);
}
