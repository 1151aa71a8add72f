// How adapters supply a machine's effect: a callback actor that runs one
// step of I/O and reports what happened as events. It may return a cleanup
// (stop watching) that XState calls when the machine leaves the state.
import { fromCallback, type AnyEventObject } from 'xstate';
import { errnoText } from './fatal.js';
import { errorLine } from '../core/error-line.js';

export function step<TInput, TEvent extends AnyEventObject = AnyEventObject>(
  run: (input: TInput, send: (e: TEvent) => void) => void | (() => void),
) {
  return fromCallback<AnyEventObject, TInput>(({ input, sendBack }) => run(input, sendBack));
}

/**
 * The same for effects that block (the client's reads and writes on its
 * call socket are synchronous): they start once the machine has settled in
 * its new state, so that the state is observable (traces) while the
 * process waits in it, and report nothing once the state is left.
 */
export function blockingStep<TInput, TEvent extends AnyEventObject = AnyEventObject>(
  run: (input: TInput, send: (e: TEvent) => void) => void,
) {
  return fromCallback<AnyEventObject, TInput>(({ input, sendBack }) => runSettled((send: (e: TEvent) => void) => run(input, send), sendBack));
}

/**
 * blockingStep's way, for a callback actor that chooses it: run once
 * settled; report nothing once stopped. One that throws (where it should
 * have reported) is reported as EFFECT_FAILED with the error's first line:
 * run here, outside XState, its exception would end the process unheard.
 */
export function runSettled<TEvent extends AnyEventObject>(run: (send: (e: TEvent) => void) => void, sendBack: (e: AnyEventObject) => void): () => void {
  let stopped = false;
  queueMicrotask(() => {
    if (stopped) return;
    try {
      run((e) => !stopped && sendBack(e));
    } catch (e) {
      if (!stopped) sendBack({ type: 'EFFECT_FAILED', message: errorLine(errnoText(e)) });
    }
  });
  return () => {
    stopped = true;
  };
}
