// The client builds: bin/prefork-interp is the compiled client wherever bun
// could build it, and it fails as the client does when its addon is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { CLIENT, ROOT, run, listeningSocketPath, logPathFor, socketPathFor } from './helpers/procs.mjs';
import { NodeService } from './helpers/node-service.mjs';
import { PerlService } from './helpers/perl-service.mjs';
import { serviceFactory } from './helpers/services.mjs';

const service = serviceFactory(NodeService);
const perlService = serviceFactory(PerlService);

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

test('the compiled client sends its call with the connection, before any greeting; a peer that takes it and closes ungreeted gets a fresh server, which runs the call once', { skip: !isElf(compiled) && 'no compiled client' }, async () => {
  const s = perlService('aheadgone');
  const ident = `pfiahead${process.pid}`;
  const first = [];
  let connections = 0;
  // The first caller's connection closes once something came; later ones at once (no greeting either way).
  const fake = net.createServer((c) => {
    c.on('error', () => {});
    if (connections++ === 0) c.once('data', (d) => first.push(d) && c.destroy());
    else c.destroy();
  });
  await new Promise((resolve) => fake.listen(socketPathFor(ident), resolve));
  try {
    const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
    assert.equal(r.code, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), 'hello\n', 'the call ran once');
    assert.equal(s.inits(), 1, 'on a fresh server');
    assert.equal(first.length, 1);
    assert.equal(first[0][0], 0, 'the call came unasked: its 0 byte first, then the descriptors');
  } finally {
    await new Promise((resolve) => fake.close(resolve));
  }
});
