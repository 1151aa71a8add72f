// The client builds: bin/prefork-interp is the compiled client wherever bun
// could build it, and it fails as the client does when its addon is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLIENT, ROOT, run, listeningSocketPath, logPathFor } from './helpers/procs.mjs';
import { NodeService } from './helpers/node-service.mjs';
import { serviceFactory } from './helpers/services.mjs';

const service = serviceFactory(NodeService);

const compiled = path.join(ROOT, 'bin/prefork-interp');
/** the first 4 bytes only: the compiled client is 111 MB */
const isElf = (file) => {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(4);
  fs.readSync(fd, head, 0, 4, 0);
  fs.closeSync(fd);
  return head.equals(Buffer.from('\x7fELF', 'latin1'));
};
const bunInstalled = fs.existsSync(path.join(ROOT, 'node_modules/bun/package.json'));

test('bin/prefork-interp is the compiled client where bun is installed, else the Node-run one', () => {
  if (bunInstalled && process.env.PREFORK_INTERP_CLIENT !== 'node') assert.ok(isElf(compiled), 'an executable, not a script');
  else assert.equal(fs.readFileSync(compiled, 'utf8'), fs.readFileSync(path.join(ROOT, 'bin/prefork-interp-node'), 'utf8'));
});

test('the compiled client away from its package: one line, status 127', { skip: !isElf(compiled) && 'no compiled client' }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-build-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lone = path.join(dir, 'prefork-interp');
  try {
    fs.linkSync(compiled, lone);
  } catch {
    fs.copyFileSync(compiled, lone);
    fs.chmodSync(lone, 0o755);
  }
  const r = await run(lone, ['-U', 'perl', '/nonexistent.pl']);
  assert.equal(r.code, 127);
  const err = r.stderr.toString();
  assert.match(err, /^prefork-interp: cannot start: .*prefork_client\.node.*\n$/);
  assert.equal(err.split('\n').length, 2, 'one line');
});

test('the connection the compiled client makes ahead (before it loads XState) is the one its call uses', async () => {
  const s = service('nahead');
  const { server } = await s.pids();
  for (let i = 0; i < 3; i++) assert.equal((await s.callWith(CLIENT, ['-U'], ['hello'])).stdout.toString(), 'hello\n');
  const log = fs.readFileSync(logPathFor(path.basename(listeningSocketPath(server)).slice(1)), 'utf8');
  // a second connection per call would be greeted, then dropped: the server logs it
  assert.doesNotMatch(log, /abandoned/);
});
