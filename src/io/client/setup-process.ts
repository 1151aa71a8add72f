// Starts the script's setup process the way the C client does: stdin
// /dev/null, stdout onto our stderr, and four descriptors named in PREFORK_INTERP.
import { bytesOf, decodedText } from '../../core/bytes.js';
import { native } from '../../native/index.js';
import { errnoText } from '../fatal.js';
import { isClosedStandIn } from '../closed-fd.js';

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

/**
 * argv and env are byte strings, passed byte for byte (child_process could
 * pass only UTF-8). The client has nothing else to do until the setup
 * process ends, so it waits for it here, blocking.
 */
export function runSetup(argv: string[], env: string[], startTime: string, h: SetupHandles, cb: SetupCallbacks): void {
  let pid: number;
  try {
    pid = native.spawn(
      bytesOf(argv[0]),
      argv.map(bytesOf),
      [...env.filter((e) => !e.startsWith('PREFORK_INTERP=')), `PREFORK_INTERP=${preforkInterpValue(startTime)}`].map(bytesOf),
      // a closed stderr: the setup's output goes nowhere, as a plain run's would
      [-1, ...(isClosedStandIn(2) ? [-1, -1] : [2, 2]), h.listenFd, h.callFd, h.sentinelFd, h.watcherErrorFd],
    );
  } catch (e) {
    cb.failed(`execute ${decodedText(argv[0])}: ${errnoText(e)}`);
    return;
  }
  cb.started(pid);
  let status: number;
  try {
    status = native.waitpid(pid, false)!.status;
  } catch (e) {
    cb.failed(`wait for ${decodedText(argv[0])}: ${errnoText(e)}`);
    return;
  }
  cb.exited(status);
}
