// The server's log: pino, written synchronously (a forked executor must not
// inherit queued log lines) to a file beside the socket, private to its user:
//   <run directory>/p<ident>.log   (override: option logFile)
// Bounded: past logMaxBytes it becomes p<ident>.log.1 (one older file kept)
// and a fresh one starts, so a long-lived server cannot fill the disk.
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { logPath } from '../../core/ident.js';
import { native } from '../../native/index.js';

export const DEFAULT_LOG_MAX_BYTES = 1 << 20;

export function serverLogPath(socket: string): string {
  return logPath(path.dirname(socket), path.basename(socket).slice(1));
}

/** A pino destination: appends each line with one write(2), and rotates on the same descriptor number. */
class BoundedLogFile {
  readonly fd: number;
  private size: number;

  /** a regular file: made private and rotated; anything else (logFile: '/dev/null') is written as it is */
  private readonly regular: boolean;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {
    this.fd = fs.openSync(file, 'a', 0o600);
    const st = fs.fstatSync(this.fd);
    this.regular = st.isFile();
    // (an older file left with a laxer mode too)
    if (this.regular) fs.fchmodSync(this.fd, 0o600);
    this.size = st.size;
  }

  // Never throws: a log line that cannot be written must not stop what it tells of.
  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    try {
      if (this.regular && this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      fs.writeSync(this.fd, line);
      this.size += bytes;
    } catch {
      // dropped (a full disk): the server goes on without it
    }
  }

  // The descriptor keeps its number (children close it by number); if the
  // rename fails, the file is emptied instead: the bound holds either way.
  private rotate(): void {
    try {
      fs.renameSync(this.file, `${this.file}.1`);
      const fresh = fs.openSync(this.file, 'a', 0o600);
      native.dup2(fresh, this.fd);
      fs.closeSync(fresh);
    } catch {
      fs.ftruncateSync(this.fd, 0);
    }
    this.size = 0;
  }
}

/** fd: the log's descriptor, for children to close */
export function openServerLog(file: string, level: string, maxBytes = DEFAULT_LOG_MAX_BYTES): { log: Logger; fd: number } {
  const dest = new BoundedLogFile(file, maxBytes);
  const log = pino({ level, base: { role: 'server' } }, dest);
  return { log, fd: dest.fd };
}
