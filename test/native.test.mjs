// Each native function against the real kernel.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { native } from './helpers/native.mjs';
import { spawn } from 'node:child_process';
import { endOf, parentOf, run, waitFor, waitForOutput } from './helpers/procs.mjs';
import { FORK_SAFE_FLAGS } from '../dist/core/fork-safe.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-native-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('socketpair + sendFd/recvFd pass a descriptor that refers to the same file', () => {
  const [a, b] = native.socketpair();
  const file = path.join(tmp, 'f');
  fs.writeFileSync(file, 'x');
  const fd = fs.openSync(file, 'r');
  native.sendFd(a, fd, 0);
  const got = native.recvFd(b);
  assert.equal(got.byte, 0);
  assert.equal(got.fds.length, 1);
  assert.equal(got.truncated, false);
  const s1 = fs.fstatSync(fd), s2 = fs.fstatSync(got.fds[0]);
  assert.equal(s1.ino, s2.ino);
  assert.equal(s1.dev, s2.dev);
  assert.notEqual(got.fds[0], fd);
  for (const x of [a, b, fd, got.fds[0]]) fs.closeSync(x);
});

test('recvFd returns null at end of file and reports a byte with no fd', () => {
  const [a, b] = native.socketpair();
  fs.writeSync(a, Buffer.from([7]));
  const got = native.recvFd(b);
  assert.deepEqual(got, { byte: 7, fds: [], truncated: false });
  fs.closeSync(a);
  assert.equal(native.recvFd(b), null);
  fs.closeSync(b);
});

test('bindUnix/listen/connectUnix/accept make a working unix stream connection', () => {
  const p = path.join(tmp, 'sock');
  const l = native.socketUnix();
  native.bindUnix(l, p);
  native.listen(l, 8);
  assert.ok(fs.statSync(p).isSocket());
  const c = native.socketUnix();
  native.connectUnix(c, p);
  const s = native.accept(l);
  fs.writeSync(c, 'hi');
  const buf = Buffer.alloc(2);
  assert.equal(fs.readSync(s, buf), 2);
  assert.equal(buf.toString(), 'hi');
  for (const x of [l, c, s]) fs.closeSync(x);
});

test('connectUnix fails with ENOENT and ECONNREFUSED codes', () => {
  const c = native.socketUnix();
  assert.throws(() => native.connectUnix(c, path.join(tmp, 'none')), { code: 'ENOENT', syscall: 'connect' });
  fs.closeSync(c);
  const stale = path.join(tmp, 'stale');
  const l = native.socketUnix();
  native.bindUnix(l, stale);
  fs.closeSync(l);
  const c2 = native.socketUnix();
  assert.throws(() => native.connectUnix(c2, stale), { code: 'ECONNREFUSED' });
  fs.closeSync(c2);
});

test('accept on a nonblocking listener with nobody waiting throws EAGAIN', () => {
  const p = path.join(tmp, 'nb');
  const l = native.socketUnix();
  native.bindUnix(l, p);
  native.listen(l, 1);
  native.setNonblock(l, true);
  assert.throws(() => native.accept(l), { code: 'EAGAIN' });
  fs.closeSync(l);
});

test('a socket path longer than sun_path is refused', () => {
  const l = native.socketUnix();
  assert.throws(() => native.bindUnix(l, '/' + 'x'.repeat(120)));
  fs.closeSync(l);
});

test('pipe gives a read end and a write end', () => {
  const [r, w] = native.pipe();
  fs.writeSync(w, 'abc');
  fs.closeSync(w);
  const buf = Buffer.alloc(10);
  assert.equal(fs.readSync(r, buf), 3);
  fs.closeSync(r);
});

test('flock excludes a second open file description until released', () => {
  const p = path.join(tmp, 'lock');
  const a = fs.openSync(p, 'w');
  const b = fs.openSync(p, 'r');
  assert.equal(native.flock(a, true, false), true);
  assert.equal(native.flock(b, true, false), false);
  fs.closeSync(a);
  assert.equal(native.flock(b, true, false), true);
  fs.closeSync(b);
});

test('dup2 makes a descriptor refer to the same file', () => {
  const p = path.join(tmp, 'd');
  fs.writeFileSync(p, '');
  const a = fs.openSync(p, 'r');
  const b = fs.openSync('/dev/null', 'r');
  assert.equal(native.dup2(a, b), b);
  assert.equal(fs.fstatSync(b).ino, fs.statSync(p).ino);
  fs.closeSync(a);
  fs.closeSync(b);
});

test('setCloexec and setNonblock change the flags the kernel reports', () => {
  const [r, w] = native.pipe();
  native.setNonblock(r, true);
  const flags = fs.readFileSync(`/proc/self/fdinfo/${r}`, 'utf8').match(/flags:\s+(\d+)/)[1];
  assert.ok(parseInt(flags, 8) & fs.constants.O_NONBLOCK);
  native.setCloexec(r, false);
  const flags2 = parseInt(fs.readFileSync(`/proc/self/fdinfo/${r}`, 'utf8').match(/flags:\s+(\d+)/)[1], 8);
  assert.equal(flags2 & 0o2000000, 0);
  fs.closeSync(r);
  fs.closeSync(w);
});

test('uname gives the 390 raw bytes of struct utsname', () => {
  const u = native.uname();
  assert.equal(u.length, 390);
  const field = (i) => u.subarray(i * 65, i * 65 + 65).toString('latin1').replace(/\0.*$/s, '');
  assert.equal(field(0), os.type());
  assert.equal(field(1), os.hostname());
  assert.equal(field(2), os.release());
  assert.equal(field(4), os.machine());
});

test('strsignal and strerror give glibc texts', () => {
  assert.equal(native.strsignal(11), 'Segmentation fault');
  assert.equal(native.strsignal(2), 'Interrupt');
  assert.equal(native.strerror(-2), 'No such file or directory');
  assert.equal(native.strerror(13), 'Permission denied');
});

test('raiseDefault makes a process die of SIGPIPE even though Node ignores it', async () => {
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const { code, signal } = await run(process.execPath, ['--input-type=module', '-e', `import {native} from '${mod}'; native.raiseDefault(13); setTimeout(()=>{}, 5000);`]);
  assert.equal(code, null);
  assert.equal(signal, 'SIGPIPE');
});

test('stopUnlessContinued: a SIGCONT caught since the Ctrl-Z means no stop (it is handed back); else we stop until continued, and catch again', async () => {
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const already = await run(process.execPath, ['--input-type=module', '-e', `import {native} from '${mod}'; import fs from 'node:fs';
    const { fd } = native.catchSignals([20, 18]);
    process.kill(process.pid, 18);
    native.poll([fd], [1], 5000, true);
    fs.writeSync(1, JSON.stringify(native.stopUnlessContinued(20)));`], { timeout: 10000 });
  assert.equal(already.stdout.toString(), '{"taken":[18],"ignored":false}', already.stderr.toString());
  // (in a group of its own: in an orphaned group, as the test runner's may be, a Ctrl-Z stops nobody)
  const child = spawn(process.execPath, ['--input-type=module', '-e', `import {native} from '${mod}'; import fs from 'node:fs';
    native.setpgid(0, 0);
    const { fd } = native.catchSignals([20, 18]);
    fs.writeSync(1, 'stopping\\n');
    const taken = native.stopUnlessContinued(20);
    native.poll([fd], [1], 5000, true);
    fs.writeSync(1, 'continued ' + JSON.stringify([taken, native.takeCaught()]));
    process.kill(process.pid, 20);
    native.poll([fd], [1], 5000, true);
    fs.writeSync(1, ' caught again ' + JSON.stringify(native.takeCaught()));`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = endOf(child, 10000);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await waitForOutput(child, 'stopping');
  await waitFor('the child to stop', () => fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1][0] === 'T');
  child.kill('SIGCONT');
  assert.deepEqual(await ended, { code: 0, signal: null });
  assert.equal(out, 'stopping\ncontinued [{"taken":[],"ignored":false},[18]] caught again [20]');
});

test('stopUnlessContinued in an orphaned process group: the kernel stops nobody there, and it says so', async () => {
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  // a session of its own: its only group has no parent in the session
  const r = await run('setsid', ['-w', process.execPath, '--input-type=module', '-e', `import {native} from '${mod}'; import fs from 'node:fs';
    native.catchSignals([20, 18]);
    fs.writeSync(1, JSON.stringify(native.stopUnlessContinued(20)));`], { timeout: 10000 });
  assert.equal(r.stdout.toString(), '{"taken":[],"ignored":true}', r.stderr.toString());
});

test('defaultSignals: SIGUSR1 ends a Node process again, as it ends a C program (not its inspector)', async () => {
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const r = await run(process.execPath, ['--input-type=module', '-e', `import {native} from '${mod}'; native.defaultSignals([10]); process.kill(process.pid, 10); setTimeout(() => {}, 5000);`], { timeout: 10000 });
  assert.deepEqual([r.code, r.signal], [null, 'SIGUSR1']);
  assert.doesNotMatch(r.stderr.toString(), /Debugger/);
});

test('catchSignals: caught signals wait in a pipe for takeCaught; releaseSignals gives each what it had (ignored stays ignored, default ends us)', async () => {
  // in a child, whose dispositions may change: SIGHUP ignored first, as nohup leaves it
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const script = `import {native} from '${mod}'; import fs from 'node:fs';
    native.ignoreSignals([1]);
    const { fd, ignored } = native.catchSignals([1, 12]);
    process.kill(process.pid, 12); process.kill(process.pid, 1);
    // each went to whichever thread had it unblocked, ours in ppoll (EINTR:
    // revents 0) or another (POLLIN): the second may come a moment after the first
    const started = Date.now();
    const taken = [];
    while (!(taken.includes(1) && taken.includes(12)) && Date.now() - started < 5000) {
      native.poll([fd], [1], 5000, true);
      taken.push(...native.takeCaught());
    }
    const ready = Date.now() - started < 4000; // (woken by them, not by the poll's own timeout)
    const again = native.takeCaught();
    native.releaseSignals([1, 12]);
    process.kill(process.pid, 1);
    fs.writeSync(1, JSON.stringify({ ignored, ready, taken, again }));
    process.kill(process.pid, 12);
    setTimeout(() => {}, 5000);`;
  const { code, signal, stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  const got = JSON.parse(stdout.toString());
  assert.deepEqual(got.ignored, [1]);
  assert.equal(got.ready, true);
  assert.deepEqual([...new Set(got.taken)].sort((a, b) => a - b), [1, 12]);
  assert.deepEqual(got.again, []);
  // SIGHUP, released, was ignored again; SIGUSR2 had its default back
  assert.equal(code, null);
  assert.equal(signal, 'SIGUSR2');
});

test('getpid/getppid/kill/waitpid/fork: a forked child runs JS, exits, and is reaped with its status', () => {
  assert.equal(native.getpid(), process.pid);
  assert.equal(native.getppid(), process.ppid);
  // in the child: prove JS runs, then leave without Node's exit path
  const pid = forked(() => 42);
  const r = native.waitpid(pid, false);
  assert.equal(r.pid, pid);
  assert.equal(r.status, 42 << 8);
  assert.throws(() => native.kill(pid, 0), { code: 'ESRCH' });
});

/** exactly n bytes from a blocking descriptor, each part within 5 s */
function readN(fd, n) {
  const b = Buffer.alloc(n);
  for (let got = 0; got < n; ) {
    if (!native.poll([fd], [1], 5000)[0]) throw new Error(`nothing to read for 5 s after ${got} of ${n} bytes`);
    const k = fs.readSync(fd, b, got, n - got, null);
    if (k === 0) throw new Error(`end of file after ${got} of ${n} bytes`);
    got += k;
  }
  return b;
}

/**
 * Forks a child that runs `body` and ends with what it returns (0 if
 * nothing, 99 if it threw): a fork of the test runner never returns into it.
 */
function forked(body) {
  const pid = native.fork();
  if (pid === 0) {
    let code = 99;
    try {
      code = body() ?? 0;
    } finally {
      native.exitNow(code);
    }
  }
  return pid;
}

/** Kills and reaps `pid` if it is still ours to reap (after a failed assertion). */
function reapQuietly(pid) {
  try {
    native.kill(pid, 9);
    native.waitpid(pid, false);
  } catch {
    // reaped already
  }
}

/** Closes descriptors that may be closed already. */
function closeAll(...fds) {
  for (const fd of fds) {
    try {
      if (fd !== undefined) fs.closeSync(fd);
    } catch {
      // closed by the test itself
    }
  }
}

test('zygoteServe: forks a spare on F, hands over the spare\'s socket, reports its wait status, ends at EOF', () => {
  const [mine, theirs] = native.socketpair();
  const zygote = forked(() => {
    fs.closeSync(mine);
    const ctl = native.zygoteServe(theirs); // returns only in a spare
    fs.writeSync(ctl, Buffer.from([readN(ctl, 1)[0] + 1]));
    return 5;
  });
  fs.closeSync(theirs);
  let m;
  let spare;
  try {
    fs.writeSync(mine, 'F');
    assert.ok(native.poll([mine], [1], 5000)[0], 'the zygote answers F within 5 s');
    m = native.recvFd(mine);
    assert.equal(String.fromCharCode(m.byte), 'S');
    assert.equal(m.fds.length, 1);
    spare = readN(mine, 4).readUInt32BE(0);
    assert.equal(parentOf(spare), zygote, 'the zygote\'s child');
    fs.writeSync(m.fds[0], Buffer.from([41]));
    assert.equal(readN(m.fds[0], 1)[0], 42, 'the spare answers on the socket we were given');
    const x = readN(mine, 9);
    assert.equal(String.fromCharCode(x[0]), 'X');
    assert.equal(x.readUInt32BE(1), spare);
    assert.equal(x.readUInt32BE(5), 5 << 8, 'its raw wait status');
  } catch (e) {
    if (spare) native.kill(spare, 9); // the zygote's to reap
    reapQuietly(zygote);
    throw e;
  } finally {
    closeAll(m?.fds[0], mine); // the server goes: so does the zygote
  }
  if (!endsWithin(zygote, 5000)) {
    reapQuietly(zygote);
    assert.fail('the zygote did not end within 5 s of its server');
  }
  assert.equal(native.waitpid(zygote, false).status, 0);
});

/** Whether our child `pid` ends within `ms` (it is left to reap), polling its state. */
function endsWithin(pid, ms) {
  const end = Date.now() + ms;
  for (;;) {
    let state;
    try {
      state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
    } catch {
      return true; // reaped by someone: waitpid will say
    }
    if (state === 'Z') return true;
    if (Date.now() > end) return false;
    native.poll([], [], 5);
  }
}

test('setsid and setpgid in a forked child make a new session and group', () => {
  const [r, w] = native.pipe();
  const pid = forked(() => {
    const sid = native.setsid();
    fs.writeSync(w, `${sid} ${native.getpid()}`);
  });
  fs.closeSync(w);
  try {
    const [sid, cpid] = readToEnd(r).toString().split(' ').map(Number);
    assert.equal(sid, cpid);
    assert.equal(cpid, pid);
  } finally {
    reapQuietly(pid);
    fs.closeSync(r);
  }
});

/** What a pipe gives until its writers have all closed it (each part within 5 s). */
function readToEnd(fd) {
  const parts = [];
  const b = Buffer.alloc(256);
  for (;;) {
    if (!native.poll([fd], [1], 5000)[0]) throw new Error('nothing on the pipe for 5 s');
    const n = fs.readSync(fd, b);
    if (n === 0) return Buffer.concat(parts);
    parts.push(Buffer.from(b.subarray(0, n)));
  }
}

test('setpgid in a forked child makes it a process group leader', () => {
  const [r, w] = native.pipe();
  const pid = forked(() => {
    native.setpgid(0, 0);
    fs.writeSync(w, fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[2]);
  });
  fs.closeSync(w);
  try {
    assert.equal(Number(readToEnd(r).toString()), pid);
  } finally {
    reapQuietly(pid);
    fs.closeSync(r);
  }
});

test('waitpid with nohang returns null while the child runs', () => {
  // the child blocks on a pipe that nobody writes to, until it is killed
  const [r, w] = native.pipe();
  const pid = forked(() => void fs.readSync(r, Buffer.alloc(1)));
  fs.closeSync(r);
  try {
    assert.equal(native.waitpid(pid, true), null);
  } finally {
    native.kill(pid, 9);
    fs.closeSync(w);
  }
  assert.equal(native.waitpid(pid, false).status & 0x7f, 9);
});

test('native errors carry the errno name, number and syscall', () => {
  try {
    native.dup2(9999, 9998);
    assert.fail('dup2 of a closed fd succeeded');
  } catch (e) {
    assert.equal(e.code, 'EBADF');
    assert.equal(e.syscall, 'dup2');
    assert.equal(e.errno, -9);
    assert.match(e.message, /^dup2: Bad file descriptor$/);
  }
});


test('replaceEnv makes process.env exactly the given entries (in a child, to keep ours)', async () => {
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const code = `import {native} from '${mod}'; native.replaceEnv(['A=1', 'B=x=y', 'EMPTY=']); process.stdout.write(JSON.stringify(process.env));`;
  const r = await run(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, GONE: 'yes' } });
  assert.deepEqual(JSON.parse(r.stdout.toString()), { A: '1', B: 'x=y', EMPTY: '' });
});

test('peerPid names the process at the other end of a unix socket', () => {
  const [a, b] = native.socketpair();
  assert.equal(native.peerPid(a), process.pid);
  fs.closeSync(a);
  fs.closeSync(b);
});

test('cloexecFrom marks every descriptor from a number up close-on-exec, and none below', () => {
  const [r, w] = native.pipe();
  const [lo, hi] = r < w ? [r, w] : [w, r];
  native.setCloexec(lo, false);
  native.setCloexec(hi, false);
  native.cloexecFrom(hi);
  const cloexec = (fd) => (parseInt(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/flags:\s+(\d+)/)[1], 8) & 0o2000000) !== 0;
  assert.equal(cloexec(lo), false);
  assert.equal(cloexec(hi), true);
  fs.closeSync(r);
  fs.closeSync(w);
});

// In a child Node: the SIGCHLD handler must not be the test runner's (it spawns children).
test('sigchldPipe wakes a poll at a child\'s end; as subreaper an orphaned grandchild is ours to reap; forked children keep no handler', async () => {
  const { out, status } = await nodeWith(`import fs from 'node:fs';
    const p = native.sigchldPipe();
    native.becomeSubreaper();
    const a = native.fork();
    if (a === 0) {
      const caught = (BigInt('0x' + fs.readFileSync('/proc/self/status', 'utf8').match(/SigCgt:\\s*(\\w+)/)[1]) >> 16n) & 1n;
      const me = native.getpid();
      if (native.fork() === 0) {
        const until = Date.now() + 5000;
        while (native.getppid() === me && Date.now() < until);
        native.exitNow(3);
      }
      native.exitNow(caught ? 1 : 0);
    }
    const got = {};
    while (Object.keys(got).length < 2) {
      const [rev] = native.poll([p], [1], 5000);
      if (!rev) break;
      try { fs.readSync(p, Buffer.alloc(16)); } catch {}
      try {
        for (let r; (r = native.waitpid(-1, true)); ) got[r.pid === a ? 'child' : 'grandchild'] = r.status;
      } catch {} // ECHILD: none left for now
    }
    process.stdout.write(JSON.stringify(got));`);
  assert.equal(status, 0);
  assert.deepEqual(JSON.parse(out), { child: 0, grandchild: 3 << 8 });
});

test('spawn: argv and environment byte for byte, descriptors where asked, the pid to wait for; ENOENT when not found', () => {
  const [r, w] = native.pipe();
  const pid = native.spawn(
    'sh',
    ['sh', '-c', 'printf %s "$1" >&3; printf %s "$V" >&3; exec 3>&-; [ "$(readlink /proc/self/fd/0)" = /dev/null ] || exit 1; exit 7', 'sh', Buffer.from([0x61, 0xff])],
    [Buffer.from([0x56, 0x3d, 0xfe]), `PATH=${process.env.PATH}`],
    [-1, 1, 2, w],
  );
  fs.closeSync(w);
  const got = [];
  const b = Buffer.alloc(16);
  for (let n; (n = fs.readSync(r, b)) > 0; ) got.push(Buffer.from(b.subarray(0, n)));
  fs.closeSync(r);
  assert.equal(Buffer.concat(got).toString('hex'), '61fffe');
  assert.equal(native.waitpid(pid, false).status, 7 << 8, 'stdin was /dev/null');
  assert.throws(() => native.spawn('/nonexistent/x', ['x'], [], []), { code: 'ENOENT' });
});

test('sockname gives the path a socket is bound to', () => {
  const p = path.join(tmp, 'named');
  const l = native.socketUnix();
  native.bindUnix(l, p);
  assert.equal(native.sockname(l), p);
  fs.closeSync(l);
});

/** Runs `code` in a child Node with the addon imported as `native` (within 30 s). */
async function nodeWith(code, flags = []) {
  const mod = new URL('./helpers/native.mjs', import.meta.url).href;
  const r = await run(process.execPath, [...flags, '--input-type=module', '-e', `import {native} from '${mod}'; ${code}`]);
  return { out: r.stdout.toString(), status: r.code, signal: r.signal };
}

test('execv replaces the process image (same pid); Node marked stdout close-on-exec', async () => {
  // Node sets FD_CLOEXEC on inherited descriptors at start-up: without setCloexec the new image has no stdout.
  const lost = await nodeWith(`process.stdout.write(process.pid + ' '); native.execv('/bin/sh', ['sh', '-c', 'echo $$']);`);
  assert.equal(lost.out.trim().split(/\s+/).length, 1);
  const r = await nodeWith(`process.stdout.write(process.pid + ' '); native.setCloexec(1, false); native.execv('/bin/sh', ['sh', '-c', 'echo $$']);`);
  const [before, after] = r.out.trim().split(/\s+/);
  assert.equal(before, after);
});

// (as every server runs: without them a fork can catch V8 mid-sweep on another thread)
test('a forked child with the exit handler ends as plain node does: beforeExit may add work, then exit with process.exitCode; a Worker in it ends', async () => {
  const r = await nodeWith(`
    const pid = native.fork();
    if (pid === 0) {
      native.setExitHandler();
      process.exitCode = 3;
      process.once('beforeExit', () => { process.stdout.write('beforeExit '); setTimeout(() => process.stdout.write('more work '), 10); });
      process.on('exit', (c) => process.stdout.write('exit ' + c));
      const { Worker } = await import('node:worker_threads');
      new Worker('1', { eval: true }).on('exit', (c) => process.stdout.write('worker ' + c + ' '));
    } else {
      const r = native.waitpid(pid, false);
      process.stdout.write(' status ' + (r.status >> 8));
    }`, FORK_SAFE_FLAGS);
  assert.equal(r.out, 'worker 0 beforeExit more work exit 3 status 3');
});

test('mtimes: each path\'s mtime in ns as stat(2) gives it, null for a missing one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-mtimes-'));
  try {
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, '');
    fs.utimesSync(f, new Date(1e12 + 123), new Date(1e12 + 456));
    const [a, b, c] = native.mtimes([f, path.join(dir, 'missing'), dir]);
    assert.equal(a, fs.statSync(f, { bigint: true }).mtimeNs);
    assert.equal((a + 500000n) / 1000000n, 1000000000456n, 'ms since the epoch, as set');
    assert.equal(b, null);
    assert.equal(c, fs.statSync(dir, { bigint: true }).mtimeNs);
    assert.deepEqual(native.mtimes([]), []);
    assert.throws(() => native.mtimes([42]), TypeError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readFile: a whole file byte for byte, past its first 4 kB; a /proc file; errno when missing', () => {
  const f = path.join(tmp, 'whole');
  const bytes = Buffer.alloc(10000, 0);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
  fs.writeFileSync(f, bytes);
  assert.deepEqual(native.readFile(f), bytes);
  assert.deepEqual(native.readFile('/proc/self/cmdline'), fs.readFileSync('/proc/self/cmdline'));
  assert.throws(() => native.readFile(path.join(tmp, 'missing')), { code: 'ENOENT', syscall: 'open' });
  assert.throws(() => native.readFile(tmp), { code: 'EISDIR' });
});

test('stat: dev, ino, mode and uid as stat(2) and lstat(2) give them; null only for ENOENT', () => {
  const f = path.join(tmp, 'target');
  const link = path.join(tmp, 'link');
  fs.writeFileSync(f, '');
  fs.chmodSync(f, 0o640);
  fs.symlinkSync(f, link);
  const want = fs.statSync(f, { bigint: true });
  const got = native.stat(link, true);
  assert.deepEqual(got, { dev: want.dev, ino: want.ino, mode: Number(want.mode), uid: Number(want.uid) });
  const l = fs.lstatSync(link, { bigint: true });
  assert.equal(native.stat(link, false).ino, l.ino);
  assert.equal(native.stat(link, false).mode & 0o170000, 0o120000, 'the link itself');
  assert.equal(native.stat(path.join(tmp, 'missing'), false), null);
  assert.throws(() => native.stat(path.join(f, 'below'), true), { code: 'ENOTDIR', syscall: 'stat' });
  assert.throws(() => native.stat('x'.repeat(5000), true), RangeError);
});

test('homeDir is the passwd entry\'s home, whatever $HOME says', async () => {
  assert.equal(native.homeDir(), os.userInfo().homedir);
  const code = 'import { native } from "./test/helpers/native.mjs"; process.stdout.write(native.homeDir())';
  const r = await run(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, HOME: '/nonexistent' } });
  assert.equal(r.code, 0);
  assert.equal(r.stdout.toString(), os.userInfo().homedir);
});

test('read, write and close: counts as the kernel gives them, ranges checked, errno names', () => {
  const [r, w] = native.pipe();
  try {
    const data = Buffer.from('..hello..');
    assert.equal(native.write(w, data, 2, 5), 5);
    const into = Buffer.alloc(8, 0x2e);
    assert.equal(native.read(r, into, 1, 7), 5, 'what there is, not what was asked');
    assert.equal(into.toString(), '.hello..');
    assert.equal(native.write(w, new Uint8Array([104, 105]), 0, 2), 2, 'any Uint8Array');
    assert.throws(() => native.read(r, into, 4, 5), RangeError);
    assert.throws(() => native.write(w, data, -1, 1), RangeError);
    assert.throws(() => native.write(w, 'text', 0, 1), TypeError);
  } finally {
    native.close(w);
  }
  const rest = Buffer.alloc(4);
  assert.equal(native.read(r, rest, 0, 4), 2);
  assert.equal(native.read(r, rest, 0, 4), 0, 'end of file once the write end is closed');
  native.close(r);
  assert.throws(() => native.close(r), { code: 'EBADF', syscall: 'close' });
});
