// Supplies the watcher machine's effects: inotify (fs.watch) on the socket
// path and its directory, a read on the sentinel (stdin), and stat.
import fs from 'node:fs';
import path from 'node:path';
import { step as effectStep } from '../step.js';
import { watcherMachine, type WatcherEvent } from '../../machines/watcher.js';
import { errnoCode, errnoText } from '../fatal.js';

const step = <TInput>(run: (input: TInput, send: (e: WatcherEvent) => void) => void | (() => void)) =>
  effectStep<TInput, WatcherEvent>(run);

export function watcherWithEffects() {
  return watcherMachine.provide({
    actors: {
      watchPath: step<{ socketPath: string }>(({ socketPath }, send) => {
        const watchers: fs.FSWatcher[] = [];
        try {
          // The socket itself (attribute and link-count changes, as the C
          // watcher sees them) and its directory (a replacement by rename;
          // the directory itself moved, which names the directory): a stat
          // settles what any of them means.
          watchers.push(fs.watch(socketPath, { persistent: true }, () => send({ type: 'PATH_CHANGED' })));
          watchers.push(fs.watch(path.dirname(socketPath), { persistent: true }, () => send({ type: 'PATH_CHANGED' })));
          for (const w of watchers) w.on('error', (e) => send({ type: 'WATCH_FAILED', message: `watcher: inotify: ${errnoText(e)}` }));
        } catch (e) {
          // The socket is already gone: that is a change, not an error.
          if (errnoCode(e) === 'ENOENT') {
            send({ type: 'WATCH_ARMED' });
            send({ type: 'PATH_CHANGED' });
          } else send({ type: 'WATCH_FAILED', message: `watcher: watch ${socketPath}: ${errnoText(e)}` });
          return () => watchers.forEach((w) => w.close());
        }
        send({ type: 'WATCH_ARMED' });
        return () => watchers.forEach((w) => w.close());
      }),
      watchSentinel: step<Record<string, never>>((_, send) => {
        // Any byte or end of file on stdin means the server is gone (or wants us gone).
        const stdin = process.stdin;
        const fire = () => send({ type: 'SENTINEL_READABLE' });
        stdin.once('data', fire);
        stdin.once('end', fire);
        stdin.once('error', fire);
        return () => stdin.destroy();
      }),
      statSocket: step<{ socketPath: string }>(({ socketPath }, send) => {
        fs.stat(socketPath, { bigint: true }, (e, st) => {
          if (e) {
            if (e.code === 'ENOENT' || e.code === 'ENOTDIR') send({ type: 'SOCKET_GONE' });
            else send({ type: 'STAT_FAILED', message: `stat socket: ${socketPath}: ${errnoText(e)}` });
          } else send({ type: 'SOCKET_STAT', dev: String(st.dev), ino: String(st.ino) });
        });
      }),
    },
  });
}
