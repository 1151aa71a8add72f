// The client's end of a call socket: blocking reads and writes on a raw fd.
// It reports what happened (bytes, end of file, errno); what that means for
// the protocol is the client machine's business.
import { native } from '../../native/index.js';
import { errnoCode } from '../fatal.js';
import { closeQuietly, writeAll } from '../blocking-fd.js';

/**
 * peerUid: who listens there (SO_PEERCRED), -1 if that could not be known;
 * requestSent: the descriptors and the request went out with a connection
 * made ahead (sendAhead)
 */
export type ConnectResult =
  | { kind: 'connected'; fd: number; peerUid: number; requestSent: boolean }
  | { kind: 'refused'; code: string }
  /** no socket to connect with */
  | { kind: 'no-socket'; error: unknown }
  | { kind: 'error'; error: unknown };

// ENOENT: no socket; ECONNREFUSED: a socket nobody listens on (or a regular file).
const NO_SERVER = new Set(['ENOENT', 'ECONNREFUSED']);

/** A connection made ahead of the client's machine (see connectAhead), until the machine's connect takes it. */
let ahead: { path: string; fd: number; peerUid: number; requestSent: boolean } | null = null;

/**
 * Connects now, for the machine's first connect to the same path to take:
 * the compiled client does it before it loads XState (~3 ms), so that the
 * server's accept and greeting are under way meanwhile. Only a connection
 * is kept (its fd and peer are returned): a refusal is asked again then,
 * when a server may have come.
 */
export function connectAhead(path: string): { fd: number; peerUid: number } | null {
  const r = connectNow(path);
  if (r.kind !== 'connected') return null;
  ahead = { path, fd: r.fd, peerUid: r.peerUid, requestSent: false };
  return { fd: r.fd, peerUid: r.peerUid };
}

/**
 * Sends the call on the connection made ahead: our descriptors, then the
 * request, before the greeting is read (whose bytes come first on the other
 * way whenever we read them): whether it went. A failure drops that
 * connection, and the machine connects afresh. Whether to is the caller's: see cli/standalone.ts.
 */
export function sendAhead(request: Uint8Array): boolean {
  if (!ahead) return false;
  try {
    sendStdio(ahead.fd);
    writeAll(ahead.fd, request);
    ahead.requestSent = true;
    return true;
  } catch {
    closeQuietly(ahead.fd);
    ahead = null;
    return false;
  }
}

export function connect(path: string): ConnectResult {
  if (ahead && ahead.path === path) {
    const { fd, peerUid, requestSent } = ahead;
    ahead = null;
    return { kind: 'connected', fd, peerUid, requestSent };
  }
  return connectNow(path);
}

function connectNow(path: string): ConnectResult {
  let fd: number;
  try {
    fd = native.socketUnix();
  } catch (e) {
    return { kind: 'no-socket', error: e };
  }
  try {
    native.connectUnix(fd, path);
  } catch (e) {
    closeQuietly(fd);
    const code = errnoCode(e) ?? '';
    if (NO_SERVER.has(code)) return { kind: 'refused', code };
    return { kind: 'error', error: e };
  }
  let peerUid = -1;
  try {
    peerUid = native.peerUid(fd);
  } catch {
    // not known: the machine refuses it
  }
  return { kind: 'connected', fd, peerUid, requestSent: false };
}

export { readExactly, writeAll, type ReadResult } from '../blocking-fd.js';

/** Our stdin, stdout and stderr to the server: a 0 byte, then each with a byte of its own (SCM_RIGHTS). */
export function sendStdio(sock: number): void {
  writeAll(sock, new Uint8Array([0]));
  for (const fd of [0, 1, 2]) native.sendFd(sock, fd, 0);
}

export { closeQuietly as close } from '../blocking-fd.js';
