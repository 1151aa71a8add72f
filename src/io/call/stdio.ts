// A call's process.stdin, stdout and stderr, made as Node 20 makes them for
// a fresh process (lib/internal/bootstrap/switches/is_main_thread.js and
// lib/internal/fs/sync_write_stream.js), with public classes: the same kind
// of stream for each kind of descriptor (terminal, file or character device,
// pipe or socket, anything else), lazily, with stdin reading only when asked
// and stopping when paused. Node's getters cached the server's streams and
// cannot be reset from outside, so they are defined again; the global
// console is Node's own and reads them anew once its cache is cleared.
// What Node undoes at exit (O_NONBLOCK on the caller's descriptors, shared
// with the caller, and a terminal's raw mode) is recorded here and undone by
// the exit handler (fork_child.cc, prefork_native.c).
import fs from 'node:fs';
import net from 'node:net';
import tty from 'node:tty';
import { Readable, Writable } from 'node:stream';
import { native } from '../../native/index.js';

// Node's internals that its own getters set and use (not in the typings).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Node's SyncWriteStream: one writeSync per chunk, for files and character devices. */
class SyncWriteStream extends Writable {
  fd: number | null;
  readonly readable = false;
  constructor(
    fd: number,
    private readonly autoClose: boolean,
  ) {
    super({ autoDestroy: true });
    this.fd = fd;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    try {
      fs.writeSync(this.fd!, chunk, 0, chunk.length);
    } catch (e) {
      cb(e as Error);
      return;
    }
    cb();
  }
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.fd === null) {
      cb(err);
      return;
    }
    if (this.autoClose) fs.closeSync(this.fd);
    this.fd = null;
    cb(err);
  }
  destroySoon(): void {
    this.destroy();
  }
}

function createWritableStdioStream(fd: number): Loose {
  let stream: Loose;
  switch (native.guessHandle(fd)) {
    case 'TTY':
      stream = new tty.WriteStream(fd);
      stream._type = 'tty';
      break;
    case 'FILE':
      stream = new SyncWriteStream(fd, false);
      stream._type = 'fs';
      break;
    case 'PIPE':
    case 'TCP':
      stream = new net.Socket({ fd, readable: false, writable: true });
      stream._type = 'pipe';
      break;
    default:
      stream = new Writable({ write: (_b, _e, cb) => cb() });
  }
  stream.fd = fd;
  stream._isStdio = true;
  return stream;
}

/** stdout and stderr are never really destroyed (Node's dummyDestroy). */
function dummyDestroy(this: Loose, err: Error | null, cb: (e?: Error | null) => void): void {
  cb(err);
  this._undestroy();
  if (!this._writableState.emitClose) process.nextTick(() => this.emit('close'));
}

function createStdin(): Loose {
  const fd = 0;
  let stdin: Loose;
  switch (native.guessHandle(fd)) {
    case 'TTY':
      stdin = new tty.ReadStream(fd);
      break;
    case 'FILE':
      // (createReadStream is new fs.ReadStream, which the typings do not let us call)
      stdin = fs.createReadStream(null as unknown as string, { fd, autoClose: false });
      break;
    case 'PIPE':
    case 'TCP':
      stdin = new net.Socket({ fd, readable: true, writable: false, manualStart: true } as net.SocketConstructorOpts);
      stdin._writableState.ended = true;
      break;
    default:
      stdin = new Readable({ read() {} });
      stdin.push(null);
  }
  stdin.fd = fd;
  // Reading starts when the script asks (a 'data' listener, resume, read)...
  if (stdin._handle?.readStop) {
    stdin._handle.reading = false;
    stdin._readableState.reading = false;
    stdin._handle.readStop();
  }
  // ...and stops when it pauses: a closed readline leaves the terminal alone.
  const onpause = () => {
    if (!stdin._handle) return;
    if (stdin._handle.reading && !stdin.readableFlowing) {
      stdin._readableState.reading = false;
      stdin._handle.reading = false;
      stdin._handle.readStop();
    }
  };
  stdin.on('pause', () => process.nextTick(onpause));
  return stdin;
}

/** Node's getStdout/getStderr: made at first use, never really destroyed, resized with the terminal. */
function writableGetter(fd: number, refresherName: string): () => Loose {
  let stream: Loose;
  return () => {
    if (stream) return stream;
    stream = createWritableStdioStream(fd);
    stream.destroySoon = stream.destroy;
    stream._destroy = dummyDestroy;
    // (named as Node names it: a later adoption finds it by name)
    const refresh = Object.defineProperty(() => stream._refreshSize(), 'name', { value: refresherName });
    if (stream.isTTY) process.on('SIGWINCH', refresh);
    return stream;
  };
}

/**
 * In the call, once 0-2 are the caller's: process.stdin/stdout/stderr as
 * Node's getters make them (each call its own; the zygote's rehearsal adopts
 * too), and Node's console reading them.
 */
export function adoptStdio(): void {
  // what Node's exit gives back (O_NONBLOCK, a terminal's modes): the exit handler does it
  native.recordStdio();
  // The server's streams (if it made any) were for its own 0-2.
  for (const l of process.listeners('SIGWINCH')) {
    if (l.name === 'refreshStdoutOnSigWinch' || l.name === 'refreshStderrOnSigWinch') process.removeListener('SIGWINCH', l);
  }
  const define = (name: string, get: () => unknown) =>
    Object.defineProperty(process, name, { __proto__: null, configurable: true, enumerable: true, get } as PropertyDescriptor);
  define('stdout', writableGetter(1, 'refreshStdoutOnSigWinch'));
  let stdin: Loose;
  define('stdin', () => (stdin ??= createStdin()));
  define('stderr', writableGetter(2, 'refreshStderrOnSigWinch'));
  // Node's console binds its streams lazily; clearing them makes it bind ours at its next use.
  const c = console as Loose;
  c._stdout = undefined;
  c._stderr = undefined;
}

/**
 * In the server, once: the stream kinds a call makes, so that V8 has
 * compiled them and each call inherits the compiled code.
 */
export function warmUpStdio(): void {
  const fd = fs.openSync('/dev/null', 'r+');
  try {
    const out = createWritableStdioStream(fd);
    out.write(Buffer.from('x'));
    out.write('warm-up\n');
  } finally {
    fs.closeSync(fd);
  }
}
