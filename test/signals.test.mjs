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
import { CLIENT, waitFor, waitForOutput } from './helpers/procs.mjs';

const nodeService = serviceFactory(NodeService);
const perlService = serviceFactory(PerlService);

/** Starts a call through our client, waits until it says it is ready, signals the client, and gives how it ended. */
async function signalled(s, what, signal) {
  const child = spawn(CLIENT, ['-U', s.interpreter, s.script, what], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const ended = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
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
  test('a call with no handler dies of the relayed signal, and the client of the same', async () => {
    const r = await signalled(s, 'wait', 'SIGTERM');
    assert.equal(r.signal, 'SIGTERM');
    assert.doesNotMatch(r.out, /never signalled/);
  });
});

describe('with the Perl library (no offer to relay): as the C client', () => {
  test('SIGTERM to our client kills it at once; the Perl monitor then interrupts the call (SIGINT)', async () => {
    const s = perlService('sigperl');
    const flag = path.join(s.dir, 'interrupted');
    const child = spawn(CLIENT, ['-U', 'perl', s.script, 'wait-int', flag], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    await waitForOutput(child, 'ready');
    child.kill('SIGTERM');
    assert.deepEqual(await ended, { code: null, signal: 'SIGTERM' });
    await waitFor('the call to be interrupted', () => fs.existsSync(flag));
    await s.pids();
  });
});
