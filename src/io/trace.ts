// Tracing of real calls: every process appends its machine transitions, as
// JSON lines (pino), to the file named by PREFORK_INTERP_TRACE. Off when
// the variable is unset. Each record carries the process's role and the id
// of the call it belongs to, shared by all the processes of that call:
// "<client pid>.<client start time>", which the server learns from the
// socket itself (SO_PEERCRED) and so needs nothing added to the protocol.
import { lazyFs, lazyPath } from './lazy-builtins.js';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { InspectionEvent } from 'xstate';
import { closeQuietly } from './blocking-fd.js';
import { STANDALONE } from './standalone.js';

// Loaded only when tracing is on: the client's start-up path stays free of it.
const loadPino = () => (STANDALONE ? pinoOfPackage() : createRequire(import.meta.url)('pino')) as typeof import('pino');

/**
 * The compiled client resolves no bare module names from disk: it takes
 * pino from the node_modules its executable was installed with.
 */
function pinoOfPackage(): unknown {
  const fs = lazyFs();
  const path = lazyPath();
  for (let dir = path.dirname(process.execPath); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'node_modules/pino');
    if (fs.existsSync(path.join(pkg, 'package.json'))) {
      const main = (JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { main?: string }).main ?? 'index.js';
      return createRequire(process.execPath)(path.join(pkg, main));
    }
    if (path.dirname(dir) === dir) throw new Error('pino not found beside the executable');
  }
}

export const TRACE_ENV = 'PREFORK_INTERP_TRACE';
/** the client's call id, for the watcher it starts */
export const TRACE_CALL_ENV = 'PREFORK_INTERP_TRACE_CALL';

export type Role = 'client' | 'watcher' | 'setup' | 'server' | 'monitor' | 'executor';

export interface TraceRecord {
  /** wall-clock ms, sub-ms resolution */
  t: number;
  role: Role;
  pid: number;
  call: string;
  machine?: string;
  /** state after the event */
  state?: string;
  event?: string;
  note?: string;
  [k: string]: unknown;
}

/** The id of the call whose client is `pid` ("pid.starttime", start time in clock ticks since boot). */
export function callIdFor(pid: number): string {
  const fs = lazyFs();
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid}.${fields[19]}`;
  } catch {
    return String(pid);
  }
}

export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => (v && (typeof v === 'string' || Object.keys(v as object).length) ? `${k}.${stateString(v)}` : k))
      .join(',');
  }
  return String(value);
}

export class Tracer {
  private readonly log: Logger;
  /** the trace file's descriptor, which a forked child must not keep */
  readonly fd: number | undefined;
  constructor(
    file: string,
    readonly role: Role,
    public call: string,
    private readonly pid: () => number = () => process.pid,
  ) {
    this.owner = this.pid();
    const pino = loadPino();
    const dest = pino.destination({ dest: file, append: true, sync: true, mkdir: true });
    this.log = pino.pino({ base: null, timestamp: false, messageKey: 'note' }, dest);
    this.fd = (dest as unknown as { fd?: number }).fd;
  }

  /** the process this tracer belongs to: a forked child does not write as its parent */
  private readonly owner: number;

  record(r: Omit<TraceRecord, 't' | 'role' | 'pid' | 'call'> & { call?: string }): void {
    if (this.pid() !== this.owner) return;
    this.log.info({ t: performance.timeOrigin + performance.now(), role: this.role, pid: this.pid(), ...r, call: r.call ?? this.call });
  }

  /** For a tracer this process is done with: its descriptor must not reach the processes it forks. */
  close(): void {
    if (this.fd !== undefined) closeQuietly(this.fd);
  }

  /** An `inspect` callback for createActor: records each snapshot with the event that made it. */
  inspector(machine: string, call?: () => string): (e: InspectionEvent) => void {
    let last = '';
    return (e) => {
      if (e.type !== '@xstate.snapshot') return;
      if (e.actorRef.sessionId !== e.rootId) return; // the machine itself, not its effects
      const snap = e.snapshot as { value?: unknown; status?: string };
      if (snap.value === undefined) return;
      const state = stateString(snap.value);
      const ev = (e.event as { type: string }).type;
      if (state === last && ev.startsWith('xstate.')) return;
      last = state;
      this.record({ machine, state, event: ev, status: snap.status, ...(call ? { call: call() } : {}) });
    };
  }
}

/** A tracer if PREFORK_INTERP_TRACE is set in `env`, else null. */
export function openTracer(env: NodeJS.ProcessEnv, role: Role, call: string, pid?: () => number): Tracer | null {
  const file = env[TRACE_ENV];
  if (!file) return null;
  try {
    return new Tracer(file, role, call, pid);
  } catch {
    return null; // tracing must never break a call
  }
}
