// Bad input: garbage peers, stale entries, missing interpreters, bad run
// directories. Each gets one clear line and a defined status; nothing hangs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PerlService } from './helpers/perl-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { spawn } from 'node:child_process';
import { CLIENT, C_CLIENT, run, runBase, socketPathFor, isRunning, interruptWhenBlocked } from './helpers/procs.mjs';
import { native } from './helpers/native.mjs';

const service = serviceFactory(PerlService);

let n = 0;
function freshIdent() {
  return `pfierr${process.pid}x${n++}`;
}

/** A fake server on the socket path of `ident` that does `onConnection` to each caller. */
async function fakeServer(ident, onConnection) {
  const p = socketPathFor(ident);
  const server = net.createServer((c) => {
    c.on('error', () => {}); // callers hang up on garbage: expected
    // What a caller sends, even before it is greeted (the compiled client sends
    // its call with the connection), is read and dropped, so that each
    // connection sees its caller's end and closes.
    c.resume();
    onConnection(c);
  });
  await new Promise((r) => server.listen(p, r));
  return { path: p, close: () => new Promise((r) => server.close(r)) };
}

const oneLine = (buf) => {
  const s = buf.toString();
  assert.match(s, /^prefork-interp: [^\n]+\n$/, `expected one error line, got ${JSON.stringify(s)}`);
  return s;
};

describe('garbage peers', () => {
  test('wrong greeting magic: one line naming the bytes, exit 127, same as the C client', async () => {
    const s = service('magic');
    const ident = freshIdent();
    const fake = await fakeServer(ident, (c) => c.end('XXXX\0\0\0\0'));
    try {
      const ours = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
      const theirs = await s.callWith(C_CLIENT, ['-U', '-g', ident], ['hello']);
      assert.equal(ours.code, 127);
      assert.equal(oneLine(ours.stderr), 'prefork-interp: got unexpected protocol magic 0x58585858\n');
      assert.equal(ours.stderr.toString(), theirs.stderr.toString());
      assert.equal(theirs.code, 127);
      assert.equal(s.inits(), 0);
    } finally {
      await fake.close();
    }
  });

  test('a peer that closes after the greeting: one line, exit 127, output not lost', async () => {
    const s = service('midway');
    const ident = freshIdent();
    const fake = await fakeServer(ident, (c) => {
      c.write('PFI\n\0\0\0\0');
      c.once('data', () => c.destroy());
    });
    try {
      const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
      assert.equal(r.code, 127);
      oneLine(r.stderr);
    } finally {
      await fake.close();
    }
  });

  test('a peer whose greeting is truncated is garbage: a fresh server takes over', async () => {
    const s = service('trunc');
    const ident = freshIdent();
    const fake = await fakeServer(ident, (c) => c.end('PF'));
    try {
      const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
      assert.equal(r.code, 0, r.stderr.toString());
      assert.equal(r.stdout.toString(), 'hello\n');
      assert.equal(s.inits(), 1);
    } finally {
      await fake.close().catch(() => {});
    }
  });

  test('a peer that sends part of a greeting and stalls: Ctrl-C ends the client at once, as the C client', async () => {
    const s = service('stall');
    const ident = freshIdent();
    const fake = await fakeServer(ident, (c) => c.write('PF'));
    try {
      const child = spawn(CLIENT, ['-U', '-g', ident, 'perl', s.script, 'hello'], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const r = await interruptWhenBlocked(child, 'the client to wait for the rest of the greeting');
      assert.deepEqual(r, { code: null, signal: 'SIGINT' });
      assert.equal(s.inits(), 0);
    } finally {
      await fake.close();
    }
  });
  test('a stale socket (nobody listening) is replaced by a fresh server', async () => {
    const s = service('stale');
    const ident = freshIdent();
    const fd = native.socketUnix();
    native.bindUnix(fd, socketPathFor(ident));
    fs.closeSync(fd);
    const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
    assert.equal(r.code, 0, r.stderr.toString());
    assert.equal(s.inits(), 1);
  });

  test('a regular file at the socket path is replaced by a fresh server', async () => {
    const s = service('regular');
    const ident = freshIdent();
    fs.writeFileSync(socketPathFor(ident), 'not a socket');
    const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
    assert.equal(r.code, 0, r.stderr.toString());
    assert.ok(fs.statSync(socketPathFor(ident)).isSocket());
  });
});

describe('failed starts', () => {
  test('a missing interpreter: one line, exit 127, no socket left behind', async () => {
    const s = service('nointerp', { shebang: '' });
    const ident = freshIdent();

    const x = await run(CLIENT, ['-U', '-g', ident, 'no-such-interpreter-pfi', s.script], { cwd: s.dir });
    assert.equal(x.code, 127);
    assert.equal(oneLine(x.stderr), 'prefork-interp: execute no-such-interpreter-pfi: No such file or directory\n');
    assert.equal(fs.existsSync(socketPathFor(ident)), false);
    const c = await run(C_CLIENT, ['-U', '-g', ident, 'no-such-interpreter-pfi', s.script], { cwd: s.dir });
    assert.equal(c.code, 127);
    assert.equal(c.stderr.toString(), x.stderr.toString());
  });

  test('an initialisation that exits 3 makes the client exit 3, with its output, and no socket left', async () => {
    const s = service('init3');
    const ident = freshIdent();
    const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello'], { env: { ...process.env, SERVICE_INIT_EXIT: '3' } });
    assert.equal(r.code, 3);
    assert.match(r.stderr.toString(), /service: initialising/);
    assert.equal(fs.existsSync(socketPathFor(ident)), false);
  });

  test('a script that never completes initialisation: one line, exit 127', async () => {
    const s = service('noinit');
    fs.writeFileSync(s.script, `#!${CLIENT} -U,perl\nprint STDERR "ran\\n"; exit 0;\n`);
    const ident = freshIdent();
    const r = await s.callWith(CLIENT, ['-U', '-g', ident], []);
    assert.equal(r.code, 127);
    assert.equal(
      r.stderr.toString(),
      "ran\nprefork-interp: setup failed: initial monitor process quit (maybe script didn't call preform_initialisation_complete?)\n",
    );
    assert.equal(fs.existsSync(socketPathFor(ident)), false);
  });
});

describe('run directory checks', () => {
  test('a run directory open to group/other is refused with one line, exit 127', async () => {
    const s = service('perm');
    const base = runBase();
    const before = fs.statSync(base).mode & 0o777;
    fs.chmodSync(base, 0o755);
    try {
      const r = await s.callWith(CLIENT, ['-U'], ['hello']);
      assert.equal(r.code, 127);
      assert.match(oneLine(r.stderr), /run directory .* is open to group or other \(mode 0755\)/);
      assert.equal(s.inits(), 0);
    } finally {
      fs.chmodSync(base, before);
    }
  });
  test('a run directory owned by someone else is refused with one line, exit 127', async () => {
    const s = service('owner');
    const base = runBase();
    fs.chownSync(base, 65534, 65534);
    try {
      const r = await s.callWith(CLIENT, ['-U'], ['hello']);
      assert.equal(r.code, 127);
      assert.match(oneLine(r.stderr), /run directory .* is owned by uid 65534/);
    } finally {
      fs.chownSync(base, process.getuid(), process.getgid());
    }
  });
});

describe('no server dies for one bad call', () => {
  test('a garbage request to a real server ends that call only', async () => {
    const s = service('robust');
    const ident = freshIdent();
    const a = await s.pids((args) => s.callWith(CLIENT, ['-U', '-g', ident], args));
    const sock = net.connect(socketPathFor(ident));
    sock.on('error', () => {});
    await new Promise((r) => sock.once('data', r));
    sock.end(Buffer.from([7, 7, 7]));
    await new Promise((r) => sock.on('close', r));
    // a second bad caller that hangs up at once
    const sock2 = net.connect(socketPathFor(ident));
    sock2.on('error', () => {});
    sock2.destroy();
    const b = await s.pids((args) => s.callWith(CLIENT, ['-U', '-g', ident], args));
    assert.equal(a.server, b.server);
    assert.ok(isRunning(a.server));
  });
});
