// Machine-level tests: no I/O. Pure transitions, and every simple path of
// each machine (xstate/graph) replayed with xstate's pure transition()
// to check invariants on the actions each path would carry out.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, fromCallback, initialTransition, transition } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { clientMachineWith } from '../dist/machines/client.js';
import { watcherMachine } from '../dist/machines/watcher.js';
import { serverMachine } from '../dist/machines/server.js';
import { monitorMachine } from '../dist/machines/monitor.js';
import { executorMachine } from '../dist/machines/executor.js';
// the client machine as tests and charts see it: its effects placeholders
const clientMachine = clientMachineWith();

const GOOD = Buffer.from('PFI\n\0\0\0\0', 'latin1');
// (the extra data's length is in host byte order, as the C client reads it: see core/wire.ts)
const GOOD_EXTRA = Buffer.from('PFI\n\x08\0\0\0', 'latin1');
// extra data that offers signal relaying (our Node library's)
const OFFER = Buffer.from('signals\n', 'latin1');
const BAD = Buffer.from('XXXX\0\0\0\0', 'latin1');

function actionTypes(actions) {
  return actions.map((a) => ({ type: a.type, params: a.params }));
}

/** Replays a path's events with the pure transition(), collecting the actions to be executed. */
function replay(machine, input, events) {
  let [snap, actions] = initialTransition(machine, input);
  const all = [...actionTypes(actions)];
  const trail = [{ value: snap.value, event: null }];
  for (const e of events) {
    [snap, actions] = transition(machine, snap, e);
    all.push(...actionTypes(actions));
    trail.push({ value: snap.value, event: e });
  }
  return { snap, actions: all, trail };
}

function pathsOf(machine, input, events) {
  const paths = getSimplePaths(machine, { input, events, limit: 100000 });
  // (a delayed event, xstate.after..., is kept when a test lists it)
  return paths.map((p) => p.steps.map((s) => s.event).filter((e) => e.type !== 'xstate.init'));
}


describe('client machine', () => {
  const clientEvents = [
    { type: 'CONNECTED', fd: 10, peerUid: 1000 },
    { type: 'CONNECTED', fd: 16, peerUid: 65534 }, // another user listens there
    { type: 'NO_SERVER', code: 'ENOENT' },
    { type: 'CONNECT_FAILED', message: 'Permission denied' },
    { type: 'BYTES_READ', data: GOOD },
    { type: 'BYTES_READ', data: GOOD_EXTRA },
    { type: 'BYTES_READ', data: OFFER },
    { type: 'BYTES_READ', data: BAD },
    { type: 'PEER_CLOSED', got: 0 },
    { type: 'READ_FAILED', message: 'x' },
    { type: 'CLEANED' },
    { type: 'CLEAN_FAILED', message: 'x' },
    { type: 'LOCKED', fd: 11 },
    { type: 'LOCK_FAILED', message: 'x' },
    { type: 'SERVER_REMOVED' },
    { type: 'REMOVE_FAILED', message: 'x' },
    { type: 'LISTENING', fd: 12, identity: { dev: '1', ino: '2', mtime: '3.000000000' } },
    { type: 'LISTEN_FAILED', message: 'x' },
    { type: 'WATCHER_STARTED', sentinelFd: 13, errorFd: 14 },
    { type: 'WATCHER_FAILED', message: 'x' },
    { type: 'SETUP_STARTED', callFd: 15, pid: 99 },
    { type: 'SETUP_FAILED', message: 'x' },
    { type: 'SETUP_EXITED', status: 0 },
    { type: 'SETUP_EXITED', status: 3 << 8 },
    { type: 'FDS_SENT' },
    { type: 'MESSAGE_SENT' },
    { type: 'SIGNAL_CAUGHT', signal: 15 },
    { type: 'SEND_FAILED', message: 'x' },
  ];
  for (const mode of ['normal', 'fresh', 'kill']) {
    const input = { mode, socketPath: '/r/s1', lockPath: '/r/l1', logFiles: [], runBase: '/r', uid: 1000 };
    const paths = pathsOf(clientMachine, input, clientEvents);
    test(`${mode}: every path is checked (${paths.length} paths)`, () => assert.ok(paths.length > 5));
    test(`${mode}: fds are never sent before a valid greeting`, () => {
      let sending = 0;
      for (const events of paths) {
        const { trail } = replay(clientMachine, input, events);
        let sawMagic = false;
        for (const step of trail) {
          if (step.event?.type === 'BYTES_READ' && step.event.data.subarray(0, 4).equals(GOOD.subarray(0, 4))) sawMagic = true;
          if (step.value === 'sendingFds') {
            sending++;
            assert.ok(sawMagic, `sending fds with no greeting read on ${JSON.stringify(events.map((e) => e.type))}`);
          }
        }
      }
      if (mode !== 'kill') assert.ok(sending > 0, 'some paths send fds');
    });
    test(`${mode}: another user's socket gets no descriptors: the client fails, naming it`, () => {
      let refused = 0;
      for (const events of paths) {
        const { snap, trail } = replay(clientMachine, input, events);
        const i = events.findIndex((e) => e.type === 'CONNECTED' && e.peerUid === 65534);
        if (i < 0) continue;
        refused++;
        assert.ok(!trail.slice(i + 1).some((s) => s.value === 'sendingFds'));
        if (snap.status === 'done') assert.match(snap.output.message, /another user's \(uid 65534, not 1000\): refusing to use it/);
      }
      if (mode === 'normal') assert.ok(refused > 0);
    });
    test(`${mode}: the lock is always released`, () => {
      let checked = 0;
      for (const events of paths) {
        const { snap, actions } = replay(clientMachine, input, events);
        const locked = events.some((e) => e.type === 'LOCKED');
        if (!locked || snap.status !== 'done') continue;
        checked++;
        assert.equal(snap.context.lockFd, null);
        assert.ok(actions.some((a) => a.type === 'unlockFd' && a.params.fd === 11), `no unlock on ${JSON.stringify(events.map((e) => e.type))}`);
      }
      assert.ok(checked > 0, 'some paths take the lock and end');
    });
    test(`${mode}: a spawn failure never leaves a listening socket behind, and a greeted server's socket stays`, () => {
      let checked = 0;
      for (const events of paths) {
        const { snap, actions, trail } = replay(clientMachine, input, events);
        if (snap.status !== 'done' || !events.some((e) => e.type === 'LISTENING')) continue;
        checked++;
        const removals = actions.filter((a) => a.type === 'removeOwnSocket' && a.params.identity !== null);
        const on = JSON.stringify(events.map((e) => e.type));
        // Only failures before the server greeted us count as spawn failures.
        if (trail.some((s) => s.value === 'sendingFds')) assert.equal(removals.length, 0, `greeted server's socket removed on ${on}`);
        else assert.equal(removals.length, 1, `socket left on ${on}`);
      }
      if (mode !== 'kill') assert.ok(checked > 0, 'some paths bind a socket and end');
    });
    test(`${mode}: every path that ends, ends in a final state with an exit status or a message`, () => {
      let ended = 0;
      for (const events of paths) {
        const { snap } = replay(clientMachine, input, events);
        if (snap.status !== 'done') continue;
        ended++;
        assert.ok(['status', 'exit', 'fail'].includes(snap.output.kind));
        if (snap.output.kind === 'fail') assert.ok(snap.output.message.length > 0);
        assert.equal(snap.context.callFd, null, 'the call socket is closed at the end');
      }
      assert.ok(ended > 0);
    });
  }
  test('relaying: a server that offered it gets each signal caught while the call runs (Ctrl-Z also suspends us); one that did not gets none', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    const call = (greeting) => [
      { type: 'CONNECTED', fd: 5, peerUid: 1000 },
      ...greeting,
      { type: 'FDS_SENT' },
      { type: 'MESSAGE_SENT' },
      { type: 'SIGNAL_CAUGHT', signal: 2 },
      { type: 'SIGNAL_CAUGHT', signal: 20 },
      { type: 'BYTES_READ', data: Buffer.from([0, 0, 42, 0]) },
    ];
    const offered = replay(clientMachine, input, call([{ type: 'BYTES_READ', data: GOOD_EXTRA }, { type: 'BYTES_READ', data: OFFER }]));
    assert.deepEqual(
      offered.actions.filter((a) => a.type === 'relaySignal' || a.type === 'suspendSelf').map((a) => [a.type, a.params?.signal]),
      [['relaySignal', 2], ['relaySignal', 20], ['suspendSelf', undefined]],
    );
    assert.equal(offered.snap.output.raw, 42 << 8);
    // caught from the greeting on, before the request is sent (so none is lost in between)
    const types = offered.actions.map((a) => a.type);
    assert.ok(types.indexOf('catchSignals') >= 0 && types.indexOf('catchSignals') < types.indexOf('relaySignal'));
    const plain = replay(clientMachine, input, call([{ type: 'BYTES_READ', data: GOOD }]));
    assert.ok(!plain.actions.some((a) => a.type === 'relaySignal' || a.type === 'suspendSelf' || a.type === 'catchSignals'));
    assert.equal(plain.snap.output.raw, 42 << 8);
  });
  test('a connection dropped as garbage gives back the signals caught for a call sent with it, before the lock and a new server', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    const ahead = { type: 'CONNECTED', fd: 5, peerUid: 1000, requestSent: true };
    for (const garbage of [{ type: 'PEER_CLOSED', got: 0 }, { type: 'READ_FAILED', message: 'x' }]) {
      const { snap, actions } = replay(clientMachine, input, [ahead, garbage]);
      assert.equal(snap.value, 'cleaning');
      const closed = actions.findIndex((a) => a.type === 'closeFd' && a.params.fd === 5);
      const released = actions.findIndex((a) => a.type === 'releaseSignals');
      assert.ok(closed >= 0 && released > closed, `dropped, then released, on ${garbage.type}`);
    }
  });
  test('an effect that threw fails the client, in any state, with one line', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    for (const before of [[], [{ type: 'NO_SERVER', code: 'ENOENT' }], [{ type: 'CONNECTED', fd: 5, peerUid: 1000 }, { type: 'BYTES_READ', data: GOOD }]]) {
      const { snap } = replay(clientMachine, input, [...before, { type: 'EFFECT_FAILED', message: 'socket: Too many open files' }]);
      assert.equal(snap.status, 'done');
      assert.deepEqual(snap.output, { kind: 'fail', message: 'internal error: socket: Too many open files' });
    }
    const noSocket = replay(clientMachine, input, [{ type: 'SOCKET_FAILED', message: 'Too many open files' }]);
    assert.deepEqual(noSocket.snap.output, { kind: 'fail', message: 'socket() for client: Too many open files' });
  });
  test('pure transition: a warm call goes connecting -> greeting -> fds -> message -> status', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    const { snap } = replay(clientMachine, input, [
      { type: 'CONNECTED', fd: 5, peerUid: 1000 },
      { type: 'BYTES_READ', data: GOOD },
      { type: 'FDS_SENT' },
      { type: 'MESSAGE_SENT' },
      { type: 'BYTES_READ', data: Buffer.from([0, 0, 7, 0]) },
    ]);
    assert.deepEqual(snap.output, { kind: 'status', what: 'invocation', raw: 0x700 });
  });
  test('pure transition: a call sent with the connection (compiled client) goes from its greeting to the status; its signals relayed', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    const ahead = { type: 'CONNECTED', fd: 5, peerUid: 1000, requestSent: true };
    const status = { type: 'BYTES_READ', data: Buffer.from([0, 0, 7, 0]) };
    const plain = replay(clientMachine, input, [ahead, { type: 'BYTES_READ', data: GOOD }]);
    assert.equal(plain.snap.value, 'awaitingStatus');
    assert.ok(!plain.trail.some((t) => ['sendingFds', 'sendingMessage'].includes(t.value)), 'nothing sent again');
    const [done] = transition(clientMachine, plain.snap, status);
    assert.deepEqual(done.output, { kind: 'status', what: 'invocation', raw: 0x700 });
    const offered = replay(clientMachine, input, [ahead, { type: 'BYTES_READ', data: GOOD_EXTRA }, { type: 'BYTES_READ', data: OFFER }, { type: 'SIGNAL_CAUGHT', signal: 2 }]);
    assert.equal(offered.snap.value, 'awaitingStatus');
    assert.deepEqual(offered.actions.filter((a) => /Signals?$/.test(a.type)).map((a) => a.type), ['catchSignals', 'relaySignal']);
    // what the entry caught before it sent is given back to a server that relays none
    assert.deepEqual(plain.actions.filter((a) => /Signals?$/.test(a.type)).map((a) => a.type), ['releaseSignals']);
    // another user's socket is refused, as with any connection
    assert.equal(replay(clientMachine, input, [{ ...ahead, peerUid: 65534 }]).snap.value, 'failed');
    // a failure gives back what was caught (as a C client would have died of it)
    const bad = replay(clientMachine, input, [ahead, { type: 'BYTES_READ', data: BAD }]);
    assert.equal(bad.snap.value, 'failed');
    assert.ok(bad.actions.some((a) => a.type === 'releaseSignals'));
  });
  test('pure transition: after a peer that took the call with the connection and closed without a greeting, the next connection sends it', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    const garbage = [{ type: 'CONNECTED', fd: 5, peerUid: 1000, requestSent: true }, { type: 'PEER_CLOSED', got: 0 }, { type: 'CLEANED' }, { type: 'LOCKED', fd: 6 }];
    const reprobed = replay(clientMachine, input, [...garbage, { type: 'CONNECTED', fd: 7, peerUid: 1000 }, { type: 'BYTES_READ', data: GOOD }]);
    assert.equal(reprobed.snap.value, 'sendingFds');
    assert.ok(reprobed.actions.some((a) => a.type === 'closeFd' && a.params.fd === 5), 'the first connection closed');
    const spawned = replay(clientMachine, input, [
      ...garbage,
      { type: 'NO_SERVER', code: 'ENOENT' },
      { type: 'LISTENING', fd: 8, identity: { dev: '1', ino: '2', mtime: '3.000000000' } },
      { type: 'WATCHER_STARTED', sentinelFd: 9, errorFd: 10 },
      { type: 'SETUP_STARTED', callFd: 11, pid: 99 },
      { type: 'SETUP_EXITED', status: 0 },
      { type: 'BYTES_READ', data: GOOD },
    ]);
    assert.equal(spawned.snap.value, 'sendingFds');
    assert.equal(spawned.snap.context.callFd, 11);
  });
  test('pure transition: wrong magic is fatal with the reference\'s message', () => {
    const input = { mode: 'normal', socketPath: '/r/s', lockPath: '/r/l', logFiles: [], runBase: '/r', uid: 1000 };
    const { snap } = replay(clientMachine, input, [{ type: 'CONNECTED', fd: 5, peerUid: 1000 }, { type: 'BYTES_READ', data: BAD }]);
    assert.deepEqual(snap.output, { kind: 'fail', message: 'got unexpected protocol magic 0x58585858' });
  });
});

const REQUEST_TIMEOUT = 'xstate.after.requestTimeout.monitor.receiving';
/** a caller's greeting, signalling byte, three descriptors and request, as a monitor receives them */
const WHOLE_REQUEST = [
  { type: 'GREETING_SENT' },
  { type: 'BYTES_READ', data: Buffer.from([0]) },
  { type: 'FD_RECEIVED', byte: 0, fds: [20] },
  { type: 'FD_RECEIVED', byte: 0, fds: [21] },
  { type: 'FD_RECEIVED', byte: 0, fds: [22] },
  { type: 'BYTES_READ', data: Buffer.from([0, 0, 0, 11]) },
  { type: 'BYTES_READ', data: Buffer.from('A=b\0\0node\0') },
];

describe('monitor machine', () => {
  const events = [
    { type: 'GREETING_SENT' },
    { type: 'WRITE_FAILED', message: 'EPIPE' },
    { type: 'BYTES_READ', data: Buffer.from([0]) },
    { type: 'BYTES_READ', data: Buffer.from([7]) },
    { type: 'FD_RECEIVED', byte: 0, fds: [20] },
    { type: 'FD_RECEIVED', byte: 0, fds: [] },
    { type: 'BYTES_READ', data: Buffer.from([0, 0, 0, 11]) },
    { type: 'BYTES_READ', data: Buffer.from([0xff, 0xff, 0xff, 0xff]) },
    { type: 'BYTES_READ', data: Buffer.from('A=b\0\0node\0') },
    { type: 'BYTES_READ', data: Buffer.from('A=b\0node\0') },
    { type: 'PEER_CLOSED' },
    { type: 'READ_FAILED', message: 'x' },
    { type: REQUEST_TIMEOUT },
    { type: 'SLOT_GRANTED' },
    { type: 'EXECUTOR_STARTED', pid: 50 },
    { type: 'EXECUTOR_FAILED', message: 'x' },
    { type: 'EXECUTOR_EXITED', status: 42 << 8 },
    { type: 'CALLER_GONE' },
    { type: 'SIGNAL_RELAYED', signal: 15 },
    { type: 'SIGNAL_RELAYED', signal: 9 }, // not one a client may relay
    { type: 'STATUS_SENT' },
  ];
  const input = { callFd: 9, requestTimeoutMs: 10000 };
  const paths = pathsOf(monitorMachine, input, events);
  test(`every path (${paths.length}) reports a status, or ends quietly because the caller went, or rejects with a reason`, () => {
    let ended = 0;
    for (const evs of paths) {
      const { snap, actions } = replay(monitorMachine, input, evs);
      if (snap.status !== 'done') continue;
      ended++;
      const o = snap.output;
      assert.ok(['reported', 'abandoned', 'rejected'].includes(o.kind));
      if (o.kind === 'rejected') assert.ok(o.error.length > 0);
      if (o.kind === 'reported') assert.equal(o.status, 42 << 8, 'the executor\'s real status, never a substitute');
      // once an executor started, the monitor never ends before it has been reaped
      if (evs.some((e) => e.type === 'EXECUTOR_STARTED')) assert.ok(evs.some((e) => e.type === 'EXECUTOR_EXITED'), JSON.stringify(evs.map((e) => e.type)));
      // the caller going away interrupts the call's process group
      if (evs.some((e) => e.type === 'CALLER_GONE')) assert.ok(actions.some((a) => a.type === 'interruptCall' && a.params.pid === 50));
      // everything the call held is released
      assert.ok(actions.some((a) => a.type === 'releaseCall'));
    }
    assert.ok(ended > 5);
  });
  // (a relay is a self-transition, which simple paths never take: a replay)
  test('a relayed signal goes to the running call\'s process group, and only the listed ones', () => {
    const { actions } = replay(monitorMachine, input, [
      ...WHOLE_REQUEST,
      { type: 'SLOT_GRANTED' },
      { type: 'SIGNAL_RELAYED', signal: 2 }, // before the executor runs: nobody to signal yet
      { type: 'EXECUTOR_STARTED', pid: 50 },
      { type: 'SIGNAL_RELAYED', signal: 15 },
      { type: 'SIGNAL_RELAYED', signal: 9 },
      { type: 'SIGNAL_RELAYED', signal: 20 },
    ]);
    assert.deepEqual(actions.filter((a) => a.type === 'signalCall').map((a) => a.params), [{ pid: 50, signal: 15 }, { pid: 50, signal: 20 }]);
  });
  test('no executor starts without a valid signalling byte, three fds and a well-formed message', () => {
    let started = 0;
    for (const evs of paths) {
      const i = evs.findIndex((e) => e.type === 'EXECUTOR_STARTED');
      if (i < 0) continue;
      started++;
      const before = evs.slice(0, i);
      assert.equal(before.filter((e) => e.type === 'FD_RECEIVED' && e.fds.length === 1).length, 3);
      assert.ok(before.some((e) => e.type === 'BYTES_READ' && e.data.toString() === 'A=b\0\0node\0'));
      assert.ok(before.some((e) => e.type === 'SLOT_GRANTED'), 'only with a slot');
    }
    assert.ok(started > 0, 'some paths start an executor');
  });
  test('a peer that has not sent its whole request by the deadline is rejected and released; a call that has it is not', () => {
    let timedOut = 0;
    for (const evs of paths) {
      const i = evs.findIndex((e) => e.type === REQUEST_TIMEOUT);
      if (i < 0) continue;
      const { snap, actions } = replay(monitorMachine, input, evs.slice(0, i + 1));
      const complete = evs.slice(0, i).some((e) => e.type === 'BYTES_READ' && e.data.toString() === 'A=b\0\0node\0');
      if (complete) continue; // the deadline does not apply any more: the event is ignored
      timedOut++;
      assert.equal(snap.status, 'done');
      assert.match(snap.output.error, /request not complete within 10 s/);
      assert.ok(actions.some((a) => a.type === 'releaseCall'));
    }
    assert.ok(timedOut > 3);
    const { snap } = replay(monitorMachine, input, [
      ...WHOLE_REQUEST,
      { type: REQUEST_TIMEOUT },
    ]);
    assert.equal(snap.value, 'awaitingSlot', 'waiting for a slot is not bounded by the request deadline');
  });
});

describe('server machine', () => {
  const events = [
    { type: 'INITIAL_CALL' },
    { type: 'LISTEN_READABLE' },
    { type: 'UP_TO_DATE' },
    { type: 'RELOAD_NEEDED', path: '/s.mjs' },
    { type: 'CONNECTION_ACCEPTED', fd: 30, peerUid: 1000 },
    { type: 'CONNECTION_ACCEPTED', fd: 31, peerUid: 65534 }, // another user
    { type: 'NOTHING_TO_ACCEPT' },
    { type: 'ACCEPT_FAILED', message: 'EMFILE' },
    { type: 'SLOT_WANTED', fd: 30 },
    { type: 'CALL_ENDED', fd: 30, held: true },
    { type: 'CALL_ENDED', fd: 30, held: false },
    { type: 'WATCHER_EOF' },
    { type: 'WATCHER_MESSAGE', message: 'inotify' },
  ];
  const input = { maxServers: 1, idleTimeoutMs: 1000, maxErrors: 1, maxReceiving: 2, uid: 1000 };
  const paths = pathsOf(serverMachine, input, events);
  test(`never more calls running than maxServers, nor more receiving than maxReceiving, on any path (${paths.length})`, () => {
    for (const evs of paths) {
      const { snap, actions } = replay(serverMachine, input, evs);
      const why = JSON.stringify(evs.map((e) => e.type));
      assert.ok(snap.context.active <= 1, why);
      assert.ok(snap.context.receiving <= 2, why);
      assert.ok(actions.filter((a) => a.type === 'grantSlot').length <= evs.filter((e) => e.type === 'SLOT_WANTED').length, why);
      if (JSON.stringify(snap.value).includes('accepting')) assert.ok(snap.context.active < 1 && snap.context.receiving < 2);
    }
  });
  test('a connection from another user is refused unread: no monitor, no slot, no count', () => {
    for (const evs of paths) {
      const { actions } = replay(serverMachine, input, evs);
      assert.ok(!actions.some((a) => a.type === 'startMonitor' && a.params.fd === 31));
      const refusals = actions.filter((a) => a.type === 'refuseConnection').length;
      assert.equal(refusals, actions.filter((a) => a.type === 'refuseConnection' && a.params.peerUid === 65534).length);
    }
    const { actions } = replay(serverMachine, input, [{ type: 'LISTEN_READABLE' }, { type: 'UP_TO_DATE' }, { type: 'CONNECTION_ACCEPTED', fd: 31, peerUid: 65534 }]);
    assert.deepEqual(actions.filter((a) => a.type === 'refuseConnection').map((a) => a.params), [{ fd: 31, peerUid: 65534 }]);
  });
  test('connections still receiving hold no slot: with maxServers 1, a silent peer does not keep a ready call waiting', () => {
    const { snap, actions } = replay(serverMachine, input, [
      { type: 'LISTEN_READABLE' },
      { type: 'UP_TO_DATE' },
      { type: 'CONNECTION_ACCEPTED', fd: 30, peerUid: 1000 }, // says nothing
      { type: 'LISTEN_READABLE' },
      { type: 'UP_TO_DATE' },
      { type: 'CONNECTION_ACCEPTED', fd: 31, peerUid: 1000 },
      { type: 'SLOT_WANTED', fd: 31 },
    ]);
    assert.deepEqual(actions.filter((a) => a.type === 'grantSlot').map((a) => a.params.fd), [31]);
    assert.equal(snap.context.active, 1);
    assert.equal(snap.context.receiving, 1, 'the silent peer is still receiving');
  });
  test('a call that waits for a slot gets the one the next ending call frees, first come first served', () => {
    const { actions } = replay(serverMachine, { ...input, maxReceiving: 4 }, [
      { type: 'INITIAL_CALL' },
      { type: 'LISTEN_READABLE' },
      { type: 'UP_TO_DATE' },
      { type: 'CONNECTION_ACCEPTED', fd: 30, peerUid: 1000 },
      { type: 'LISTEN_READABLE' },
      { type: 'UP_TO_DATE' },
      { type: 'CONNECTION_ACCEPTED', fd: 31, peerUid: 1000 },
      { type: 'SLOT_WANTED', fd: 31 },
      { type: 'SLOT_WANTED', fd: 30 },
      { type: 'SLOT_WANTED', fd: 9 },
      { type: 'LISTEN_READABLE' }, // full: not watched, ignored
      { type: 'CALL_ENDED', fd: 31, held: true },
      { type: 'CALL_ENDED', fd: 9, held: false }, // gave up while waiting: nothing to grant it
      { type: 'CALL_ENDED', fd: 30, held: true },
    ]);
    assert.deepEqual(actions.filter((a) => a.type === 'grantSlot').map((a) => a.params.fd), [31, 30]);
  });
  test('it never quits with a call under way: it stops listening and lets them end first', () => {
    let drained = 0;
    for (const evs of paths) {
      const { snap, actions } = replay(serverMachine, input, evs);
      if (snap.status === 'done') assert.equal(snap.context.active + snap.context.receiving, 0, JSON.stringify(evs.map((e) => e.type)));
      if (snap.value === 'draining') {
        drained++;
        assert.ok(snap.context.active + snap.context.receiving > 0);
        assert.equal(actions.filter((a) => a.type === 'stopListening').length, 1, 'the listener is closed once');
      }
    }
    assert.ok(drained > 0, 'some paths drain');
  });
  test('every way to quit carries a reason', () => {
    let quit = 0;
    for (const evs of paths) {
      const { snap } = replay(serverMachine, input, evs);
      if (snap.status !== 'done') continue;
      quit++;
      assert.ok(snap.output.reason.length > 0);
    }
    assert.ok(quit > 0, 'some paths quit');
  });
  test('the idle timeout fires only with no calls, through the clock (delays run on the supplied clock)', () => {
    const fired = [];
    const clock = { setTimeout: (fn, ms) => (fired.push({ fn, ms }), fired.length), clearTimeout: () => {} };
    const noop = fromCallback(() => {});
    const a = createActor(serverMachine.provide({ actors: { watchListener: noop, watchWatcher: noop, checkReload: noop, accept: noop } }), { input, clock });
    a.start();
    assert.equal(fired.length, 1);
    assert.equal(fired[0].ms, 1000);
    fired[0].fn();
    assert.equal(a.getSnapshot().status, 'done');
    assert.equal(a.getSnapshot().output.reason, 'idle timeout');
  });
});

describe('watcher machine', () => {
  const events = [
    { type: 'WATCH_ARMED' },
    { type: 'PATH_CHANGED' },
    { type: 'SENTINEL_READABLE' },
    { type: 'WATCH_FAILED', message: 'x' },
    { type: 'SOCKET_STAT', dev: '1', ino: '2' },
    { type: 'SOCKET_STAT', dev: '1', ino: '3' },
    { type: 'SOCKET_GONE' },
    { type: 'STAT_FAILED', message: 'x' },
  ];
  const input = { socketPath: '/r/s', dev: '1', ino: '2' };
  const paths = pathsOf(watcherMachine, input, events);
  test(`the socket is first checked only after the watch is armed (${paths.length} paths)`, () => {
    let checked = 0;
    for (const evs of paths) {
      const iStat = evs.findIndex((e) => e.type.startsWith('SOCKET_'));
      const iArmed = evs.findIndex((e) => e.type === 'WATCH_ARMED');
      if (iStat < 0) continue;
      checked++;
      assert.ok(iArmed >= 0 && iArmed < iStat);
    }
    assert.ok(checked > 0, 'some paths check the socket');
  });
  test('it quits when the socket is replaced or gone, never while it is the same', () => {
    const quitOn = new Set();
    for (const evs of paths) {
      const { snap } = replay(watcherMachine, input, evs);
      const last = evs[evs.length - 1];
      const same = last?.type === 'SOCKET_STAT' && last.ino === '2';
      if (snap.status === 'done') {
        quitOn.add(last.type === 'SOCKET_STAT' ? 'replaced' : last.type);
        assert.ok(!same, 'quit on its own socket');
      }
    }
    // (and, replayed: the same socket keeps it running)
    assert.ok(quitOn.has('replaced') && quitOn.has('SOCKET_GONE'), `quits seen: ${[...quitOn]}`);
    const { snap } = replay(watcherMachine, input, [{ type: 'WATCH_ARMED' }, { type: 'PATH_CHANGED' }, { type: 'SOCKET_STAT', dev: '1', ino: '2' }]);
    assert.equal(snap.status, 'active');
  });
  test('watching, it checks the socket again now and then: no inotify event tells of a directory above renamed or an unmount', () => {
    const { snap } = replay(watcherMachine, input, [
      { type: 'WATCH_ARMED' },
      { type: 'SOCKET_STAT', dev: '1', ino: '2' },
      { type: 'xstate.after.recheckInterval.watcher.alive.watching' },
    ]);
    assert.deepEqual(snap.value, { alive: 'checking' });
  });
  test('a change seen while a stat is under way is checked again', () => {
    const { snap } = replay(watcherMachine, input, [
      { type: 'WATCH_ARMED' },
      { type: 'PATH_CHANGED' },
      { type: 'SOCKET_STAT', dev: '1', ino: '2' },
    ]);
    assert.deepEqual(snap.value, { alive: 'checking' });
  });
});

describe('executor machine', () => {
  const events = [
    { type: 'CALL_HANDED' },
    { type: 'SERVER_GONE' },
    { type: 'ADOPTED' },
    { type: 'ADOPT_FAILED', message: 'dup2' },
    { type: 'EXIT_EMITTED', code: 5 },
  ];
  for (const spare of [false, true]) {
    const kind = spare ? 'spare' : 'forked for a call';
    const paths = pathsOf(executorMachine, { spare }, events);
    test(`${kind}: an exit is heard only from a call that runs, with its code (${paths.length} paths)`, () => {
      let exited = 0;
      for (const evs of paths) {
        const { snap, trail } = replay(executorMachine, { spare }, evs);
        if (snap.status !== 'done' || snap.output.kind !== 'exited') continue;
        exited++;
        assert.equal(snap.output.code, 5);
        assert.ok(trail.some((s) => s.value === 'running'));
      }
      assert.ok(exited > 0, 'some paths run a call to its exit');
    });
    test(`${kind}: no per-call code runs before the call is adopted`, () => {
      let ran = 0;
      for (const evs of paths) {
        const { trail } = replay(executorMachine, { spare }, evs);
        const iRun = trail.findIndex((s) => s.value === 'running');
        if (iRun < 0) continue;
        ran++;
        assert.ok(trail.slice(0, iRun + 1).some((s) => s.event?.type === 'ADOPTED'));
        if (spare) assert.ok(trail.slice(0, iRun).some((s) => s.event?.type === 'CALL_HANDED'));
      }
      assert.ok(ran > 0, 'some paths run the call');
    });
  }
});

test('the committed diagrams are what the code generates', async () => {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, [new URL('../scripts/diagrams.mjs', import.meta.url).pathname, '--check'], { timeout: 60000 }).toString();
  assert.match(out, /diagrams up to date/);
});
