// Every machine that gets a chart, by the name its files carry in diagrams/.
import { clientMachineWith } from '../machines/client.js';
import { watcherMachine } from '../machines/watcher.js';
import { serverMachine } from '../machines/server.js';
import { monitorMachine } from '../machines/monitor.js';
import { executorMachine } from '../machines/executor.js';
import type { AnyStateMachine } from 'xstate';

export const MACHINES: Record<string, { machine: AnyStateMachine; process: string }> = {
  client: { machine: clientMachineWith(), process: 'the client (bin/prefork-interp): finds or starts a server, relays the call' },
  watcher: { machine: watcherMachine, process: 'the watcher daemon: lives while the socket path is the server\'s and the server lives' },
  server: { machine: serverMachine, process: 'the Node library\'s server: accepts calls up to the limit, quits on watcher/idle/reload' },
  monitor: { machine: monitorMachine, process: 'one call inside the Node server: protocol, executor, status' },
  executor: { machine: executorMachine, process: "the call's own process: a spare forked ahead of time by the zygote and handed the call (or, without a zygote, forked by the server for it)" },
};
