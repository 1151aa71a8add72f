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

/**
 * Descriptors above 2 open on the terminal that one of 0-2 is on: Node's
 * stdio streams reopen a terminal on a descriptor of their own (libuv's
 * uv_tty_init), which a process that gives up its terminal must not keep.
 */
export function terminalCopies(): number[] {
  const fs = lazyFs();
  const ttys = new Set<string>();
  for (const fd of [0, 1, 2]) {
    try {
      const st = fs.fstatSync(fd);
      // (a character device, but not /dev/null and its kin: major 1)
      if (st.isCharacterDevice() && ((st.rdev >> 8) & 0xfff) !== 1) ttys.add(`${st.rdev}`);
    } catch {
      // closed
    }
  }
  const copies: number[] = [];
  if (ttys.size === 0) return copies;
  for (const name of fs.readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 2) continue;
    try {
      const st = fs.fstatSync(fd);
      if (st.isCharacterDevice() && ttys.has(`${st.rdev}`)) copies.push(fd);
    } catch {
      // the directory's own descriptor, closed by now
    }
  }
  return copies;
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
