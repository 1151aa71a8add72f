// A caller's closed standard descriptor. The wire carries three descriptors,
// so a closed one travels as an O_PATH descriptor of /dev/null: it can be
// neither read nor written (EBADF, as a closed one), so a Perl call sees what
// plain perl sees, and our executor gives a Node call what plain node gets
// for a closed 0-2 at its start: /dev/null, read-write.
import { native, O_PATH } from '../native/index.js';
import { devNullOnto } from './blocking-fd.js';
import { lazyFs } from './lazy-builtins.js';

/** In the client: fd (0-2), closed by its caller, becomes the stand-in. */
export function standInForClosed(fd: number): void {
  const p = lazyFs().openSync('/dev/null', O_PATH);
  if (p !== fd) {
    native.dup2(p, fd);
    native.close(p);
  }
  native.setCloexec(fd, false);
}

export function isClosedStandIn(fd: number): boolean {
  return (native.fdFlags(fd) & O_PATH) !== 0;
}

/** In a Node call: a stand-in on fd becomes /dev/null read-write, as Node makes a closed one at start-up. */
export function openAsNodeDoesForClosed(fd: number): void {
  devNullOnto([fd], 'r+');
}

/**
 * In the compiled client: which of 0-2 the caller had closed. Bun puts
 * /dev/null on a closed one before any of our code runs, opened
 * close-on-exec: a descriptor inherited through exec can never carry that
 * flag, so it marks bun's stand-in.
 */
export function closedByCaller(): number[] {
  const closed: number[] = [];
  for (const fd of [0, 1, 2]) {
    let cloexec: boolean;
    try {
      cloexec = native.isCloexec(fd);
    } catch {
      closed.push(fd);
      continue;
    }
    if (cloexec && lazyFs().readlinkSync(`/proc/self/fd/${fd}`) === '/dev/null') closed.push(fd);
  }
  return closed;
}
