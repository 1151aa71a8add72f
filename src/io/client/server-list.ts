// What --list knows of each server socket in the run directory: whether a
// server answers on it, and who that is. Our Node library's greeting says
// (pid, start, calls, memory); of any other server (the Perl library, or one
// started by the C client) /proc tells the process that listens on the
// socket and its command line. Nothing is sent: a greeting is read, and the
// connection closed (the server sees a caller that went away).
import { lazyFs, lazyPath } from '../lazy-builtins.js';
import { native, POLLIN } from '../../native/index.js';
import { GREETING_HEADER_LENGTH, parseFigures, parseGreetingHeader, parseGreetingOffers, OFFER_SIGNALS } from '../../core/wire.js';
import { closeQuietly } from '../blocking-fd.js';
import { errnoCode } from '../fatal.js';

export interface ListedServer {
  ident: string;
  socket: string;
  /** alive: it greeted; stale: nobody listens; busy: no greeting in time (at its limit, or stuck); not ours: another uid listens */
  state: 'alive' | 'stale socket' | 'busy' | 'not ours';
  pid: number | null;
  interpreter: string | null;
  script: string | null;
  /** seconds since the server started (its socket's bind, where the server does not say) */
  age: number | null;
  /** our Node library's figures, where it is one */
  node: { served: number; underWay: number; rss: number; relaysSignals: boolean } | null;
}

const GREETING_WAIT_MS = 1000;

/** Reads exactly n bytes within the bound, or null. */
function readWithin(fd: number, n: number, until: number): Buffer | null {
  const fs = lazyFs();
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const left = until - Date.now();
    if (left <= 0 || !native.poll([fd], [POLLIN], left)[0]) return null;
    let r: number;
    try {
      r = fs.readSync(fd, buf, got, n - got, null);
    } catch (e) {
      if (errnoCode(e) === 'EAGAIN') continue;
      return null;
    }
    if (r === 0) return null;
    got += r;
  }
  return buf;
}

type Answer = { kind: 'stale' } | { kind: 'foreign' } | { kind: 'silent' } | { kind: 'greeted'; extra: Buffer };

function greetingOf(socket: string): Answer {
  const fd = native.socketUnix();
  try {
    native.setNonblock(fd, true); // a full backlog: busy, not a wait
    try {
      native.connectUnix(fd, socket);
    } catch (e) {
      const code = errnoCode(e);
      return code === 'EAGAIN' ? { kind: 'silent' } : { kind: 'stale' };
    }
    if (native.peerUid(fd) !== process.getuid!()) return { kind: 'foreign' };
    const until = Date.now() + GREETING_WAIT_MS;
    const header = readWithin(fd, GREETING_HEADER_LENGTH, until);
    const h = header && parseGreetingHeader(header);
    if (!h || !h.ok) return { kind: 'silent' };
    const extra = h.extraLength > 0 ? readWithin(fd, h.extraLength, until) : Buffer.alloc(0);
    return extra ? { kind: 'greeted', extra } : { kind: 'silent' };
  } finally {
    closeQuietly(fd);
  }
}

/** Listening unix sockets by path (from /proc/net/unix): their inodes. */
function listeningInodes(): Map<string, string> {
  const fs = lazyFs();
  const out = new Map<string, string>();
  for (const line of fs.readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // Num RefCount Protocol Flags Type St Inode Path; St 01: listening
    if (f.length >= 8 && f[5] === '01') out.set(f.slice(7).join(' '), f[6]);
  }
  return out;
}

/** The processes (of ours: /proc lets us read their descriptors) that hold these socket inodes. */
function holdersOf(inodes: Set<string>): Map<string, number> {
  const fs = lazyFs();
  const out = new Map<string, number>();
  if (inodes.size === 0) return out;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        // the lowest pid that holds it: a server before its zygote and calls
        if (m && inodes.has(m[1]) && !out.has(m[1])) out.set(m[1], Number(pid));
      } catch {
        // gone meanwhile
      }
    }
  }
  return out;
}

/**
 * interpreter (the program it runs) and script, from its command line:
 * interpreter [flags] script args, or a title the server set itself (the
 * Perl library's "script [server]").
 */
function commandOf(pid: number): { interpreter: string; script: string | null } | null {
  const fs = lazyFs();
  const path = lazyPath();
  try {
    const interpreter = path.basename(fs.readlinkSync(`/proc/${pid}/exe`));
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
    const script = argv.length > 1 ? argv.slice(1).find((a) => !a.startsWith('-')) : argv[0]?.split(' ')[0];
    return { interpreter, script: script ?? null };
  } catch {
    return null;
  }
}

export function listServers(runBase: string): ListedServer[] {
  const fs = lazyFs();
  const path = lazyPath();
  let names: string[];
  try {
    names = fs.readdirSync(runBase).filter((n) => n.startsWith('s')).sort();
  } catch {
    return [];
  }
  const sockets = names.map((n) => path.join(runBase, n)).filter((p) => {
    try {
      return fs.lstatSync(p).isSocket();
    } catch {
      return false;
    }
  });
  const inodes = listeningInodes();
  const holders = holdersOf(new Set(sockets.map((s) => inodes.get(s)).filter((i): i is string => i !== undefined)));
  const now = Date.now();
  return sockets.map((socket) => {
    const answer = greetingOf(socket);
    const inode = inodes.get(socket);
    let pid = inode ? (holders.get(inode) ?? null) : null;
    let age: number | null = null;
    try {
      age = Math.round((now - fs.statSync(socket).mtimeMs) / 1000);
    } catch {
      // removed meanwhile
    }
    let node: ListedServer['node'] = null;
    if (answer.kind === 'greeted') {
      const f = parseFigures(answer.extra);
      if (f) {
        pid = f.server;
        age = Math.round((now - f.started) / 1000);
        node = { served: f.served, underWay: f.underWay, rss: f.rss, relaysSignals: parseGreetingOffers(answer.extra).has(OFFER_SIGNALS) };
      }
    }
    const command = pid !== null ? commandOf(pid) : null;
    const state = { greeted: 'alive', stale: 'stale socket', silent: 'busy', foreign: 'not ours' } as const;
    return {
      ident: path.basename(socket).slice(1),
      socket,
      state: state[answer.kind],
      pid,
      interpreter: command?.interpreter ?? null,
      script: command?.script ?? null,
      age,
      node,
    };
  });
}
