// The listening socket a new server will own: made here, handed to the setup process.
import type { BigIntStats } from 'node:fs';
import { lazyFs } from '../lazy-builtins.js';
import { native } from '../../native/index.js';
import { errnoCode, fatalErrno } from '../fatal.js';
import { closeQuietly } from '../blocking-fd.js';
import type { SocketIdentity } from '../../machines/client.js';

// The C client asks for INT_MAX; the kernel caps it at somaxconn.
const BACKLOG = 0x7fffffff;

export function bindListener(path: string): { fd: number; identity: SocketIdentity } {
  const fs = lazyFs();
  try {
    fs.unlinkSync(path);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw fatalErrno(`failed to remove stale socket ${path}`, e);
  }
  const fd = native.socketUnix();
  try {
    try {
      native.bindUnix(fd, path);
    } catch (e) {
      throw fatalErrno('bind() on new listener', e);
    }
    let st: BigIntStats;
    try {
      st = fs.statSync(path, { bigint: true });
    } catch (e) {
      throw fatalErrno('stat() fresh socket', e);
    }
    try {
      native.listen(fd, BACKLOG);
    } catch (e) {
      throw fatalErrno('listen() for new listener', e);
    }
    // The script side expects a nonblocking listener (PREFORK_INTERP says so).
    native.setNonblock(fd, true);
    const sec = st.mtimeNs / 1_000_000_000n;
    const nsec = st.mtimeNs % 1_000_000_000n;
    return {
      fd,
      identity: { dev: String(st.dev), ino: String(st.ino), mtime: `${sec}.${String(nsec).padStart(9, '0')}` },
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Undo bindListener after a failed spawn: only if the path is still our socket. */
export function removeOwnSocket(path: string, fd: number | null, identity: SocketIdentity | null): void {
  if (fd !== null) closeQuietly(fd);
  // (every call ends here, most with nothing of ours to undo: node:fs only past this)
  if (!identity) return;
  const fs = lazyFs();
  try {
    const st = fs.lstatSync(path, { bigint: true });
    if (String(st.dev) === identity.dev && String(st.ino) === identity.ino) fs.unlinkSync(path);
  } catch {
    // gone already, or never ours: nothing to undo
  }
}
