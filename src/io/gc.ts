// Collections on demand, without exposing gc() to the script: the server
// starts serving after a full collection (fork copies its page tables) and
// empties its young generation before it forks a spare, so a call does not
// begin by scavenging (and copying on write) the server's half-full new space.
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = (o?: { type: 'minor' | 'major' }) => void;
let gc: Gc | null | undefined;

function collect(type: 'minor' | 'major'): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  try {
    // Node 20's V8 takes {type: 'major'} and then leaves old space as it was
    // (measured: 11 MB of promoted garbage stays); a plain gc() is the full one.
    if (type === 'major') gc?.();
    else gc?.({ type });
  } catch {
    // not available in this Node: carry on without it
  }
}

export const majorGc = (): void => collect('major');
export const minorGc = (): void => collect('minor');
