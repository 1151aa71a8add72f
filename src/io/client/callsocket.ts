// The client's end of a call socket: blocking reads and writes on a raw fd.
// It reports what happened (bytes, end of file, errno); what that means for
// the protocol is the client machine's business.
import { native } from '../../native/index.js';
import { errnoCode } from '../fatal.js';

export type ConnectResult = { kind: 'connected'; fd: number } | { kind: 'refused'; code: string } | { kind: 'error'; error: unknown };

// ENOENT: no socket; ECONNREFUSED: a socket nobody listens on (or a regular file).
const NO_SERVER = new Set(['ENOENT', 'ECONNREFUSED']);

/** A connection made ahead of the client's machine (see connectAhead), until the machine's connect takes it. */
let ahead: { path: string; fd: number } | null = null;

/**
 * Connects now, for the machine's first connect to the same path to take:
 * the compiled client does it before it loads XState (~3 ms), so that the
 * server's accept and greeting are under way meanwhile. Only a connection
 * is kept: a refusal is asked again then, when a server may have come.
 */
export function connectAhead(path: string): void {
  const r = connectNow(path);
  if (r.kind === 'connected') ahead = { path, fd: r.fd };
}

export function connect(path: string): ConnectResult {
  if (ahead && ahead.path === path) {
    const { fd } = ahead;
    ahead = null;
    return { kind: 'connected', fd };
  }
  return connectNow(path);
}

function connectNow(path: string): ConnectResult {
  const fd = native.socketUnix();
  try {
    native.connectUnix(fd, path);
    return { kind: 'connected', fd };
  } catch (e) {
    native.close(fd);
    const code = errnoCode(e) ?? '';
    if (NO_SERVER.has(code)) return { kind: 'refused', code };
    return { kind: 'error', error: e };
  }
}

export { readExactly, writeAll, type ReadResult } from '../blocking-fd.js';

export function sendFd(sock: number, fd: number, byte: number): void {
  native.sendFd(sock, fd, byte);
}

export { closeQuietly as close } from '../blocking-fd.js';
