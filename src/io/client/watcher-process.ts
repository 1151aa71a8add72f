// Starts the watcher: a daemon (own session, cwd /) whose stdin is a pipe from
// the server (the sentinel) and whose stdout/stderr is a pipe to the server.
import { lazyUrl } from '../lazy-builtins.js';
import { native } from '../../native/index.js';
import type { SocketIdentity } from '../../machines/client.js';
import { STANDALONE, WATCHER_ARGV0 } from '../standalone.js';

export interface WatcherFds {
  /** write end of the watcher's stdin, for the server to hold */
  sentinelFd: number;
  /** read end of the watcher's stderr, nonblocking, for the server to read */
  errorFd: number;
}

export function startWatcher(socketPath: string, identity: SocketIdentity, extraEnv: NodeJS.ProcessEnv = {}): WatcherFds {
  const [stdinR, stdinW] = native.pipe();
  const [errR, errW] = native.pipe();
  try {
    // The compiled client is its own watcher, told so by argv[0]. The
    // Node-run client runs as one bundle, dist/cli/client.bundle.cjs, whose
    // URL import.meta.url is (bin/prefork-interp-loader.cjs passes it in).
    const argv = STANDALONE ? [WATCHER_ARGV0] : [process.execPath, lazyUrl().fileURLToPath(new URL('../cli/watcher.bundle.js', import.meta.url))];
    // The watcher needs nothing of the caller's environment.
    const env = Object.entries({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...extraEnv })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`);
    // posix_spawn from the addon: the runtime's own spawn took 2-9 ms of a cold call here.
    // Nobody waits for it: it outlives us, and init reaps it.
    native.spawn(process.execPath, [...argv, socketPath, identity.dev, identity.ino], env, [stdinR, errW, errW], { setsid: true, cwd: '/' });
  } catch (e) {
    // no watcher: our ends of its pipes go too
    native.close(stdinW);
    native.close(errR);
    throw e;
  } finally {
    native.close(stdinR);
    native.close(errW);
  }
  native.setNonblock(errR, true);
  return { sentinelFd: stdinW, errorFd: errR };
}
