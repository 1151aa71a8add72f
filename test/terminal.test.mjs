// Under a real terminal (tmux), typing as a person would: a call that asks
// with readline and closes it must leave the terminal to the shell, as a
// plain run does: the next line typed is the shell's, not the finished call's.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { NodeService } from './helpers/node-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { waitFor } from './helpers/procs.mjs';

const service = serviceFactory(NodeService);
const session = `pfi-term-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', session, ...args], { timeout: 10000 }).toString();
const screen = () => tmux('capture-pane', '-p', '-t', session);
const type = (text) => tmux('send-keys', '-t', session, '-l', text);
const enter = () => tmux('send-keys', '-t', session, 'Enter');
const key = (k) => tmux('send-keys', '-t', session, k);
const lines = () => screen().split('\n').map((l) => l.trim());
/** A fresh screen for the next command, and the shell ready for it. */
async function clearScreen() {
  type('clear');
  enter();
  await waitFor('a clear screen', () => lines().filter(Boolean).length === 1 && lines()[0] === '$');
}
const stateOf = (pid) => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];

describe('a terminal', () => {
  // one shell for the tests below, each starting from what the last left
  before(async () => {
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', 'env -i PATH=/usr/bin:/bin TERM=xterm PS1="$ " bash --norc --noprofile');
    await waitFor('the shell prompt', () => screen().includes('$'));
  });
  after(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  });
  test('a readline prompt answered, closed: the next line typed reaches the shell (plain, cold, warm)', async () => {
    const s = service('term');
    await clearScreen();
    for (const [i, run] of [`node ${s.script}`, s.script, s.script].entries()) {
      type(`${run} ask; echo "status $?"`);
      enter();
      await waitFor(`the prompt (${i})`, () => screen().split('\n').filter((l) => l.startsWith('name?')).length === i + 1);
      type(`person${i}`);
      enter();
      await waitFor(`the answer (${i})`, () => screen().includes(`hello person${i}`));
      // typed at once, as soon as the answer shows: the shell must get it
      type(`echo typed-after-${i}`);
      enter();
      await waitFor(`the shell to run the next line (${i})`, () => screen().split('\n').some((l) => l.trim() === `typed-after-${i}`), { timeout: 5000 });
      // (a line typed ahead is echoed where the status then prints: match anywhere on a line)
      const statuses = [...screen().matchAll(/status (\d+)/g)].map((m) => m[1]);
      assert.deepEqual(statuses, Array(i + 1).fill('0'), `run ${i} ended with status 0; the screen:\n${screen()}`);
    }
    await s.pids();
  });
  test('Ctrl-C: the call\'s own SIGINT handler runs and the shell gets the call\'s status (plain, cold, warm)', async () => {
    const s = service('termint');
    for (const [i, run] of [`node ${s.script}`, s.script, s.script].entries()) {
      await clearScreen();
      type(`${run} trap; echo "status $?"`);
      enter();
      await waitFor(`ready (${i})`, () => lines().some((l) => l.startsWith('ready ')));
      key('C-c');
      await waitFor(`the status (${i})`, () => lines().includes('status 40'));
      const shown = lines();
      const got = shown.findIndex((l) => l.endsWith('call got SIGINT')); // (after the terminal's echo of ^C)
      assert.ok(got >= 0 && got < shown.indexOf('status 40'), shown.join('\n'));
    }
    await s.pids();
  });
  test('Ctrl-Z stops the call and the client, bg and then fg continue both (plain, then warm)', async () => {
    const s = service('termtstp');
    await s.pids(); // a server, so that the second run is a warm call
    for (const [i, run] of [`node ${s.script}`, s.script].entries()) {
      await clearScreen();
      type(`${run} trap`);
      enter();
      await waitFor(`ready (${i})`, () => lines().some((l) => l.startsWith('ready ')));
      const pid = Number(lines().find((l) => l.startsWith('ready ')).split(' ')[1]);
      key('C-z');
      await waitFor(`the job to be stopped (${i})`, () => lines().some((l) => /Stopped/.test(l)));
      await waitFor(`the call to be stopped (${i})`, () => stateOf(pid) === 'T');
      type('bg');
      enter();
      await waitFor(`the call to run again in the background (${i})`, () => stateOf(pid) !== 'T');
      type('fg');
      enter();
      await waitFor(`the job in the foreground again (${i})`, () => lines().filter((l) => l.endsWith(' trap')).length >= 2);
      key('C-c');
      await waitFor(`the call's handler (${i})`, () => lines().some((l) => l.endsWith('call got SIGINT')));
      type('echo "status $?"'); // (after fg, the job's own)
      enter();
      await waitFor(`the status (${i})`, () => lines().includes('status 40'));
    }
  });
});
