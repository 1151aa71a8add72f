// Runs the executor machine in a child forked from the server, supplying
// its effects, and turns the child into the call's process.
import fs from 'node:fs';
import { createActor, type InspectionEvent } from 'xstate';
import { native } from '../native/index.js';
import { executorMachine } from '../machines/executor.js';
import type { CallRequest } from '../machines/monitor.js';
import type { BecameExecutor } from './server-adapter.js';
import { adoptCall, detachFromServer, emitBeforeExit, installExitPath, leaveProcess } from './executor.js';
import { awaitHandOver } from './spare.js';
import type { Tracer } from './trace.js';

export function becomeCall(
  became: BecameExecutor,
  openTrace: ((callId: string) => Tracer | null) | null,
): { argv: string[] } {
  let tracer: Tracer | null = null;
  let inspectWith: ((e: InspectionEvent) => void) | null = null;
  const onExit = (status: number) => tracer?.record({ note: 'exit', status });
  const actor = createActor(
    executorMachine.provide({
      actions: {
        emitBeforeExit: () => emitBeforeExit(),
        exitProcess: () => process.exit(),
        leave: (_, { code }) => leaveProcess(code, onExit),
      },
    }),
    {
      input: { spare: became.kind === 'spare' },
      // Inspection costs on every event: only when this server traces at all.
      ...(openTrace ? { inspect: (e: InspectionEvent) => inspectWith?.(e) } : {}),
    },
  );
  detachFromServer(became.closeFds);
  let request: CallRequest;
  let callId: string;
  if (became.kind === 'spare') {
    actor.start();
    const got = awaitHandOver(became.ctl);
    fs.closeSync(became.ctl);
    // The server has gone (quit, reload): a spare that never got a call just ends.
    if (!got) {
      actor.send({ type: 'SERVER_GONE' });
      native.exitNow(0);
    }
    ({ request, callId } = got);
    tracer = openTrace?.(callId) ?? null;
    inspectWith = tracer?.inspector('executor') ?? null;
    actor.send({ type: 'CALL_HANDED' });
  } else {
    ({ request, callId } = became);
    tracer = openTrace?.(callId) ?? null;
    inspectWith = tracer?.inspector('executor') ?? null;
    actor.start();
  }
  try {
    const { argv } = adoptCall(request);
    installExitPath(
      {
        exitEmitted: (code) => actor.send({ type: 'EXIT_EMITTED', code }),
        loopIdle: () => actor.send({ type: 'LOOP_IDLE' }),
        stillIdle: () => actor.send({ type: 'STILL_IDLE' }),
      },
      (code) => leaveProcess(code, onExit),
    );
    actor.send({ type: 'ADOPTED' });
    return { argv };
  } catch (e) {
    actor.send({ type: 'ADOPT_FAILED', message: String(e) });
    // Our own failure, not the script's: say so on the caller's stderr, end like the C client would.
    const text = `prefork-interp (node): executor set-up failed: ${(e as Error)?.stack ?? String(e)}\n`;
    for (const fd of [request.fds[2], 2]) {
      try {
        fs.writeSync(fd, text);
        break;
      } catch {
        // try the next
      }
    }
    return native.exitNow(127);
  }
}
