// Starts the script's setup process the way the C client does: stdin
// /dev/null, stdout onto our stderr, and four descriptors named in PREFORK_INTERP.
import os from 'node:os';
import { encodeExit, encodeSignal } from '../core/waitstatus.js';
import { lazyChildProcess } from './lazy.js';
import { errnoText } from './fatal.js';

export interface SetupHandles {
  listenFd: number;
  /** the server's end of the initial-call socketpair */
  callFd: number;
  /** write end of the watcher's stdin: the watcher sees EOF when every holder is gone */
  sentinelFd: number;
  /** read end of the watcher's stderr: its complaints, and EOF when it quits */
  watcherErrorFd: number;
}

// Children get the descriptors at these numbers, in PREFORK_INTERP's order.
const FIRST_EXTRA_FD = 3;

export function preforkInterpValue(startTime: string): string {
  const fds = [0, 1, 2, 3].map((i) => FIRST_EXTRA_FD + i);
  return `v1,${startTime} ${fds.join(',')}`;
}

export interface SetupCallbacks {
  started(pid: number): void;
  failed(message: string): void;
  exited(rawStatus: number): void;
}

// child_process is loaded only when a server has to be started: warm calls never need it.
export function runSetup(argv: string[], env: NodeJS.ProcessEnv, startTime: string, h: SetupHandles, cb: SetupCallbacks): void {
  // The C client's order: LISTEN, CALL, then the sentinel, then the watcher's stderr.
  const { spawn } = lazyChildProcess();
  const child = spawn(argv[0], argv.slice(1), {
    stdio: ['ignore', 2, 2, h.listenFd, h.callFd, h.sentinelFd, h.watcherErrorFd],
    env: { ...env, PREFORK_INTERP: preforkInterpValue(startTime) },
  });
  let reported = false;
  child.once('error', (e) => {
    if (reported) return;
    reported = true;
    cb.failed(`execute ${argv[0]}: ${errnoText(e)}`);
  });
  child.once('spawn', () => cb.started(child.pid!));
  child.once('exit', (code, signal) => {
    if (reported) return;
    reported = true;
    cb.exited(signal ? encodeSignal(os.constants.signals[signal]) : encodeExit(code ?? 0));
  });
}
