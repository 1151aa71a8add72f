// The one typed declaration of the native surface (src/native/prefork_native.c).
// Everything that needs a system call Node lacks goes through `native`.
import { createRequire } from 'node:module';
// (which build this is: the compiled client's entry asks before any addon is loaded)
import { STANDALONE } from '../io/standalone.js';

export interface RecvFdResult {
  /** the one data byte that carried the descriptors */
  byte: number;
  /** every descriptor that arrived with it (close-on-exec) */
  fds: number[];
  /** the kernel dropped descriptors that did not fit */
  truncated: boolean;
}

export interface WaitResult {
  pid: number;
  /** raw wait status, as waitpid(2) gives it */
  status: number;
}

/** Thrown by every native call that fails: code is the errno name. */
export interface FileStat {
  dev: bigint;
  ino: bigint;
  mode: number;
  uid: number;
}

export interface NativeError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

export interface Native {
  socketUnix(): number;
  connectUnix(fd: number, path: string): void;
  bindUnix(fd: number, path: string): void;
  listen(fd: number, backlog: number): void;
  accept(fd: number): number;
  socketpair(): [number, number];
  /** [read end, write end] */
  pipe(): [number, number];
  sendFd(sock: number, fd: number, byte: number): void;
  /** null at end of file */
  recvFd(sock: number): RecvFdResult | null;
  setNonblock(fd: number, on: boolean): void;
  setCloexec(fd: number, on: boolean): void;
  /** fcntl(F_GETFL): the file status flags (O_PATH, O_ACCMODE...) */
  fdFlags(fd: number): number;
  /** fcntl(F_GETFD): whether fd is close-on-exec */
  isCloexec(fd: number): boolean;
  /** libuv's uv_guess_handle, named as Node's guessHandleType: what stream Node makes for fd */
  guessHandle(fd: number): 'TCP' | 'TTY' | 'UDP' | 'FILE' | 'PIPE' | 'UNKNOWN';
  /** false only when wait is false and the lock is held elsewhere */
  flock(fd: number, exclusive: boolean, wait: boolean): boolean;
  dup2(oldFd: number, newFd: number): number;
  /** the 390 raw bytes of struct utsname */
  uname(): Buffer;
  strsignal(sig: number): string;
  /** glibc's text for an errno (either sign) */
  strerror(errno: number): string;
  raiseDefault(sig: number): void;
  kill(pid: number, sig: number): void;
  getpid(): number;
  getppid(): number;
  setsid(): number;
  setpgid(pid: number, pgid: number): void;
  /** null when nohang and nothing has changed state */
  waitpid(pid: number, nohang: boolean): WaitResult | null;
  exitNow(code: number): never;
  /** child pid in the parent, 0 in the child */
  fork(): number;
  /**
   * blocking poll(2): revents for each fd. withCaught: the signals of
   * catchSignals, blocked otherwise, may come while it waits (ppoll(2)):
   * then it returns, those in the pipe.
   */
  poll(fds: number[], events: number[], timeoutMs: number, withCaught?: boolean): number[];
  /** strings are passed as UTF-8, Buffers byte for byte */
  execv(path: string | Buffer, argv: (string | Buffer)[]): never;
  /**
   * posix_spawnp: argv and env byte for byte (Buffers) or as UTF-8 (strings);
   * descriptor i of the child is fds[i] (-1: /dev/null); signals at their
   * defaults, unblocked; with setsid, a session of its own; with cwd, started
   * there. The child's pid.
   */
  spawn(file: string | Buffer, argv: (string | Buffer)[], env: (string | Buffer)[], fds: number[], options?: { setsid?: boolean; cwd?: string }): number;
  /** the environment becomes exactly these NAME=value entries (clearenv + setenv) */
  replaceEnv(entries: (string | Buffer)[]): void;
  /** pid of the peer of a unix socket (SO_PEERCRED) */
  peerPid(fd: number): number;
  /** uid of the peer of a unix socket (SO_PEERCRED): the caller, or whoever listened */
  peerUid(fd: number): number;
  /** the path a unix socket is bound to */
  sockname(fd: number): string;
  /** each path's mtime in ns since the epoch, or null where stat(2) fails */
  mtimes(paths: string[]): (bigint | null)[];
  /**
   * The few file calls on the client's warm path, where loading the
   * runtime's fs costs the compiled client ~0.6 ms (prefork_native.c):
   * a whole file, byte for byte;
   */
  readFile(path: string): Buffer;
  /** stat (follow) or lstat; null when there is no such file (ENOENT); */
  stat(path: string, follow: boolean): FileStat | null;
  /** our passwd entry's home directory (getpwuid: not $HOME); */
  homeDir(): string;
  /** read(2) into buf[off, off+len): the count, 0 at end of file; */
  read(fd: number, buf: Uint8Array, off: number, len: number): number;
  /** write(2) of buf[off, off+len): the count written; */
  write(fd: number, buf: Uint8Array, off: number, len: number): number;
  /** close(2). */
  close(fd: number): void;
  /**
   * In a call: Node's own exit (process.exit, a fatal exception, the natural
   * end) ends in _exit, with the caller's descriptors and terminal as they
   * came (fork_child.cc).
   */
  setExitHandler(): void;
  /** the caller's 0-2 as adopted (O_NONBLOCK, terminal modes), given back at exit and at Node's SignalExit (SIGINT, SIGTERM) */
  recordStdio(): void;
  /**
   * The zygote's loop (see prefork_native.c for its messages on ctl): never
   * returns in the zygote; in each child it forks, returns that child's end
   * of a fresh socketpair to the server.
   */
  zygoteServe(ctl: number): number;
  /**
   * The read end of a non-blocking pipe that becomes readable at each
   * SIGCHLD (the handler is the server's only: every forked child gets the
   * disposition it had before). Reap with waitpid(-1, true) until null.
   */
  sigchldPipe(): number;
  /** PR_SET_CHILD_SUBREAPER: orphaned descendants become our children */
  becomeSubreaper(): void;
  /**
   * The client's relayed signals: caught from now on by a handler that
   * writes each one's number to a pipe. fd: that pipe's read end (readable
   * while caught signals wait); ignored: those that were ignored before
   * their first catch.
   */
  catchSignals(signals: number[]): { fd: number; ignored: number[] };
  /** what was caught since last asked, in the order it came */
  takeCaught(): number[];
  /**
   * Ctrl-Z relayed: stop as sig's default action would, unless a SIGCONT
   * came since (it would have continued us already); sig is caught again
   * after. taken: what it took from the pipe meanwhile, in order; ignored:
   * the kernel did not stop us (an orphaned process group).
   */
  stopUnlessContinued(sig: number): { taken: number[]; ignored: boolean };
  /** each does again what it did before its first catch (default, or ignored) */
  releaseSignals(signals: number[]): void;
  /** SIG_IGN for each */
  ignoreSignals(signals: number[]): void;
  /** SIG_DFL for each */
  defaultSignals(signals: number[]): void;
  /** every descriptor from fd up becomes close-on-exec (close_range) */
  cloexecFrom(fd: number): void;
}

export const POLLIN = 0x001;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
/**
 * Linux's O_PATH (not in fs.constants): a descriptor that names a file but
 * can be neither read nor written (EBADF, as a closed one). It stands in for
 * a caller's closed standard descriptor on the wire, which must carry three.
 */
export const O_PATH = 0o10000000;

function load(): Native {
  const require = createRequire(import.meta.url);
  if (STANDALONE) {
    // The client's own addon (client_only.c), from the package it was built in
    // (bin/ beside dist/). Not embedded: bun would write it out to /tmp at
    // every start and load it from there, which fails where /tmp is noexec.
    // dlopen, not require: bun's resolver would read every directory from
    // the caller's working directory up, looking for node_modules.
    const dir = process.execPath.slice(0, process.execPath.lastIndexOf('/'));
    const addon = { exports: {} as Native };
    process.dlopen(addon, `${dir}/../dist/native/prefork_client.node`);
    return addon.exports;
  }
  // build/Release when built here, else the prebuilt binary for this platform and Node ABI
  const { fileURLToPath } = require('node:url') as typeof import('node:url');
  return require('node-gyp-build')(fileURLToPath(new URL('../..', import.meta.url)));
}

export const native: Native = load();
