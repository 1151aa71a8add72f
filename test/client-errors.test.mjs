// Bad input: garbage peers, stale entries, missing interpreters, bad run
// directories. Each gets one clear line and a defined status; nothing hangs.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PerlService } from './helpers/perl-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { spawn } from 'node:child_process';
import { CLIENT, C_CLIENT, bounded, run, runBase, socketPathFor, isRunning, interruptWhenBlocked } from './helpers/procs.mjs';
import { native } from './helpers/native.mjs';

const service = serviceFactory(PerlService);

// The fake servers below listen in the run directory: on a fresh machine no
// client has made it yet (0700, as the client makes it).
before(() => fs.mkdirSync(runBase(), { recursive: true, mode: 0o700 }));

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

  test('a status that does not fit in an int: one line, exit 127, same as the C client', async () => {
    const s = service('bigstatus');
    const ident = freshIdent();
    const fake = await fakeServer(ident, (c) => {
      c.write('PFI\n\0\0\0\0');
      c.once('data', () => c.end(Buffer.from([0x80, 0, 0, 0])));
    });
    try {
      const ours = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
      const theirs = await s.callWith(C_CLIENT, ['-U', '-g', ident], ['hello']);
      assert.equal(oneLine(ours.stderr), 'prefork-interp: status 0x80000000 does not fit in an int\n');
      assert.deepEqual([ours.code, ours.stderr.toString()], [theirs.code, theirs.stderr.toString()]);
      assert.equal(ours.code, 127);
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

/**
 * Runs the client with `dir` mounted over the run directory, in a mount
 * namespace of its own: the user's real run directory, and every server
 * there, is never touched (nor left broken if the test is killed).
 */
function callWithRunBase(s, dir, args) {
  const base = runBase();
  const mountOver = 'mount --bind "$1" "$2" || exit 99; shift 2; exec "$@"';
  return run(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', mountOver, 'sh', dir, base, CLIENT, '-U', s.interpreter, s.script, ...args],
    { cwd: s.dir },
  );
}

/** A directory to stand for the run directory, made by `shape` (removed after the test). */
function standIn(t, shape) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-runbase-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  shape(dir);
  return dir;
}

// (a mount namespace and a chown need root)
describe('run directory checks', { skip: process.getuid() !== 0 && 'needs root' }, () => {
  test('a run directory open to group/other is refused with one line, exit 127', async (t) => {
    const s = service('perm');
    const r = await callWithRunBase(s, standIn(t, (d) => fs.chmodSync(d, 0o755)), ['hello']);
    assert.equal(r.code, 127);
    assert.match(oneLine(r.stderr), /run directory .* is open to group or other \(mode 0755\)/);
    assert.equal(s.inits(), 0);
  });
  test('the warning of a fallback from /run/user is said once, before the failure it falls into', async (t) => {
    const s = service('fallback');
    const base = runBase();
    // a /run/user/UID open to others (where the C client looks first), and a run directory open to the group
    const setUp = `mount -t tmpfs none /run/user && mkdir -m 0755 /run/user/${process.getuid()} && mount --bind "$1" "$2" || exit 99; shift 2; exec "$@"`;
    const r = await run(
      'unshare',
      ['--mount', '--propagation', 'private', 'sh', '-c', setUp, 'sh', standIn(t, (d) => fs.chmodSync(d, 0o770)), base, CLIENT, '-U', 'perl', s.script, 'hello'],
      { cwd: s.dir },
    );
    assert.equal(r.code, 127);
    assert.equal(
      r.stderr.toString(),
      `prefork-interp: /var/run/user/${process.getuid()} writeable by group or other, falling back to ~\n\nprefork-interp: run directory ${base} is open to group or other (mode 0770); refusing to use it (chmod 700 it)\n`,
    );
  });
  test('a run directory owned by someone else is refused with one line, exit 127', async (t) => {
    const s = service('owner');
    const r = await callWithRunBase(s, standIn(t, (d) => fs.chownSync(d, 65534, 65534)), ['hello']);
    assert.equal(r.code, 127);
    assert.match(oneLine(r.stderr), /run directory .* is owned by uid 65534/);
    assert.equal(s.inits(), 0);
  });
});

describe('out of descriptors', () => {
  test('whichever step runs out, the client says so in one line and exits 127 (or, with enough, runs the call)', async () => {
    const s = service('nofile');
    const said = [];
    // from the fewest the runtime itself starts with (below, it is the runtime's own failure)
    let least = 3;
    while ((await run('prlimit', [`--nofile=${least}`, CLIENT, '--help'])).code !== 0) assert.ok(++least < 64, 'the client starts with 64 descriptors');
    for (let n = least; n <= least + 7; n++) {
      const r = await run('prlimit', [`--nofile=${n}`, CLIENT, '-U', '-g', `${freshIdent()}`, 'perl', s.script, 'hello'], { cwd: s.dir });
      if (r.code === 0) assert.equal(r.stdout.toString(), 'hello\n');
      else {
        assert.equal(r.code, 127, `with ${n}: ${r.stderr}`);
        said.push(oneLine(r.stderr));
      }
    }
    assert.ok(said.some((l) => /Too many open files/.test(l)), `some ran out: ${said}`);
  });
});

describe('no server dies for one bad call', () => {
  test('a garbage request to a real server ends that call only', async () => {
    const s = service('robust');
    const ident = freshIdent();
    const a = await s.pids((args) => s.callWith(CLIENT, ['-U', '-g', ident], args));
    const sock = net.connect(socketPathFor(ident));
    sock.on('error', () => {});
    await bounded(new Promise((r) => sock.once('data', r)), 'the greeting');
    sock.end(Buffer.from([7, 7, 7]));
    await bounded(new Promise((r) => sock.on('close', r)), 'the server to close the garbage connection');
    // a second bad caller that hangs up at once
    const sock2 = net.connect(socketPathFor(ident));
    sock2.on('error', () => {});
    sock2.destroy();
    const b = await s.pids((args) => s.callWith(CLIENT, ['-U', '-g', ident], args));
    assert.equal(a.server, b.server);
    assert.ok(isRunning(a.server));
  });
});
