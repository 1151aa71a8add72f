// Under a real terminal (tmux), typing as a person would: a call that asks
// with readline and closes it must leave the terminal to the shell, as a
// plain run does: the next line typed is the shell's, not the finished call's.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { NodeService } from './helpers/node-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { waitFor } from './helpers/procs.mjs';

const service = serviceFactory(NodeService);
const session = `pfi-term-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', session, ...args]).toString();
const screen = () => tmux('capture-pane', '-p', '-t', session);
const type = (text) => tmux('send-keys', '-t', session, '-l', text);
const enter = () => tmux('send-keys', '-t', session, 'Enter');

describe('a terminal', () => {
  after(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  });
  test('a readline prompt answered, closed: the next line typed reaches the shell (plain, cold, warm)', async () => {
    const s = service('term');
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', 'env -i PATH=/usr/bin:/bin TERM=xterm PS1="$ " bash --norc --noprofile');
    await waitFor('the shell prompt', () => screen().includes('$'));
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
      assert.ok(screen().includes('status 0'));
    }
    await s.pids();
  });
});
