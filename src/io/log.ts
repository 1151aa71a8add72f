// The server's log: pino, written synchronously (a forked executor must not
// inherit queued log lines) to a file beside the socket:
//   <run directory>/p<ident>.log   (override: option logFile)
import pino, { type Logger } from 'pino';
import path from 'node:path';
import { logPath } from '../core/ident.js';

export function serverLogPath(socket: string): string {
  return logPath(path.dirname(socket), path.basename(socket).slice(1));
}

/** fd: the log's descriptor (opened at once, as the destination is synchronous), for children to close */
export function openServerLog(file: string, level: string): { log: Logger; fd: number | undefined } {
  const dest = pino.destination({ dest: file, sync: true, mkdir: false });
  const log = pino({ level, base: { role: 'server' } }, dest);
  return { log, fd: (dest as unknown as { fd?: number }).fd };
}
