// A young-generation collection on demand, without exposing gc() to the
// script: the server empties its new space before it forks a spare, so a
// call does not begin by scavenging (and copying on write) the server's
// half-full new space.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: ((o?: { type: 'minor' | 'major' }) => void) | null | undefined;

function getGc() {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as typeof gc;
    } catch {
      gc = null;
    }
  }
  return gc;
}

/** A full collection: the server starts serving as small as it can be (fork copies its page tables). */
export function majorGc(): void {
  try {
    getGc()?.({ type: 'major' });
  } catch {
    // not available in this Node
  }
}

export function minorGc(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as typeof gc;
    } catch {
      gc = null;
    }
  }
  try {
    gc?.({ type: 'minor' });
  } catch {
    // not available in this Node: fork all the same
  }
}
