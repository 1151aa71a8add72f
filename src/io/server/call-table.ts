// The calls a server has under way, by connection: each one's trace id,
// the callers' descriptors it brought (until the executor has them), what
// its monitor now waits for, and the monitor itself.
import type { AnyActorRef } from 'xstate';
import { closeQuietly } from '../blocking-fd.js';

export interface CallEntry {
  id: string;
  fds: Set<number>;
  stopWaiting: (() => void) | null;
  monitor?: AnyActorRef;
}

export class CallTable {
  private readonly calls = new Map<number, CallEntry>();

  get size(): number {
    return this.calls.size;
  }

  add(callFd: number, id: string): CallEntry {
    const entry: CallEntry = { id, fds: new Set(), stopWaiting: null };
    this.calls.set(callFd, entry);
    return entry;
  }

  get(callFd: number): CallEntry | undefined {
    return this.calls.get(callFd);
  }

  idOf(callFd: number): string {
    return this.calls.get(callFd)?.id ?? '';
  }

  /** Closes what a call held here: its callers' descriptors and its connection. */
  release(callFd: number, fds: number[] = []): void {
    for (const fd of new Set([...fds, ...(this.calls.get(callFd)?.fds ?? [])])) closeQuietly(fd);
    closeQuietly(callFd);
    this.calls.delete(callFd);
  }

  /** What a monitor's state now waits for, to be stopped when the state is left. */
  waitFor(callFd: number, stop: (() => void) | void): void {
    const call = this.calls.get(callFd);
    if (call) call.stopWaiting = stop ?? null;
    else stop?.(); // released already
  }

  stopWaiting(callFd: number): void {
    const call = this.calls.get(callFd);
    const stop = call?.stopWaiting;
    if (call) call.stopWaiting = null;
    stop?.();
  }

  /** Every descriptor the table holds: connections and callers' descriptors. */
  descriptors(): number[] {
    return [...this.calls].flatMap(([fd, call]) => [fd, ...call.fds]);
  }
}
