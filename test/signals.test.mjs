// Signals sent to our client (a supervisor, `timeout`, a user's kill) reach
// the call when the server offered to relay them (our Node library): the
// call's own handlers run and the client exits with the call's status, or
// dies of the same signal. With the Perl library (no offer) the client keeps
// the C client's behaviour: it dies, and the monitor interrupts the call.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { NodeService } from './helpers/node-service.mjs';
import { PerlService } from './helpers/perl-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { CLIENT, blockedWaiting, endOf, waitFor, waitForOutput, interruptWhenBlocked } from './helpers/procs.mjs';

const nodeService = serviceFactory(NodeService);
const perlService = serviceFactory(PerlService);

/** Starts a call through our client, waits until it says it is ready, signals the client, and gives how it ended. */
async function signalled(s, what, signal) {
  const child = spawn(CLIENT, ['-U', s.interpreter, s.script, what], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const ended = endOf(child);
  await waitForOutput(child, 'ready');
  child.kill(signal);
  const end = await ended;
  return { ...end, out };
}

describe('signals sent to our client, with a server of our Node library', () => {
  const s = nodeService('sigs');
  for (const [signal, code] of [['SIGINT', 40], ['SIGTERM', 41], ['SIGHUP', 42], ['SIGUSR1', 43], ['SIGQUIT', 44], ['SIGUSR2', 45], ['SIGWINCH', 46]]) {
    test(`${signal} reaches the call, whose handler runs; the client exits with the call's status (${code})`, async () => {
      const r = await signalled(s, 'trap', signal);
      assert.deepEqual(r, { code, signal: null, out: `ready ${r.out.split(' ')[1].split('\n')[0]}\ncall got ${signal}\n` });
    });
  }
  test('a signal the caller ignored (nohup) still reaches the call, as a plain node run resets it at start', async () => {
    const child = spawn('sh', ['-c', `trap '' HUP; exec "$0" "$@"`, CLIENT, '-U', s.interpreter, s.script, 'trap'], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const ended = endOf(child);
    await waitForOutput(child, 'ready');
    child.kill('SIGHUP');
    assert.deepEqual(await ended, { code: 42, signal: null });
    assert.match(out, /call got SIGHUP/);
  });
  test('Ctrl-Z and SIGCONT at once (a supervisor pausing and resuming): neither the client nor the call stays stopped', async () => {
    const child = spawn(CLIENT, ['-U', s.interpreter, s.script, 'trap'], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = endOf(child);
    await waitForOutput(child, 'ready');
    // both before the client can act on the first: the SIGCONT has continued
    // it already, so stopping for the Ctrl-Z would be for good
    child.kill('SIGTSTP');
    child.kill('SIGCONT');
    // still running, it relays this; the call, continued, ends of it
    child.kill('SIGTERM');
    assert.deepEqual(await ended, { code: 41, signal: null });
  });
  test('a Ctrl-Z to a client in an orphaned process group (a service, no job control) stops nothing, as a plain run there', async () => {
    // (setsid: a session of its own, whose one group has no parent in it)
    const child = spawn('setsid', [CLIENT, '-U', s.interpreter, s.script, 'cont'], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = endOf(child);
    await waitForOutput(child, 'ready');
    child.kill('SIGTSTP');
    // the call, stopped by the relay, is continued when the kernel would not stop the client
    assert.deepEqual(await ended, { code: 47, signal: null });
  });
  test('a call with no handler dies of the relayed signal, and the client of the same', async () => {
    const r = await signalled(s, 'wait', 'SIGTERM');
    assert.equal(r.signal, 'SIGTERM');
    assert.doesNotMatch(r.out, /never signalled/);
  });
});

/**
 * A server of its own at its limit (maxServers 1), busy with a call of
 * `mode` that has said it is ready: fn({ s, env, busy, busyEnded }); then no
 * call runs, and the server is stopped by its pid.
 */
async function atItsLimit(name, mode, fn) {
  const s = nodeService(name);
  const env = { ...process.env, MAX_SERVERS: '1' };
  await s.call(['hello'], { env });
  const busy = spawn(CLIENT, ['-U', s.interpreter, s.script, mode], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'], env });
  const busyEnded = endOf(busy);
  try {
    await waitForOutput(busy, 'ready');
    await fn({ s, env, busy, busyEnded });
  } finally {
    // a failure leaves no call running
    busy.kill('SIGKILL');
    await busyEnded.catch(() => {});
  }
  await s.pids((x) => s.call(x, { env }));
}

describe('a signal before the server greets', () => {
  test('a caller left waiting by a server at its limit dies of SIGINT while the busy call runs on (nothing held for later), as the C client', async () => {
    await atItsLimit('siglimit', 'trap', async ({ s, env, busy, busyEnded }) => {
      const waiting = spawn(CLIENT, ['-U', s.interpreter, s.script, 'hello'], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'], env });
      // waiting for the greeting the full server does not give
      const r = await interruptWhenBlocked(waiting, 'the second caller to wait for its greeting');
      assert.deepEqual(r, { code: null, signal: 'SIGINT' });
      assert.equal(busy.exitCode, null, 'the busy call still runs');
      busy.kill('SIGTERM');
      assert.deepEqual(await busyEnded, { code: 41, signal: null });
    });
  });
  test('a signal the caller ignored (nohup) that comes while the client waits for its greeting reaches the call once it runs', {
    skip: process.env.PREFORK_INTERP_TEST_CLIENT === 'node' ? 'the Node-run client sends its call once greeted, and catches then' : false,
  }, async () => {
    await atItsLimit('sigheld', 'wait', async ({ s, env, busy, busyEnded }) => {
      const waiting = spawn('sh', ['-c', `trap '' HUP; exec "$0" "$@"`, CLIENT, '-U', s.interpreter, s.script, 'trap'], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'], env });
      let out = '';
      waiting.stdout.on('data', (d) => (out += d));
      const ended = endOf(waiting);
      // its call sent ahead, waiting for the greeting the full server does not give
      await waitFor('the second caller to wait for its greeting', () => blockedWaiting(waiting.pid));
      waiting.kill('SIGHUP');
      // the busy call has no handler: it dies of this, and the server takes the waiting one
      busy.kill('SIGTERM');
      assert.deepEqual(await busyEnded, { code: null, signal: 'SIGTERM' });
      // held, and relayed once greeted: the call's handler ran, or it came before the handler, as at a plain run's start
      const r = await ended;
      assert.ok(r.code === 42 || r.signal === 'SIGHUP', `ended ${JSON.stringify(r)}: ${out}`);
      assert.doesNotMatch(out, /never signalled/);
    });
  });
});

describe('with the Perl library (no offer to relay): as the C client', () => {
  test('a signal the caller ignored (nohup) stays ignored: client and call run on to the call\'s status', async () => {
    const s = perlService('signohup');
    const child = spawn('sh', ['-c', `trap '' HUP; exec "$0" "$@"`, CLIENT, '-U', 'perl', s.script, 'cat'], { cwd: s.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const ended = endOf(child);
    child.stdin.write('line\n');
    await waitForOutput(child, 'line');
    child.kill('SIGHUP');
    child.stdin.end('more\n');
    assert.deepEqual(await ended, { code: 0, signal: null });
    await s.pids();
  });
  test('SIGUSR1 kills our client as it kills the C client (the Node-run one starts no inspector)', async () => {
    const s = perlService('sigusr1');
    const flag = path.join(s.dir, 'interrupted');
    const child = spawn(CLIENT, ['-U', 'perl', s.script, 'wait-int', flag], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = endOf(child);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await waitForOutput(child, 'ready');
    child.kill('SIGUSR1');
    assert.deepEqual(await ended, { code: null, signal: 'SIGUSR1' });
    assert.doesNotMatch(err, /Debugger/);
    await waitFor('the call to be interrupted', () => fs.existsSync(flag));
    await s.pids();
  });
  test('SIGTERM to our client kills it at once; the Perl monitor then interrupts the call (SIGINT)', async () => {
    const s = perlService('sigperl');
    const flag = path.join(s.dir, 'interrupted');
    const child = spawn(CLIENT, ['-U', 'perl', s.script, 'wait-int', flag], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = endOf(child);
    await waitForOutput(child, 'ready');
    child.kill('SIGTERM');
    assert.deepEqual(await ended, { code: null, signal: 'SIGTERM' });
    await waitFor('the call to be interrupted', () => fs.existsSync(flag));
    await s.pids();
  });
});
