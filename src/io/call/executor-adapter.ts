// Runs the executor machine in a child forked from the server, supplying
// its effects, and turns the child into the call's process.
import fs from 'node:fs';
import { createActor, type InspectionEvent } from 'xstate';
import { native } from '../../native/index.js';
import { executorMachine } from '../../machines/executor.js';
import type { CallRequest } from '../../machines/monitor.js';
import type { BecameExecutor } from '../server/server-adapter.js';
import { adoptCall, detachFromServer, installExitPath } from './executor.js';
import { awaitHandOver, handOver } from '../spare.js';
import { minorGc } from '../gc.js';
import type { Tracer } from '../trace.js';

/** Rehearsals of the spare's path in the zygote: enough for the code to be compiled and its inline caches set (20: ~15 ms once, in parallel with the first call; 3 cost 0.2 ms more a call). */
const REHEARSALS = 20;
/** writes and reads of /dev/null: enough for V8 to optimise fs's argument checks (300 did; ~1 ms) */
const FS_REHEARSALS = 300;

/**
 * Runs, in the zygote before it forks any spare, the JavaScript every spare
 * runs for its call: a hand-over through a socketpair and the executor
 * machine from call to exit, with no effects. Each spare then starts with
 * that code compiled and its caches warm, instead of compiling it afresh
 * (measured: the spare's path from hand-over to exit 3.1 -> 2.6 ms).
 */
function rehearseSpare(): void {
  const [a, b] = native.socketpair();
  const nul = fs.openSync('/dev/null', 'r+');
  try {
    // small, so that it always fits in the socket's buffer: one process writes and reads
    const request: CallRequest = { fds: [nul, nul, nul], env: ['PATH=/usr/bin:/bin', 'HOME=/'], argv: ['node', 'rehearsal.mjs'] };
    for (let i = 0; i < REHEARSALS; i++) {
      handOver(a, request, 'rehearsal');
      const got = awaitHandOver(b);
      for (const fd of new Set(got?.request.fds ?? [])) fs.closeSync(fd);
      const actor = createActor(executorMachine, { input: { spare: true } }).start();
      for (const type of ['CALL_HANDED', 'ADOPTED'] as const) actor.send({ type });
      actor.send({ type: 'EXIT_EMITTED', code: 0 });
    }
    // Every call's output goes through fs.writeSync, whose argument checks
    // are small functions that V8 optimises once they are hot.  Left just
    // short of that here, they were optimised again in every spare: measured
    // +1 ms a call in a variant of this code.  Hot enough here, never there.
    const buf = Buffer.alloc(16);
    for (let i = 0; i < FS_REHEARSALS; i++) {
      fs.writeSync(nul, buf);
      fs.readSync(nul, buf, 0, buf.length, null);
    }
  } finally {
    for (const fd of [a, b, nul]) fs.closeSync(fd);
  }
}

/**
 * Our own failure, not the script's: say so in one line on the caller's
 * stderr (when there is a caller) and end as the C client's own failures do. Never
 * through Node's exit path, which a fork does not survive.
 */
function setUpFailed(e: unknown, request: CallRequest | null): never {
  const text = `prefork-interp (node): executor set-up failed: ${String(e).replace(/\s*\n\s*/g, ' ')}\n`;
  for (const fd of request ? [request.fds[2], 2] : []) {
    try {
      fs.writeSync(fd, text);
      break;
    } catch {
      // try the next
    }
  }
  return native.exitNow(127);
}

export function becomeCall(
  became: BecameExecutor,
  openTrace: ((callId: string) => Tracer | null) | null,
): { argv: string[]; argvBytes: Buffer[] } {
  let request: CallRequest | null = became.kind === 'call' ? became.request : null;
  try {
    let tracer: Tracer | null = null;
    let inspectWith: ((e: InspectionEvent) => void) | null = null;
    const actor = createActor(executorMachine, {
      input: { spare: became.kind !== 'call' },
      // Inspection costs on every event: only when this server traces at all.
      ...(openTrace ? { inspect: (e: InspectionEvent) => inspectWith?.(e) } : {}),
    });
    // Traced from when the call is known: a spare's wait belongs to no call.
    const traceCall = (callId: string) => {
      tracer = openTrace?.(callId) ?? null;
      inspectWith = tracer?.inspector('executor') ?? null;
    };
    if (became.kind === 'call') {
      detachFromServer(became.closeFds);
      traceCall(became.callId);
      actor.start();
    } else {
      // The zygote: what every spare it forks will share, then its loop.
      rehearseSpare();
      actor.start(); // awaiting a call, here and in every spare
      detachFromServer(became.closeFds);
      minorGc(); // each spare starts with an empty young generation
      const ctl = native.zygoteServe(became.ctl); // returns only in a spare, its own group leader
      const got = awaitHandOver(ctl);
      fs.closeSync(ctl);
      // The server has gone (quit, reload): a spare that never got a call just ends.
      if (!got) {
        actor.send({ type: 'SERVER_GONE' });
        native.exitNow(0);
      }
      request = got.request;
      traceCall(got.callId);
      actor.send({ type: 'CALL_HANDED' });
    }
    try {
      const adopted = adoptCall(request!);
      // Only a traced call listens to 'exit' (a listener of ours would show in process.listeners('exit')).
      const t = tracer as Tracer | null;
      installExitPath(
        t
          ? (code) => {
              t.record({ note: 'exit', status: code });
              actor.send({ type: 'EXIT_EMITTED', code });
            }
          : null,
      );
      actor.send({ type: 'ADOPTED' });
      return adopted;
    } catch (e) {
      actor.send({ type: 'ADOPT_FAILED', message: String(e) });
      throw e;
    }
  } catch (e) {
    return setUpFailed(e, request);
  }
}
