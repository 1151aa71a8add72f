// The client's end of a call socket: blocking reads and writes on a raw fd.
// It reports what happened (bytes, end of file, errno); what that means for
// the protocol is the client machine's business.
import fs from 'node:fs';
import { native } from '../native/index.js';
import { errnoCode } from './fatal.js';

export type ConnectResult = { kind: 'connected'; fd: number } | { kind: 'refused'; code: string } | { kind: 'error'; error: unknown };

// ENOENT: no socket; ECONNREFUSED: a socket nobody listens on (or a regular file).
const NO_SERVER = new Set(['ENOENT', 'ECONNREFUSED']);

export function connect(path: string): ConnectResult {
  const fd = native.socketUnix();
  try {
    native.connectUnix(fd, path);
    return { kind: 'connected', fd };
  } catch (e) {
    fs.closeSync(fd);
    const code = errnoCode(e) ?? '';
    if (NO_SERVER.has(code)) return { kind: 'refused', code };
    return { kind: 'error', error: e };
  }
}

export type ReadResult = { kind: 'data'; data: Buffer } | { kind: 'eof'; got: number } | { kind: 'error'; error: unknown };

/** Reads exactly n bytes, blocking; a connection reset counts as end of file, as in the C client. */
export function readExactly(fd: number, n: number): ReadResult {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    let r: number;
    try {
      r = fs.readSync(fd, buf, got, n - got, null);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EINTR' || code === 'EAGAIN') continue;
      if (code === 'ECONNRESET') return { kind: 'eof', got };
      return { kind: 'error', error: e };
    }
    if (r === 0) return { kind: 'eof', got };
    got += r;
  }
  return { kind: 'data', data: buf };
}

export function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EINTR' || code === 'EAGAIN') continue;
      throw e;
    }
  }
}

export function sendFd(sock: number, fd: number, byte: number): void {
  native.sendFd(sock, fd, byte);
}

export function close(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already gone: nothing to release
  }
}
