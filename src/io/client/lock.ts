// The per-ident lock file, locked as the C client locks it so that both
// clients serialise with each other.
import type { Stats } from 'node:fs';
import { lazyFs } from '../lazy-builtins.js';
import { native } from '../../native/index.js';
import { errnoCode, fatalErrno } from '../fatal.js';

/** Blocks until we hold an exclusive flock on the file that is at `path` now; returns its fd. */
export function lockFile(path: string): number {
  const fs = lazyFs();
  for (;;) {
    let fd: number;
    try {
      fd = fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600);
    } catch (e) {
      throw fatalErrno(`create lock (${path})`, e);
    }
    try {
      native.flock(fd, true, true);
    } catch (e) {
      fs.closeSync(fd);
      throw fatalErrno(`lock lock (${path})`, e);
    }
    // Someone may have removed or replaced the file while we waited: then the
    // lock we hold protects nothing, so go round again.
    const held = fs.fstatSync(fd);
    let now: Stats | undefined;
    try {
      now = fs.statSync(path);
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') {
        fs.closeSync(fd);
        throw fatalErrno(`re-stat locked lock (${path})`, e);
      }
    }
    if (now && now.dev === held.dev && now.ino === held.ino) return fd;
    fs.closeSync(fd);
  }
}

export function unlockFile(fd: number): void {
  const fs = lazyFs();
  fs.closeSync(fd);
}
