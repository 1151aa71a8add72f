// Our client driving real Perl scripts written with Proc::Prefork::Interp.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { PerlService } from './helpers/perl-service.mjs';
import { native, POLLIN } from './helpers/native.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { CLIENT, C_CLIENT, run, waitFor, isRunning, runBase, socketPathFor, processesMentioning, listeningSocketPath, waitForOutput } from './helpers/procs.mjs';

const service = serviceFactory(PerlService);

describe('first call and warm calls', () => {
  const s = service('basic');
  test('first call runs the initialisation and the call', async () => {
    const r = await s.call(['hello']);
    assert.equal(r.stdout.toString(), 'hello\n');
    assert.equal(r.code, 0);
    assert.match(r.stderr.toString(), /service: initialising/);
    assert.equal(s.inits(), 1);
  });
  test('later calls reuse the server: no second initialisation, same server pid', async () => {
    const a = await s.pids();
    const b = await s.pids();
    assert.equal(a.server, b.server);
    assert.notEqual(a.call, b.call);
    const r = await s.call(['hello']);
    assert.equal(r.stderr.toString(), '');
    assert.equal(s.inits(), 1);
  });
  test('argv reaches the call as interpreter, script, args', async () => {
    const r = await s.call(['argv', 'a b', '', 'ü', '--x']);
    assert.deepEqual(r.stdout.toString().split('\0').slice(0, -1), ['perl', s.script, 'argv', 'a b', '', 'ü', '--x']);
  });
  test('the environment is replaced, not merged', async () => {
    const env = { PATH: process.env.PATH, ONLY_HERE: 'yes', EMPTY: '', 'WITH=EQ': 'x=y' };
    const r = await s.call(['env'], { env });
    const got = Object.fromEntries(
      r.stdout.toString().split('\0').slice(0, -1).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    assert.equal(got.ONLY_HERE, 'yes');
    assert.equal(got.EMPTY, '');
    assert.equal(got.HOME, undefined);
    const r2 = await s.call(['env'], { env: { PATH: process.env.PATH } });
    assert.doesNotMatch(r2.stdout.toString(), /ONLY_HERE/);
  });
  test('stdin and stdout are binary-clean', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    const r = await s.call(['cat'], { input: data });
    assert.equal(r.code, 0);
    assert.ok(r.stdout.equals(data), 'output differs from input');
  });
  test('the call runs on the caller\'s own descriptors (same dev:ino)', async () => {
    const f = path.join(s.dir, 'out.txt');
    const fd = fs.openSync(f, 'w');
    const r = await s.call(['fds'], { stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    assert.equal(r.code, 0);
    const line = fs.readFileSync(f, 'utf8').split('\n').find((l) => l.startsWith('1 '));
    const st = fs.statSync(f);
    assert.equal(line, `1 ${st.dev}:${st.ino}`);
  });
  test('stderr of the call reaches the caller', async () => {
    const r = await s.call(['stderr']);
    assert.equal(r.stderr.toString(), 'to stderr\n');
  });
});

describe('exit statuses and signals', () => {
  const s = service('status');
  for (const code of [0, 1, 7, 42, 255]) {
    test(`exit ${code} comes back as exit ${code}`, async () => {
      const r = await s.call(['exit', String(code)]);
      assert.equal(r.signal, null);
      assert.equal(r.code, code);
    });
  }
  for (const sig of ['INT', 'TERM', 'HUP', 'PIPE', 'KILL']) {
    test(`death by SIG${sig} is re-raised: the client dies of SIG${sig}`, async () => {
      const r = await s.call(['signal', sig]);
      assert.equal(r.signal, `SIG${sig}`);
      assert.equal(r.code, null);
    });
  }
  for (const [sig, text] of [['USR1', 'User defined signal 1'], ['SEGV', 'Segmentation fault'], ['ABRT', 'Aborted']]) {
    test(`death by SIG${sig} is reported and exits 127`, async () => {
      const r = await s.call(['signal', sig]);
      assert.equal(r.code, 127);
      assert.match(r.stderr.toString(), new RegExp(`^prefork-interp: invocation failed due to signal \\d+ ${text}( \\(core dumped\\))?\\n$`));
    });
  }
  test('a client killed mid-call makes the call get SIGINT', async () => {
    const flag = path.join(s.dir, 'got-int');
    const child = spawn(s.script, ['wait-int', flag], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(child, 'ready');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    await waitFor('the call to record SIGINT', () => fs.existsSync(flag) && fs.readFileSync(flag, 'utf8') === 'INT\n');
  });
});

describe('a pty stays a tty', () => {
  const s = service('tty');
  test('stdin, stdout and stderr of the call are ttys under script(1)', async () => {
    const r = await run('script', ['-qec', `${s.script} tty`, '/dev/null'], { cwd: s.dir });
    assert.equal(r.code, 0, r.stderr.toString());
    assert.match(r.stdout.toString(), /111\r?\n/);
    await s.pids();
  });
});

describe('options', () => {
  test('-f starts a fresh server and the old one quits', async () => {
    const s = service('fresh');
    const a = await s.pids();
    const r = await s.callWith(CLIENT, ['-U', '-f'], ['hello']);
    assert.equal(r.stdout.toString(), 'hello\n');
    assert.equal(s.inits(), 2);
    const b = await s.pids((args) => s.callWith(CLIENT, ['-U'], args));
    assert.notEqual(a.server, b.server);
    await waitFor('the old server to quit', () => !isRunning(a.server));
  });
  test('--kill removes the server: socket gone, server and watcher quit', async () => {
    const s = service('kill');
    const a = await s.pids((args) => s.callWith(CLIENT, ['-U'], args));
    // Counting the run directory's sockets would race the client's pre-cleanup,
    // which removes old idents once there are more than 100: follow this one.
    const socket = listeningSocketPath(a.server);
    assert.ok(socket.startsWith(`${runBase()}/s`), socket);
    assert.ok(processesMentioning(socket).length >= 1, 'a watcher names the socket');
    const r = await s.callWith(CLIENT, ['-U', '--kill']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.length, 0);
    assert.equal(fs.existsSync(socket), false);
    await waitFor('the server to quit', () => !isRunning(a.server));
    await waitFor('the watcher to quit', () => processesMentioning(socket).length === 0);
    assert.equal(s.inits(), 1);
  });
  test('-G and -E make different servers; the same values share one', async () => {
    const s = service('ident');
    const env = (v) => ({ ...process.env, PFI_TEST_VAR: v });
    await s.callWith(CLIENT, ['-U', '-G', 'one'], ['hello']);
    await s.callWith(CLIENT, ['-U', '-Gone'], ['hello']);
    assert.equal(s.inits(), 1);
    await s.callWith(CLIENT, ['-U', '-G=two'], ['hello']);
    assert.equal(s.inits(), 2);
    await s.callWith(CLIENT, ['-U', '-E', 'PFI_TEST_VAR'], ['hello'], { env: env('a') });
    await s.callWith(CLIENT, ['-U', '-E', 'PFI_TEST_VAR'], ['hello'], { env: env('a') });
    assert.equal(s.inits(), 3);
    await s.callWith(CLIENT, ['-U', '-E', 'PFI_TEST_VAR'], ['hello'], { env: env('b') });
    assert.equal(s.inits(), 4);
    for (const a of [['-G', 'one'], ['-G', 'two'], ['-E', 'PFI_TEST_VAR']]) {
      await s.pids((args) => s.callWith(CLIENT, ['-U', ...a], args, { env: env('a') }));
      await s.pids((args) => s.callWith(CLIENT, ['-U', ...a], args, { env: env('b') }));
    }
  });
  test('-g names the socket after the given ident', async () => {
    const s = service('explicit');
    const ident = `pfitest${process.pid}`;
    await s.pids((args) => s.callWith(CLIENT, ['-U', '-g', ident], args));
    assert.ok(fs.statSync(socketPathFor(ident)).isSocket());
    await s.callWith(CLIENT, ['-U', '-g', ident, '--kill']);
    assert.equal(fs.existsSync(socketPathFor(ident)), false);
  });
});

describe('server lifetime', () => {
  test('touching the script makes the next call start a fresh server (autoreload)', async () => {
    const s = service('reload');
    const a = await s.pids();
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(s.script, future, future);
    const b = await s.pids();
    assert.notEqual(a.server, b.server);
    assert.equal(s.inits(), 2);
    await waitFor('the old server to quit', () => !isRunning(a.server));
  });
  test('removing the socket makes the server and its watcher quit', async () => {
    const s = service('rmsock');
    const ident = `pfirm${process.pid}`;
    const a = await s.pids((args) => s.callWith(CLIENT, ['-U', '-g', ident], args));
    const sock = socketPathFor(ident);
    const watchers = processesMentioning(sock);
    assert.equal(watchers.length, 1, 'one watcher for the socket');
    fs.unlinkSync(sock);
    await waitFor('the server to quit', () => !isRunning(a.server));
    await waitFor('the watcher to quit', () => watchers.every((w) => !isRunning(w)));
  });
  // (in a mount namespace of its own, over a tmpfs: the user's run directory is not moved)
  test('renaming the run directory makes the server and its watcher quit', { skip: process.getuid() !== 0 && 'needs root' }, async () => {
    const s = service('mvdir');
    const base = runBase();
    const script = [
      'mkdir -p "$1" && mount -t tmpfs -o mode=0700 none "$1" || exit 99',
      'pids=$("$3" -U perl "$4" pids) || exit 98',
      'echo "$pids"',
      'mv "$2" "$2.moved"',
      'server=${pids##* }',
      // what is left of it, at most 10 s on: by pid, and killed if still there
      'i=0; while kill -0 "$server" 2>/dev/null && [ "$(cut -d" " -f3 /proc/$server/stat)" != Z ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
      'if kill -0 "$server" 2>/dev/null && [ "$(cut -d" " -f3 /proc/$server/stat)" != Z ]; then echo running; kill -9 "$server"; else echo quit; fi',
    ].join('\n');
    const r = await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', path.dirname(base), base, CLIENT, s.script], { cwd: s.dir });
    assert.equal(r.code, 0, r.stderr.toString());
    const [pids, outcome] = r.stdout.toString().trim().split('\n');
    assert.ok(s.parsePids(pids).server > 0, pids);
    assert.equal(outcome, 'quit', 'the server quit within 10 s of the rename');
  });
});

describe('concurrency', () => {
  test('8 parallel warm calls all succeed on one server', async () => {
    const s = service('par');
    await s.pids();
    const rs = await Promise.all(Array.from({ length: 8 }, () => s.pids()));
    assert.equal(new Set(rs.map((r) => r.server)).size, 1);
    assert.equal(new Set(rs.map((r) => r.call)).size, 8);
    assert.equal(s.inits(), 1);
  });
  test('8 simultaneous cold calls run one initialisation', async () => {
    const s = service('cold8');
    const rs = await Promise.all(Array.from({ length: 8 }, () => s.pids()));
    assert.equal(new Set(rs.map((r) => r.server)).size, 1);
    assert.equal(s.inits(), 1);
  });
});

describe('our client and the C client share servers', () => {
  test('a server started by the C client serves our client, and the reverse', async () => {
    const s = service('cross');
    const a = await s.pids((args) => s.callWith(C_CLIENT, ['-U'], args));
    const b = await s.pids((args) => s.callWith(CLIENT, ['-U'], args));
    assert.equal(a.server, b.server);
    assert.equal(s.inits(), 1);
    const s2 = service('cross2');
    const c = await s2.pids((args) => s2.callWith(CLIENT, ['-U'], args));
    const d = await s2.pids((args) => s2.callWith(C_CLIENT, ['-U'], args));
    assert.equal(c.server, d.server);
    assert.equal(s2.inits(), 1);
  });
  test('-G/-E/-g idents agree with the C client', async () => {
    const s = service('crossid');
    const env = { ...process.env, PFI_X: 'v' };
    for (const opts of [['-G', 'g1'], ['-E', 'PFI_X'], ['-E', 'PFI_UNSET_VAR'], ['-G', 'a', '-E', 'PFI_X'], ['-g', `pfix${process.pid}`]]) {
      const before = s.inits();
      const a = await s.pids((args) => s.callWith(C_CLIENT, ['-U', ...opts], args, { env }));
      const b = await s.pids((args) => s.callWith(CLIENT, ['-U', ...opts], args, { env }));
      assert.equal(a.server, b.server, `options ${opts.join(' ')}`);
      assert.equal(s.inits(), before + 1);
    }
  });
  test('-E with the variable twice in the environment: the first, as the C client\'s getenv finds it', async () => {
    const s = service('crossdup');
    const a = await s.pids((args) => s.callWith(C_CLIENT, ['-U', '-E', 'PFI_DUP'], args, { env: { ...process.env, PFI_DUP: 'first' } }));
    const entries = ['PFI_DUP=first', 'PFI_DUP=second', ...Object.entries(process.env).filter(([k]) => k !== 'PFI_DUP').map(([k, v]) => `${k}=${v}`)];
    for (const client of [C_CLIENT, CLIENT]) {
      const r = await runWithEnvironment(client, ['-U', '-E', 'PFI_DUP', 'perl', s.script, 'pids'], entries, s.dir);
      assert.equal(r.status, 0);
      assert.equal(s.parsePids(r.stdout).server, a.server, `${client}: the server of PFI_DUP=first`);
    }
    assert.equal(s.inits(), 1);
  });
  test('--kill from our client removes the C client\'s server, and the reverse', async () => {
    const s = service('crosskill');
    const a = await s.pids((args) => s.callWith(C_CLIENT, ['-U'], args));
    assert.equal((await s.callWith(CLIENT, ['-U', '--kill'])).code, 0);
    await waitFor('the C-started server to quit', () => !isRunning(a.server));
    const b = await s.pids((args) => s.callWith(CLIENT, ['-U'], args));
    assert.equal((await s.callWith(C_CLIENT, ['-U', '--kill'])).code, 0);
    await waitFor('our server to quit', () => !isRunning(b.server));
  });
});

/**
 * Runs `file` with exactly these environment entries (duplicates kept,
 * which a spawn's env object cannot say), in `cwd`: its stdout and wait
 * status, within 20 s.
 */
async function runWithEnvironment(file, args, entries, cwd) {
  const [r, w] = native.pipe();
  // (env -C: a shell would make one of each entry)
  const pid = native.spawn('/usr/bin/env', ['env', '-C', cwd, file, ...args], entries, [-1, w, 2]);
  fs.closeSync(w);
  const out = [];
  try {
    const b = Buffer.alloc(4096);
    for (;;) {
      assert.ok(native.poll([r], [POLLIN], 20000)[0], `${file} said nothing more for 20 s`);
      const n = fs.readSync(r, b);
      if (n === 0) break;
      out.push(Buffer.from(b.subarray(0, n)));
    }
  } finally {
    fs.closeSync(r);
  }
  await waitFor(`${file} to end`, () => !isRunning(pid));
  return { status: native.waitpid(pid, false).status >> 8, stdout: Buffer.concat(out).toString() };
}

