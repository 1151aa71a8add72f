// Removes the least recently used sockets and locks from the run directory,
// with the C client's rule: when there are more than MAX_SOCKETS idents, the
// MAX_SOCKETS least recently used of them go. The Node library's log beside
// them (p<ident>.log) goes too, or logs would pile up for ever.
import { lazyFs } from '../lazy-builtins.js';
import { lockFile } from './lock.js';
import { lockPath, logFiles, socketPath } from '../../core/ident.js';
import { errnoCode, fatalErrno } from '../fatal.js';

export const MAX_SOCKETS = 100;

function socketAtime(path: string): number {
  const fs = lazyFs();
  try {
    return fs.lstatSync(path).atimeMs;
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw fatalErrno(`pre-cleanup: stat socket (${path})`, e);
    return 0;
  }
}

/** Returns the idents removed. */
export function preclean(runBase: string, maxSockets = MAX_SOCKETS): string[] {
  const fs = lazyFs();
  let names: string[];
  try {
    names = fs.readdirSync(runBase);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return [];
    throw fatalErrno(`pre-cleanup: open run dir (${runBase})`, e);
  }
  const idents = [...new Set(names.filter((n) => n[0] === 'l' || n[0] === 's').map((n) => n.slice(1)))];
  if (idents.length <= maxSockets) return [];
  // atimes are compared at the C client's one-second resolution
  const entries = idents.map((ident) => ({ ident, atime: Math.floor(socketAtime(socketPath(runBase, ident)) / 1000) }));
  entries.sort((a, b) => a.atime - b.atime);
  const removed: string[] = [];
  for (const { ident, atime } of entries.slice(0, maxSockets)) {
    const l = lockPath(runBase, ident);
    const s = socketPath(runBase, ident);
    const fd = lockFile(l);
    try {
      // Someone used it since we looked: leave it.
      if (Math.floor(socketAtime(s) / 1000) !== atime) continue;
      try {
        fs.unlinkSync(s);
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') throw fatalErrno(`preclean: delete stale (${s})`, e);
      }
      try {
        fs.unlinkSync(l);
      } catch (e) {
        throw fatalErrno(`preclean: delete stale lock (${s})`, e);
      }
      for (const f of logFiles(runBase, ident)) fs.rmSync(f, { force: true });
      removed.push(ident);
    } finally {
      fs.closeSync(fd);
    }
  }
  return removed;
}
