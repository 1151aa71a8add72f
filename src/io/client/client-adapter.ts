// Supplies the client machine's effects: each actor does one system-level
// step (src/io modules) and reports what happened as an event.
import { fromCallback, type AnyEventObject } from 'xstate';
import { clientMachineWith, type ClientEffects, type ClientEvent } from '../../machines/client.js';
import { encodeRelaySignal, encodeRequest, RELAYED_SIGNAL_NUMBERS } from '../../core/wire.js';
import { awaitReadableHolding, catchRelayed, caughtSignalsFd, holding, nextCaught, releaseCaught, stopAsDefault } from './caught-signals.js';
import * as callsocket from './callsocket.js';
import { errnoCode, errnoText, Fatal } from '../fatal.js';
import { bindListener, removeOwnSocket } from './listener.js';
import { lockFile, unlockFile } from './lock.js';
import { preclean } from './preclean.js';
import { runSetup } from './setup-process.js';
import { startWatcher } from './watcher-process.js';
import { native, POLLIN } from '../../native/index.js';
import { blockingStep, runSettled } from '../step.js';
import { lazyFs } from '../lazy-builtins.js';

export interface ClientEffectsConfig {
  /** what the setup process executes (byte strings, as are the next two) */
  setupArgv: string[];
  /** the argv sent with the call: interpreter, script, args */
  callArgv: string[];
  /** the NAME=value entries the call runs with */
  env: string[];
  /** those the setup process starts with */
  setupEnv: string[];
  /** extra environment for the watcher (tracing) */
  watcherEnv?: NodeJS.ProcessEnv;
}

const step = <TInput>(run: (input: TInput, send: (e: ClientEvent) => void) => void) => blockingStep<TInput, ClientEvent>(run);

/**
 * Reads exactly `length` bytes from the call socket, blocking: BYTES_READ,
 * PEER_CLOSED or READ_FAILED. beforeBlocking runs before each read that
 * would wait: for a greeting to a call sent ahead, a wait with its signals
 * caught, until one comes that ends a C client waiting there (caught-signals.ts).
 */
function readExactly(fd: number, length: number, send: (e: ClientEvent) => void, beforeBlocking?: () => void): void {
  const r = callsocket.readExactly(fd, length, beforeBlocking);
  if (r.kind === 'data') send({ type: 'BYTES_READ', data: r.data });
  else if (r.kind === 'eof') send({ type: 'PEER_CLOSED', got: r.got });
  else send({ type: 'READ_FAILED', message: `read() on monitor call socket (${length}): ${errnoText(r.error)}` });
}

/**
 * The status, and meanwhile each signal we catch, reported as it comes:
 * one blocking poll(2) on the call socket and the caught signals' pipe, as
 * the C client blocks in its read (no thread, no event loop, no node:fs).
 */
function awaitStatusRelaying(fd: number, sendBack: (e: AnyEventObject) => void): () => void {
  // Each turn as a blocking step (step.ts): once the machine has taken what
  // the last one reported, and not at all once it has left the state.
  const wait = (send: (e: ClientEvent) => void): void => {
    // (one at a time: a Ctrl-Z's stop looks at those still waiting)
    for (let signal = nextCaught(); signal !== undefined; signal = nextCaught()) send({ type: 'SIGNAL_CAUGHT', signal });
    const signals = caughtSignalsFd();
    const ready = signals === null ? [POLLIN] : native.poll([fd, signals], [POLLIN, POLLIN], -1, true);
    // (a status cut short by a garbage peer is waited for as the C client waits: signals let go)
    if (ready[0] !== 0) readExactly(fd, 4, send, releaseCaught);
    else stop = runSettled(wait, sendBack);
  };
  let stop = runSettled(wait, sendBack);
  return () => stop();
}

function messageOf(e: unknown): string {
  return e instanceof Fatal ? e.message : errnoText(e);
}

export function clientWithEffects(cfg: ClientEffectsConfig) {
  const effects: ClientEffects = {
    actions: {
      catchSignals: () => catchRelayed(),
      releaseSignals: () => releaseCaught(),
      relaySignal: (_, { fd, signal }) => {
        try {
          callsocket.writeAll(fd, encodeRelaySignal(signal));
        } catch {
          // the server has gone: its status (or its absence) tells
        }
      },
      // As Ctrl-Z stops a plain run: the default action, with our handler set aside until SIGCONT.
      suspendSelf: () => stopAsDefault(RELAYED_SIGNAL_NUMBERS.SIGTSTP),
      closeFd: (_, { fd }) => {
        if (fd !== null) callsocket.close(fd);
      },
      unlockFd: (_, { fd }) => {
        if (fd !== null) unlockFile(fd);
      },
      removeOwnSocket: (_, { path, fd, identity }) => removeOwnSocket(path, fd, identity),
    },
    actors: {
      connect: step<{ path: string }>(({ path }, send) => {
        const r = callsocket.connect(path);
        if (r.kind === 'connected') send({ type: 'CONNECTED', fd: r.fd, peerUid: r.peerUid, requestSent: r.requestSent });
        else if (r.kind === 'refused') send({ type: 'NO_SERVER', code: r.code });
        else if (r.kind === 'no-socket') send({ type: 'SOCKET_FAILED', message: errnoText(r.error) });
        else send({ type: 'CONNECT_FAILED', message: errnoText(r.error) });
      }),
      readBytes: step<{ fd: number; length: number }>(({ fd, length }, send) =>
        readExactly(fd, length, send, holding() ? () => awaitReadableHolding(fd) : undefined),
      ),
      preclean: step<{ runBase: string }>(({ runBase }, send) => {
        try {
          preclean(runBase);
          send({ type: 'CLEANED' });
        } catch (e) {
          send({ type: 'CLEAN_FAILED', message: messageOf(e) });
        }
      }),
      lock: step<{ path: string }>(({ path }, send) => {
        try {
          send({ type: 'LOCKED', fd: lockFile(path) });
        } catch (e) {
          send({ type: 'LOCK_FAILED', message: messageOf(e) });
        }
      }),
      removeServer: step<{ socketPath: string; lockPath: string; logFiles: string[] }>(({ socketPath, lockPath, logFiles }, send) => {
        const fs = lazyFs();
        try {
          try {
            fs.unlinkSync(socketPath);
          } catch (e) {
            if (errnoCode(e) !== 'ENOENT') throw new Fatal(`remove socket ${socketPath}: ${errnoText(e)}`);
          }
          try {
            fs.unlinkSync(lockPath);
          } catch (e) {
            throw new Fatal(`remove lock ${lockPath}: ${errnoText(e)}`);
          }
          for (const f of logFiles) fs.rmSync(f, { force: true });
          send({ type: 'SERVER_REMOVED' });
        } catch (e) {
          send({ type: 'REMOVE_FAILED', message: messageOf(e) });
        }
      }),
      listen: step<{ path: string }>(({ path }, send) => {
        try {
          const { fd, identity } = bindListener(path);
          send({ type: 'LISTENING', fd, identity });
        } catch (e) {
          send({ type: 'LISTEN_FAILED', message: messageOf(e) });
        }
      }),
      startWatcher: step<{ path: string; identity: { dev: string; ino: string; mtime: string } }>(({ path, identity }, send) => {
        let w;
        try {
          w = startWatcher(path, identity, cfg.watcherEnv);
        } catch (e) {
          send({ type: 'WATCHER_FAILED', message: `fork for watcher: ${messageOf(e)}` });
          return;
        }
        send({ type: 'WATCHER_STARTED', sentinelFd: w.sentinelFd, errorFd: w.errorFd });
      }),
      runSetup: step<{ listenFd: number; startTime: string; sentinelFd: number; errorFd: number }>((input, send) => {
        let pair: [number, number];
        try {
          pair = native.socketpair();
        } catch (e) {
          send({ type: 'SETUP_FAILED', message: `socketpair() for fake initial connection: ${errnoText(e)}` });
          return;
        }
        const [ours, theirs] = pair;
        const failed = (message: string) => {
          callsocket.close(theirs);
          callsocket.close(ours);
          send({ type: 'SETUP_FAILED', message });
        };
        try {
          runSetup(
            cfg.setupArgv,
            cfg.setupEnv,
            input.startTime,
            { listenFd: input.listenFd, callFd: theirs, sentinelFd: input.sentinelFd, watcherErrorFd: input.errorFd },
            {
              started: (pid) => {
                callsocket.close(theirs);
                send({ type: 'SETUP_STARTED', callFd: ours, pid });
              },
              failed,
              exited: (status) => send({ type: 'SETUP_EXITED', status }),
            },
          );
        } catch (e) {
          // spawn() itself can throw (EMFILE, EAGAIN) rather than emit 'error'
          failed(`execute ${cfg.setupArgv[0]}: ${errnoText(e)}`);
        }
      }),
      sendFds: step<{ fd: number }>(({ fd }, send) => {
        try {
          callsocket.sendStdio(fd);
          send({ type: 'FDS_SENT' });
        } catch (e) {
          send({ type: 'SEND_FAILED', message: `send fd: ${errnoText(e)}` });
        }
      }),
      // As the C client (blocking, our signals' dispositions as they came), unless the server offered relaying.
      awaitStatus: fromCallback<AnyEventObject, { fd: number; relay: boolean }>(({ input, sendBack }) =>
        input.relay
          ? awaitStatusRelaying(input.fd, sendBack)
          : runSettled((send: (e: ClientEvent) => void) => readExactly(input.fd, 4, send), sendBack),
      ),
      sendMessage: step<{ fd: number }>(({ fd }, send) => {
        try {
          callsocket.writeAll(fd, encodeRequest(cfg.env, cfg.callArgv));
          send({ type: 'MESSAGE_SENT' });
        } catch (e) {
          send({ type: 'SEND_FAILED', message: `write request: ${errnoText(e)}` });
        }
      }),
    },
  };
  return clientMachineWith(effects);
}
