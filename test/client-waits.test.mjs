// How the client waits with the signals it holds: what a release raises
// again (pure), and a blocking read that asks its hook before each wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { raisedOnRelease } from '../dist/io/client/caught-signals.js';
import { run } from './helpers/procs.mjs';

const [SIGHUP, SIGINT, SIGTERM, SIGCONT, SIGTSTP] = [1, 2, 15, 18, 20];

test('a release raises again what came, in order, but what the caller ignored', () => {
  assert.deepEqual(raisedOnRelease([SIGINT, SIGHUP, SIGTERM], new Set([SIGHUP])), [SIGINT, SIGTERM]);
  assert.deepEqual(raisedOnRelease([], new Set()), []);
});

test('a release does not raise a Ctrl-Z that a SIGCONT came after (it would stop us for good), but one after the SIGCONT', () => {
  assert.deepEqual(raisedOnRelease([SIGTSTP, SIGCONT], new Set()), [SIGCONT]);
  assert.deepEqual(raisedOnRelease([SIGTSTP, SIGINT, SIGCONT, SIGTSTP], new Set()), [SIGINT, SIGCONT, SIGTSTP]);
  assert.deepEqual(raisedOnRelease([SIGCONT, SIGTSTP], new Set()), [SIGCONT, SIGTSTP]);
});

test('readExactly asks its hook before each read that would wait, after part of what it awaits too', async () => {
  // in a child: the version that asked once blocked for good on the rest
  const io = new URL('../dist/io/blocking-fd.js', import.meta.url).href;
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const r = await run(process.execPath, ['--input-type=module', '-e', `import { native } from '${mod}'; import { readExactly } from '${io}'; import fs from 'node:fs';
    const [a, b] = native.socketpair();
    const parts = ['PF', 'I', '\\n'];
    let asked = 0;
    // each time it would wait, the peer sends the next part
    const got = readExactly(a, 4, () => { asked++; const p = Buffer.from(parts.shift()); native.write(b, p, 0, p.length); });
    fs.writeSync(1, JSON.stringify({ data: got.data.toString(), asked }));`], { timeout: 10000 });
  assert.deepEqual(JSON.parse(r.stdout.toString() || '{}'), { data: 'PFI\n', asked: 3 }, r.stderr.toString());
});
