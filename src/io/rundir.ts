// Finds (and makes) the run directory the C client uses, and checks it is ours.
import fs from 'node:fs';
import os from 'node:os';
import { Fatal, errnoCode, fatalErrno } from './fatal.js';

export interface RunBase {
  path: string;
}

const QUIET_FALLBACK = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM']);

function nodeName(): string {
  const n = os.hostname();
  const dot = n.indexOf('.');
  const cut = dot < 0 ? n : n.slice(0, dot);
  return Buffer.from(cut).subarray(0, 32).toString();
}

/** The C client's choice; `warn` gets its warnings (already prefixed). */
export function findRunBase(warn: (line: string) => void): string {
  const uid = process.getuid!();
  const t = `/var/run/user/${uid}`;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(t);
  } catch (e) {
    if (!QUIET_FALLBACK.has(errnoCode(e) ?? '')) throw fatalErrno('stat /var/run/user/UID', e);
  }
  if (st) {
    let why: string | undefined;
    if (!st.isDirectory()) why = `${t} not a directory, falling back to ~`;
    else if (st.uid !== uid) why = `${t} not owned by uid ${uid}, falling back to ~`;
    else if ((st.mode & 0o077) !== 0) why = `${t} writeable by group or other, falling back to ~`;
    if (!why) return ensureDir(`${t}/prefork-interp`, undefined);
    // The C client's format already ends in a newline and gets one more.
    warn(`prefork-interp: ${why}\n\n`);
  }
  const home = os.userInfo().homedir;
  const parent = `${home}/.prefork-interp`;
  return ensureDir(`${parent}/${nodeName()}`, parent);
}

function mkdirIfMissing(p: string): string | undefined {
  try {
    fs.mkdirSync(p, 0o700);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'EEXIST') return undefined;
    return code;
  }
  return undefined;
}

function ensureDir(runBase: string, parent: string | undefined): string {
  let failed = mkdirIfMissing(runBase);
  if (failed === 'ENOENT' && parent) {
    try {
      fs.mkdirSync(parent, 0o700);
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw fatalErrno(`mkdir ${parent} (since ${runBase} was ENOENT)`, e);
    }
    failed = mkdirIfMissing(runBase);
  }
  if (failed) {
    try {
      fs.mkdirSync(runBase, 0o700);
    } catch (e) {
      throw fatalErrno(`mkdir ${runBase}`, e);
    }
  }
  checkOwnership(runBase);
  return runBase;
}

// Stricter than the C client: it trusts an existing run directory.  Sockets
// there carry our stdin/stdout/stderr to whoever listens, so refuse a
// directory someone else could have put a listener in.
function checkOwnership(runBase: string): void {
  const st = fs.lstatSync(runBase);
  const uid = process.getuid!();
  if (!st.isDirectory()) throw new Fatal(`run directory ${runBase} is not a directory`);
  if (st.uid !== uid) throw new Fatal(`run directory ${runBase} is owned by uid ${st.uid}, not ${uid}; refusing to use it`);
  if ((st.mode & 0o077) !== 0)
    throw new Fatal(
      `run directory ${runBase} is open to group or other (mode 0${(st.mode & 0o777).toString(8)}); refusing to use it (chmod 700 it)`,
    );
}
