// The server gives up its first caller's terminal: its stdio, and the copies of it Node made.
import { lazyFs } from '../lazy-builtins.js';

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
