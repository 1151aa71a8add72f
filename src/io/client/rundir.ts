// Finds (and makes) the run directory the C client uses, and checks it is ours.
// (The addon's stat and homeDir, as the client's warm path needs no node:fs: lazy-builtins.ts.)
import { native, type FileStat } from '../../native/index.js';
import { Fatal, errnoCode, fatalErrno } from '../fatal.js';
import { lazyFs } from '../lazy-builtins.js';

const QUIET_FALLBACK = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM']);

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
/** struct utsname's nodename: its second field of 65 bytes */
const NODENAME = { at: 65, size: 65 };

function nodeName(): string {
  const field = native.uname().subarray(NODENAME.at, NODENAME.at + NODENAME.size);
  const nul = field.indexOf(0);
  const n = field.subarray(0, nul < 0 ? field.length : nul).toString();
  const dot = n.indexOf('.');
  const cut = dot < 0 ? n : n.slice(0, dot);
  return Buffer.from(cut).subarray(0, 32).toString();
}

/** The C client's choice; `warn` gets its warnings (already prefixed). */
export function findRunBase(warn: (line: string) => void): string {
  const uid = process.getuid!();
  const t = `/var/run/user/${uid}`;
  let st: FileStat | null = null;
  try {
    st = native.stat(t, false);
  } catch (e) {
    if (!QUIET_FALLBACK.has(errnoCode(e) ?? '')) throw fatalErrno('stat /var/run/user/UID', e);
  }
  if (st) {
    let why: string | undefined;
    if ((st.mode & S_IFMT) !== S_IFDIR) why = `${t} not a directory, falling back to ~`;
    else if (st.uid !== uid) why = `${t} not owned by uid ${uid}, falling back to ~`;
    else if ((st.mode & 0o077) !== 0) why = `${t} writeable by group or other, falling back to ~`;
    if (!why) return ensureDir(`${t}/prefork-interp`, undefined);
    // The C client's format already ends in a newline and gets one more.
    warn(`prefork-interp: ${why}\n\n`);
  }
  const home = native.homeDir();
  const parent = `${home}/.prefork-interp`;
  return ensureDir(`${parent}/${nodeName()}`, parent);
}

function ensureDir(runBase: string, parent: string | undefined): string {
  // Nearly every call finds it made: then there is no mkdir (nor its EEXIST).
  // Where it cannot even be stat'ed (EACCES...), mkdir says why.
  let st = lstatOrNull(runBase);
  if (!st) {
    make(runBase, parent);
    try {
      st = native.stat(runBase, false);
    } catch (e) {
      throw fatalErrno(`stat ${runBase}`, e);
    }
  }
  checkOwnership(runBase, st);
  return runBase;
}

function lstatOrNull(p: string): FileStat | null {
  try {
    return native.stat(p, false);
  } catch {
    return null;
  }
}

/** mkdir 0700; one there already is no error. The error otherwise. */
function mkdir(p: string): unknown {
  try {
    lazyFs().mkdirSync(p, 0o700);
  } catch (e) {
    if (errnoCode(e) !== 'EEXIST') return e;
  }
  return null;
}

/** runBase, and its parent (the fallback's ~/.prefork-interp) if that is missing too. */
function make(runBase: string, parent: string | undefined): void {
  let failed = mkdir(runBase);
  if (failed && errnoCode(failed) === 'ENOENT' && parent) {
    const e = mkdir(parent);
    if (e) throw fatalErrno(`mkdir ${parent} (since ${runBase} was ENOENT)`, e);
    failed = mkdir(runBase);
  }
  if (failed) throw fatalErrno(`mkdir ${runBase}`, failed);
}

// Stricter than the C client: it trusts an existing run directory.  Sockets
// there carry our stdin/stdout/stderr to whoever listens, so refuse a
// directory someone else could have put a listener in.
function checkOwnership(runBase: string, st: FileStat | null): void {
  if (!st) throw new Fatal(`run directory ${runBase} vanished as it was made`);
  const uid = process.getuid!();
  if ((st.mode & S_IFMT) !== S_IFDIR) throw new Fatal(`run directory ${runBase} is not a directory`);
  if (st.uid !== uid) throw new Fatal(`run directory ${runBase} is owned by uid ${st.uid}, not ${uid}; refusing to use it`);
  if ((st.mode & 0o077) !== 0)
    throw new Fatal(
      `run directory ${runBase} is open to group or other (mode 0${(st.mode & 0o777).toString(8)}); refusing to use it (chmod 700 it)`,
    );
}
