// The server's event loop: poll(2) on raw descriptors, and a clock for the
// machines' delays.  The server never returns to libuv while it serves, so
// nothing inherited from the script's initialisation (timers, sockets) runs
// in the server, and a fork always happens from a known, quiet state.
import { native, POLLIN, POLLHUP, POLLERR, POLLNVAL } from '../../native/index.js';

/** The clock the timers run on: monotonic, so that a clock set back or forward moves no timeout. */
const monotonicMs = (): number => performance.now();

type Handler = (revents: number) => void;

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class PollLoop {
  private watches = new Map<number, { events: number; handler: Handler }>();
  private timers = new Map<number, Timer>();
  private nextTimer = 1;
  private soonQueue: (() => void)[] = [];
  stopped = false;

  /**
   * Runs fn at the top of the loop's next turn, with no handler of this turn
   * on the stack: where the server forks, so that a child goes straight out
   * of the loop instead of back through the server's bookkeeping.
   */
  soon(fn: () => void): void {
    this.soonQueue.push(fn);
  }

  /** Calls handler when fd is ready (POLLIN by default) until unwatch. */
  watch(fd: number, handler: Handler, events = POLLIN): () => void {
    this.watches.set(fd, { events, handler });
    return () => {
      const w = this.watches.get(fd);
      if (w && w.handler === handler) this.watches.delete(fd);
    };
  }

  /**
   * Like watch, but tries the handler at once: a caller usually sends its
   * whole request at once, so the data is often there before we poll.
   * The handler must treat EAGAIN as "not yet".
   */
  watchEager(fd: number, handler: (revents: number, unwatch: () => void) => void): () => void {
    let active = true;
    const h = (revents: number) => handler(revents, stop);
    const unwatch = this.watch(fd, h);
    const stop = () => {
      active = false;
      unwatch();
    };
    handler(POLLIN, stop);
    return () => {
      if (active) stop();
    };
  }

  /** XState's clock interface, so that `after` delays run on this loop. */
  readonly clock = {
    setTimeout: (fn: (...args: unknown[]) => void, ms: number) => {
      const id = this.nextTimer++;
      this.timers.set(id, { id, at: monotonicMs() + ms, fn });
      return id;
    },
    clearTimeout: (id: unknown) => {
      this.timers.delete(id as number);
    },
  };

  private runDueTimers(): void {
    const now = monotonicMs();
    for (const t of [...this.timers.values()].sort((a, b) => a.at - b.at)) {
      if (t.at > now) break;
      this.timers.delete(t.id);
      t.fn();
      if (this.stopped) return;
    }
  }

  private timeout(): number {
    let next = Infinity;
    for (const t of this.timers.values()) next = Math.min(next, t.at);
    if (next === Infinity) return -1;
    return Math.max(0, Math.min(next - monotonicMs(), 0x7fffffff));
  }

  /** Runs until stop() is called from a handler. */
  run(): void {
    while (!this.stopped) {
      while (this.soonQueue.length > 0 && !this.stopped) this.soonQueue.shift()!();
      if (this.stopped) break;
      const fds = [...this.watches.keys()];
      const events = fds.map((fd) => this.watches.get(fd)!.events);
      const revents = native.poll(fds, events, this.soonQueue.length > 0 ? 0 : this.timeout());
      for (let i = 0; i < fds.length && !this.stopped; i++) {
        if (!revents[i]) continue;
        const w = this.watches.get(fds[i]);
        // POLLHUP/POLLERR come without being asked for: hand them to the reader.
        if (w && revents[i] & (w.events | POLLHUP | POLLERR | POLLNVAL)) w.handler(revents[i]);
      }
      if (!this.stopped) this.runDueTimers();
    }
  }

  stop(): void {
    this.stopped = true;
  }

}
