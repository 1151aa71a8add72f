// Blocking reads and writes on raw descriptors, as plain results: the
// client's call socket, the spare's hand-over socket, a call's stdout.
// (The addon's read, write and close: see lazy-builtins.ts.)
import { native, POLLIN, POLLOUT } from '../native/index.js';
import { errnoCode as code } from './fatal.js';
import { lazyFs } from './lazy-builtins.js';

export type ReadResult = { kind: 'data'; data: Buffer } | { kind: 'eof'; got: number } | { kind: 'error'; error: unknown };

/**
 * Reads exactly n bytes; a connection reset counts as end of file, as in the
 * C client. beforeBlocking, if given, runs before each read that would wait
 * (nothing to read yet): after part of what is awaited too.
 */
export function readExactly(fd: number, n: number, beforeBlocking?: () => void): ReadResult {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    if (beforeBlocking && native.poll([fd], [POLLIN], 0)[0] === 0) beforeBlocking();
    let r: number;
    try {
      r = native.read(fd, buf, got, n - got);
    } catch (e) {
      if (code(e) === 'EINTR') continue;
      if (code(e) === 'EAGAIN') {
        native.poll([fd], [POLLIN], -1);
        continue;
      }
      if (code(e) === 'ECONNRESET') return { kind: 'eof', got };
      return { kind: 'error', error: e };
    }
    if (r === 0) return { kind: 'eof', got };
    got += r;
  }
  return { kind: 'data', data: buf };
}

/** Closes a descriptor we hold; one already closed is no error. */
export function closeQuietly(fd: number): void {
  try {
    native.close(fd);
  } catch {
    // already closed: nothing to release
  }
}

/** Writes everything before returning, even to a nonblocking pipe; throws on errors (EPIPE...). */
export function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += native.write(fd, data, off, data.length - off);
    } catch (e) {
      if (code(e) === 'EAGAIN') native.poll([fd], [POLLOUT], -1);
      else if (code(e) !== 'EINTR') throw e;
    }
  }
}

/** /dev/null (opened with flags) on each of fds, which keep their numbers. */
export function devNullOnto(fds: number[], flags: 'r' | 'r+'): void {
  const fs = lazyFs();
  const nul = fs.openSync('/dev/null', flags);
  try {
    for (const fd of fds) if (fd !== nul) native.dup2(nul, fd);
  } finally {
    if (!fds.includes(nul)) fs.closeSync(nul);
  }
}
