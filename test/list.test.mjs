// prefork-interp --list: the servers in the run directory, found by their
// sockets, with what each can tell (our Node library: its figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NodeService } from './helpers/node-service.mjs';
import { PerlService } from './helpers/perl-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { CLIENT, run, runBase, listeningSocketPath } from './helpers/procs.mjs';
import { native } from './helpers/native.mjs';

const nodeService = serviceFactory(NodeService);
const perlService = serviceFactory(PerlService);

test('--list --json: a Node server with its pid, script and figures; a Perl server with its pid; a socket nobody listens on as stale', async () => {
  const n = nodeService('listn');
  const p = perlService('listp');
  const { server: nodePid } = await n.pids();
  await n.call(['hello']);
  const { server: perlPid } = await p.pids();
  // a socket left by a server that has gone
  const stale = path.join(runBase(), `spfistale${process.pid}`);
  const fd = native.socketUnix();
  native.bindUnix(fd, stale);
  fs.closeSync(fd);
  try {
    const r = await run(CLIENT, ['--list', '--json']);
    assert.equal(r.code, 0, r.stderr.toString());
    const list = JSON.parse(r.stdout.toString());
    const byIdent = (socket) => list.find((s) => s.socket === socket);
    const node = byIdent(listeningSocketPath(nodePid));
    assert.equal(node.state, 'alive');
    assert.equal(node.pid, nodePid);
    assert.equal(node.interpreter, 'node');
    assert.equal(node.script, n.script);
    assert.ok(node.node.served >= 2 && node.node.rss > 1 << 20 && node.node.relaysSignals, JSON.stringify(node));
    const perl = byIdent(listeningSocketPath(perlPid));
    assert.deepEqual([perl.state, perl.pid, perl.interpreter, perl.node], ['alive', perlPid, 'perl', null]);
    assert.equal(byIdent(stale).state, 'stale socket');
    const text = await run(CLIENT, ['--list']);
    assert.match(text.stdout.toString(), new RegExp(`^${nodePid}\\s+\\S+\\s+alive\\s+node\\s+.*service\\.mjs\\s+\\d+ served, \\d+ under way, \\d+ MB$`, 'm'));
  } finally {
    fs.rmSync(stale, { force: true });
  }
});

test('--json without --list is a usage error (255)', async () => {
  const r = await run(CLIENT, ['--json']);
  assert.equal(r.code, 255);
  assert.match(r.stderr.toString(), /^--json goes with --list\nusage:/);
});
