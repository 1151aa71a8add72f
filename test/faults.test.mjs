// Odd callers and faults: descriptors a caller leaves open, bytes that are
// not UTF-8, peers that connect and say nothing, closed standard descriptors,
// and the server's log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NodeService } from './helpers/node-service.mjs';
import { PerlService } from './helpers/perl-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { C_CLIENT, run, processesMentioning, parentOf } from './helpers/procs.mjs';

const nodeService = serviceFactory(NodeService);
const perlService = serviceFactory(PerlService);

/** Which of these processes hold `file` open. */
function holders(pids, file) {
  return pids.filter((pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
        } catch {
          return false;
        }
      });
    } catch {
      return false; // gone
    }
  });
}

describe("descriptors the caller left open stay the caller's", () => {
  for (const [label, make] of [
    ['Node', (n) => nodeService(n)],
    ['Perl', (n) => perlService(n)],
  ]) {
    test(`our client, ${label} library: \`x=$(script 200>&1)\` returns on a cold call (watcher and server hold no fd 200)`, async () => {
      const s = make(`fd200${label}`);
      const r = await run('bash', ['-c', 'x=$("$0" hello 200>&1); echo "got $x"', s.script], { cwd: s.dir, timeout: 20000 });
      assert.equal(r.stdout.toString(), 'got hello\n', r.stderr.toString());
      await s.pids();
    });
  }
  test('the C client, Node library: the server, zygote and spare do not hold the descriptor (the C watcher does, as in the reference)', async () => {
    const s = nodeService('fd200c');
    const file = path.join(s.dir, 'fd200');
    const r = await run('bash', ['-c', `"$0" -U node "$1" hello 200>"$2"`, C_CLIENT, s.script, file], { cwd: s.dir, timeout: 20000 });
    assert.equal(r.stdout.toString(), 'hello\n', r.stderr.toString());
    const { server } = await s.pids((a) => s.callWith(C_CLIENT, ['-U'], a));
    const ours = processesMentioning(s.script).filter((p) => p === server || parentOf(p) === server || parentOf(parentOf(p)) === server);
    assert.ok(ours.length >= 2, 'server and zygote found');
    assert.deepEqual(holders(ours, file), []);
  });
});
