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
import { native, POLLIN } from './helpers/native.mjs';
import { GREETING_HEADER_LENGTH, parseGreetingHeader } from '../dist/core/wire.js';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { CLIENT, C_CLIENT, run, processesMentioning, parentOf, listeningSocketPath, logPathFor, waitFor, isRunning, runBase, waitForOutput } from './helpers/procs.mjs';

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

describe("the Node server's log", () => {
  test('is private (0600), bounded (past logMaxBytes it becomes .1 and a new one starts), and --kill removes it', async () => {
    const s = nodeService('log');
    const env = { ...process.env, LOG_LEVEL: 'debug', LOG_MAX_BYTES: '2000' };
    const { server } = await s.pids((a) => s.call(a, { env }));
    const log = logPathFor(path.basename(listeningSocketPath(server)).slice(1));
    assert.equal(fs.statSync(log).mode & 0o777, 0o600);
    for (let i = 0; i < 30; i++) assert.equal((await s.call(['hello'])).code, 0); // a debug line each
    assert.ok(fs.existsSync(`${log}.1`), 'rotated');
    for (const f of [log, `${log}.1`]) assert.ok(fs.statSync(f).size <= 2000, `${f}: ${fs.statSync(f).size} bytes`);
    assert.match(fs.readFileSync(log, 'utf8'), /"call done"/, 'the new file is written to');
    const r = await s.callWith(CLIENT, ['-U', '--kill'], []);
    assert.equal(r.code, 0, r.stderr.toString());
    assert.ok(!fs.existsSync(log) && !fs.existsSync(`${log}.1`), 'log files removed');
    await waitFor('the server to quit', () => !isRunning(server));
  });
});

describe("the Node server's log, written where it cannot be", () => {
  test('a line the file will not take (a full disk) is dropped: nothing it tells of is stopped', async () => {
    const { openServerLog } = await import('../dist/io/server/log.js');
    const { log } = openServerLog('/dev/full', 'info', 200);
    for (let i = 0; i < 50; i++) log.info({ i }, 'a line that /dev/full refuses');
  });
  test('a logFile that is not a regular file (a device) is written as it is: not made private, not rotated away', { skip: process.getuid() !== 0 && 'needs root (mknod)' }, async (t) => {
    const { openServerLog } = await import('../dist/io/server/log.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-logdev-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const dev = path.join(dir, 'null');
    assert.equal((await run('mknod', ['-m', '0666', dev, 'c', '1', '3'])).code, 0);
    const { log } = openServerLog(dev, 'info', 100);
    for (let i = 0; i < 20; i++) log.info({ i }, 'past the bound, many times over');
    const st = fs.statSync(dev);
    assert.ok(st.isCharacterDevice());
    assert.equal(st.mode & 0o777, 0o666);
    assert.ok(!fs.existsSync(`${dev}.1`), 'not rotated');
  });
});

describe('peers that connect and say nothing', () => {
  /** Connects to the server's socket and reads its greeting; sends nothing. */
  function silentPeer(socket) {
    const fd = native.socketUnix();
    native.connectUnix(fd, socket);
    return fd;
  }
  /** Exactly `n` bytes from `fd`, each part within 10 s. */
  function readExactly(fd, n) {
    const b = Buffer.alloc(n);
    for (let got = 0; got < n; ) {
      assert.ok(native.poll([fd], [POLLIN], 10000)[0], 'the greeting within 10 s');
      const k = fs.readSync(fd, b, got, n - got, null);
      assert.ok(k > 0, 'closed before its greeting');
      got += k;
    }
    return b;
  }
  test('as many as maxServers do not hold up a real call; each is closed (and logged) after requestTimeout', async () => {
    const s = nodeService('silent');
    const env = { ...process.env, REQUEST_TIMEOUT: '10' };
    const { server } = await s.pids((a) => s.call(a, { env }));
    const socket = listeningSocketPath(server);
    const peers = [0, 1, 2, 3].map(() => silentPeer(socket));
    try {
      for (const fd of peers) {
        const h = parseGreetingHeader(readExactly(fd, GREETING_HEADER_LENGTH));
        assert.ok(h.ok);
        readExactly(fd, h.extraLength);
      }
      // (before, these four took every slot and this call waited until the server closed them)
      const r = await s.call(['hello']);
      assert.equal(r.stdout.toString(), 'hello\n');
      for (const fd of peers) assert.deepEqual(native.poll([fd], [POLLIN], 0), [0], 'not held up: every silent peer was still connected when the call ended');
      for (const fd of peers) {
        // then end of file, within the bound
        assert.ok(native.poll([fd], [POLLIN], 20000)[0], 'closed by the server within the bound');
        assert.equal(fs.readSync(fd, Buffer.alloc(16)), 0);
      }
      const log = logPathFor(path.basename(socket).slice(1));
      await waitFor('the log to say why', () => (fs.readFileSync(log, 'utf8').match(/request not complete within 10 s/g) ?? []).length === 4);
      assert.equal((await s.call(['exit', '5'])).code, 5, 'the server serves on');
    } finally {
      for (const fd of peers) fs.closeSync(fd);
    }
  });
});

describe('a large request', () => {
  test('an environment of 300 kB reaches a warm call whole (the server grows its buffer as the bytes come)', async () => {
    const s = nodeService('nbig');
    // (three variables: one string may not pass 128 kB at exec)
    const big = ['a', 'b', 'c'].map((c) => c.repeat(100 * 1024));
    const env = { ...process.env, PFI_BIG0: big[0], PFI_BIG1: big[1], PFI_BIG2: big[2] };
    await s.pids((a) => s.call(a, { env }));
    for (const client of [CLIENT, C_CLIENT]) {
      const r = await s.callWith(client, ['-U'], ['env'], { env });
      assert.equal(r.code, 0, r.stderr.toString());
      const got = JSON.parse(r.stdout.toString());
      assert.deepEqual([got.PFI_BIG0, got.PFI_BIG1, got.PFI_BIG2], big, client);
    }
  });
});

describe('argv and environment reach the call byte for byte', () => {
  const args = [Buffer.from([0xff, 0xfe]), Buffer.from('ü'), Buffer.from(''), Buffer.from('a\nb')];
  const xv = Buffer.from([0x61, 0xff, 0x62]);
  // spawn takes strings only: bash gets the bytes as $'...' escapes
  const quoted = (b) => `$'${[...b].map((c) => `\\x${c.toString(16).padStart(2, '0')}`).join('')}'`;
  const runWith = (s, prefix, what) =>
    run('bash', ['-c', `XV=${quoted(xv)} exec ${prefix} "$0" ${what} ${args.map(quoted).join(' ')}`, s.script], { cwd: s.dir });

  test('Perl library through our client, cold and warm: the same bytes as through the C client', async () => {
    const s = perlService('bytes');
    const expectArgv = Buffer.concat([Buffer.from('perl\0'), Buffer.from(`${s.script}\0`), Buffer.from('argv\0'), ...args.flatMap((a) => [a, Buffer.from([0])])]);
    for (const round of ['cold', 'warm']) {
      const r = await runWith(s, '', 'argv');
      assert.equal(r.stdout.toString('hex'), expectArgv.toString('hex'), `${round}: ${r.stderr}`);
      const e = await runWith(s, '', 'env');
      assert.ok(e.stdout.includes(Buffer.concat([Buffer.from('\0XV='), xv, Buffer.from([0])])), `${round} env`);
    }
    await s.pids();
  });
  test('Node library, cold and warm, both clients: process.argv and process.env as plain node decodes them; call.argvBytes exact', async () => {
    const s = nodeService('nbytes');
    const plain = JSON.parse((await runWith(s, 'node', 'bytes')).stdout.toString());
    assert.deepEqual(plain.argvBytes, args.map((a) => a.toString('hex')), 'plain run');
    for (const [label, prefix] of [
      ['our client', ''],
      ['the C client', `${C_CLIENT} -U node`],
    ]) {
      for (const round of ['cold', 'warm']) {
        const r = await runWith(s, prefix, 'bytes');
        assert.deepEqual(JSON.parse(r.stdout.toString()), plain, `${label}, ${round}: ${r.stderr}`);
      }
      const k = await s.callWith(CLIENT, ['-U', '--kill'], []);
      assert.equal(k.code, 0);
    }
  });
  test('a script whose name is not UTF-8: our client and the C client hash it alike and share one server', async () => {
    const s = perlService('bytename');
    const name = Buffer.concat([Buffer.from(`${s.dir}/x`), Buffer.from([0xff]), Buffer.from('.pl')]);
    fs.copyFileSync(s.script, name);
    const pidsVia = async (prefix) => {
      const r = await run('bash', ['-c', `exec ${prefix} ${quoted(name)} pids`], { cwd: s.dir });
      assert.equal(r.code, 0, r.stderr.toString());
      return s.parsePids(r.stdout.toString());
    };
    const viaC = await pidsVia(`${C_CLIENT} -U perl`);
    s.servers.add(viaC.server);
    const viaOurs = await pidsVia(`${CLIENT} -U perl`);
    assert.equal(viaOurs.server, viaC.server);
    assert.equal(s.inits(), 1);
  });
});

describe('a caller with a standard descriptor closed', () => {
  // (the first call's stderr also has the initialisation's line)
  const closedOut = async (s, prefix, extra = '') => {
    const r = await run('bash', ['-c', `exec ${prefix} "$0" ${extra} closed-out >&-`, s.script], { cwd: s.dir });
    return { code: r.code, stderr: r.stderr.toString().replace(/^service: initialising\n/, '') };
  };
  test('Node library through our client, cold and warm: the call sees what plain node sees (/dev/null, writable)', async () => {
    const s = nodeService('closedn');
    const plain = (await closedOut(s, 'node')).stderr;
    assert.match(plain, /^write fd1: ok; \/dev\/null \d+\n$/);
    for (const round of ['cold', 'warm']) {
      const r = await closedOut(s, '');
      assert.equal(r.stderr, plain, round);
      assert.equal(r.code, 0);
    }
    await s.pids();
  });
  test('Perl library through our client, cold and warm: writing fails with EBADF, as in plain perl', async () => {
    const s = perlService('closedp');
    // run plainly, the service takes its argv as a call gets it: interpreter, script, args
    const plain = (await closedOut(s, 'perl', `perl "$0"`)).stderr;
    assert.equal(plain, 'write fd1: Bad file descriptor\n');
    for (const round of ['cold', 'warm']) {
      const r = await closedOut(s, '');
      assert.equal(r.stderr, plain, round);
    }
    await s.pids();
  });
});

describe('a server killed during a call', () => {
  test('our client: status 127 and one line naming the cause', async () => {
    const s = nodeService('killed');
    const { server } = await s.pids();
    const release = path.join(s.dir, 'release');
    const running = s.call(['wait-file', release]);
    await waitFor('the call to start', () => fs.existsSync(`${release}.started`));
    process.kill(server, 'SIGKILL');
    fs.writeFileSync(release, ''); // the call, orphaned, runs on: it holds the caller's pipes until it ends
    const r = await running;
    assert.equal(r.code, 127);
    assert.match(r.stderr.toString(), /^prefork-interp: the server went away during the call without sending its status \(server or its monitor killed, or crashed\)[^\n]*\n$/);
    s.servers.delete(server);
  });
});

// (becoming another user needs root)
describe('peer credentials: only our own user, both ways', { skip: process.getuid() !== 0 && 'needs root' }, () => {
  // A second user (nobody, through setpriv) reaches a socket of ours, or we
  // reach one of theirs, through a hard link in a directory both can use
  // (a unix socket is its inode): our run directory itself stays private.
  const asNobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e'];
  const openDir = (t) => {
    fs.mkdirSync(runBase(), { recursive: true, mode: 0o700 });
    if (fs.statSync(runBase()).dev !== fs.statSync(os.tmpdir()).dev) {
      t.skip('the run directory and the temporary directory are on different filesystems');
      return null;
    }
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-open-'));
    fs.chmodSync(d, 0o777);
    return d;
  };

  test('the Node server closes a connection from another uid unread (no greeting) and logs it', async (t) => {
    const s = nodeService('peeruid');
    const { server } = await s.pids();
    const socket = listeningSocketPath(server);
    const open = openDir(t);
    if (!open) return;
    const mode = fs.statSync(socket).mode & 0o777;
    try {
      fs.linkSync(socket, path.join(open, 's'));
      fs.chmodSync(socket, 0o777); // the inode's mode: this test's server only
      const r = await run('setpriv', [
        ...asNobody,
        `let n = 0; require('net').connect(${JSON.stringify(path.join(open, 's'))}).on('data', (d) => (n += d.length)).on('close', () => console.log('got ' + n + ' bytes')).on('error', (e) => console.log(e.code))`,
      ]);
      assert.equal(r.stdout.toString(), 'got 0 bytes\n', r.stderr.toString());
      const log = logPathFor(path.basename(socket).slice(1));
      await waitFor('the log to say so', () => /"peerUid":65534,.*refused a connection from another user/.test(fs.readFileSync(log, 'utf8')));
      assert.equal((await s.call(['exit', '6'])).code, 6, 'the server serves on');
    } finally {
      fs.chmodSync(socket, mode);
      fs.rmSync(open, { recursive: true, force: true });
    }
  });

  test("our client refuses a server socket that another uid listens on: one line, status 127, nothing sent", async (t) => {
    const s = perlService('foreign');
    const open = openDir(t);
    if (!open) return;
    const ident = `pfiforeign${process.pid}`;
    const planted = path.join(runBase(), `s${ident}`);
    const theirs = spawn('setpriv', [
      ...asNobody,
      `const srv = require('net').createServer((c) => { c.on('data', () => console.log('got data')); }).listen(${JSON.stringify(path.join(open, 's'))}, () => console.log('listening')); process.stdin.on('end', () => srv.close()).resume();`,
    ], { stdio: ['pipe', 'pipe', 'inherit'] });
    const heard = [];
    theirs.stdout.on('data', (d) => heard.push(d.toString()));
    try {
      await waitForOutput(theirs, 'listening');
      fs.linkSync(path.join(open, 's'), planted);
      const r = await s.callWith(CLIENT, ['-U', '-g', ident], ['hello']);
      assert.equal(r.code, 127);
      assert.match(r.stderr.toString(), new RegExp(`^prefork-interp: server socket .* is another user's \\(uid 65534, not ${process.getuid()}\\): refusing to use it\\n$`));
      assert.ok(!heard.join('').includes('got data'), 'nothing was sent to it');
    } finally {
      fs.rmSync(planted, { force: true });
      theirs.stdin.end();
      await new Promise((resolve) => (theirs.exitCode !== null ? resolve() : theirs.on('exit', resolve)));
      fs.rmSync(open, { recursive: true, force: true });
    }
  });
});
