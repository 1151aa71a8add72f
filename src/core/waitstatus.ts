// Raw wait statuses as they travel on the wire (4 bytes, big-endian).
// Linux encoding: exit code in bits 8-15; signal in bits 0-6; core flag 0x80.

export type WaitStatus =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: number; coreDumped: boolean }
  | { kind: 'other'; raw: number };

export function decodeWaitStatus(raw: number): WaitStatus {
  const sig = raw & 0x7f;
  if (sig === 0) return { kind: 'exited', code: (raw >> 8) & 0xff };
  if (sig !== 0x7f) return { kind: 'signaled', signal: sig, coreDumped: (raw & 0x80) !== 0 };
  return { kind: 'other', raw };
}

export function encodeExit(code: number): number {
  return (code & 0xff) << 8;
}

export function encodeSignal(signal: number, coreDumped = false): number {
  return (signal & 0x7f) | (coreDumped ? 0x80 : 0);
}

// The signals a client re-raises on itself rather than reporting: the ones a
// shell treats as "the user or the pipeline stopped it".
export const PROPAGATED_SIGNALS: ReadonlySet<number> = new Set([1, 2, 9, 13, 15]);

/** What the client must do for a status: exit with a code, die of a signal, or fail. */
export type ExitPlan =
  | { kind: 'exit'; code: number }
  | { kind: 'raise'; signal: number }
  | { kind: 'fail'; signal?: number; message: string };

/**
 * Mirrors the reference's propagate_exit_status. `signalName` is strsignal()'s
 * text (passed in so this stays pure).
 */
export function planExit(raw: number, what: string, signalName: (sig: number) => string): ExitPlan {
  // (only a broken server sends one: the status on the wire is a u32)
  if (raw > 0x7fffffff) return { kind: 'fail', message: `status 0x${raw.toString(16)} does not fit in an int` };
  const ws = decodeWaitStatus(raw);
  if (ws.kind === 'exited') return { kind: 'exit', code: ws.code };
  if (ws.kind === 'signaled') {
    if (!ws.coreDumped && PROPAGATED_SIGNALS.has(ws.signal)) return { kind: 'raise', signal: ws.signal };
    return {
      kind: 'fail',
      signal: ws.signal,
      message: `${what} failed due to signal ${ws.signal} ${signalName(ws.signal)}${ws.coreDumped ? ' (core dumped)' : ''}`,
    };
  }
  return { kind: 'fail', message: `${what} failed with weird wait status ${raw} 0x${raw.toString(16)}` };
}
