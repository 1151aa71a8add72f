// A spare executor: a child forked ahead of time that waits, blocked, for
// the server to hand it a call over a private socketpair, so that a call
// does not wait for fork().  The hand-over uses the client's own wire format
// after the greeting: 0x00, three fds by SCM_RIGHTS, u32be length, strings.
import { native } from '../native/index.js';
import { encodeRequest, lengthPrefixed, parseRequestBody } from '../core/wire.js';
import type { CallRequest } from '../machines/monitor.js';
import { readExactly as readBytes, writeAll } from './blocking-fd.js';

export function handOver(ctl: number, request: CallRequest, callId: string): void {
  writeAll(ctl, Buffer.from([0]));
  for (const fd of request.fds) native.sendFd(ctl, fd, 0);
  writeAll(ctl, encodeRequest(request.env, request.argv));
  // Our own addition after the request (server and spare only): the call's trace id.
  writeAll(ctl, lengthPrefixed(Buffer.from(callId)));
}

function readExactly(fd: number, n: number): Buffer | null {
  const r = readBytes(fd, n);
  return r.kind === 'data' ? r.data : null;
}

function readLengthPrefixed(fd: number): Buffer | null {
  const len = readExactly(fd, 4);
  return len && readExactly(fd, len.readUInt32BE(0));
}

/** Blocks until the server hands over a call; null when the server has gone (or sent garbage). */
export function awaitHandOver(ctl: number): { request: CallRequest; callId: string } | null {
  const first = readExactly(ctl, 1);
  if (!first || first[0] !== 0) return null;
  const fds: number[] = [];
  for (let i = 0; i < 3; i++) {
    let r;
    try {
      r = native.recvFd(ctl);
    } catch {
      return null;
    }
    if (!r || r.fds.length !== 1) return null;
    fds.push(r.fds[0]);
  }
  const body = readLengthPrefixed(ctl);
  const parsed = body && parseRequestBody(body);
  if (!parsed?.ok) return null;
  const id = readLengthPrefixed(ctl);
  return {
    request: { fds: fds as [number, number, number], env: parsed.env, argv: parsed.argv },
    callId: id ? id.toString() : '',
  };
}
