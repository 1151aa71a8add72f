// Node scripts using our library, driven by both clients: ours and the C one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { NodeService } from './helpers/node-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { CLIENT, C_CLIENT, run, waitFor, isRunning, processesMentioning, parentOf, listeningSocketPath, logPathFor, waitForOutput } from './helpers/procs.mjs';

const service = serviceFactory(NodeService);

for (const [label, client] of [['our client', CLIENT], ['the C client', C_CLIENT]]) {
  describe(`Node service through ${label}`, () => {
    const s = service(label === 'our client' ? 'nours' : 'nc');
    const call = (args, opts) => s.callWith(client, ['-U'], args, opts);
    test('initialisation runs once over many calls; each call is a fresh process', async () => {
      const first = await call(['hello']);
      assert.equal(first.stdout.toString(), 'hello\n', first.stderr.toString());
      assert.match(first.stderr.toString(), /service: initialising/);
      const pids = [];
      for (let i = 0; i < 5; i++) pids.push((await s.pids((a) => call(a))).call);
      assert.equal(new Set(pids).size, 5);
      assert.equal(s.inits(), 1);
      const g = await Promise.all([call(['globals']), call(['globals'])]);
      for (const r of g) assert.equal(r.stdout.toString(), '1\n', 'globals do not leak between calls');
    });
    test('argv: call.argv as received, process.argv as for a plain run', async () => {
      const r = await call(['argv', 'a b', '', 'ü']);
      const j = JSON.parse(r.stdout.toString());
      assert.deepEqual(j.call, ['node', s.script, 'argv', 'a b', '', 'ü']);
      assert.deepEqual(j.argv, [s.script, 'argv', 'a b', '', 'ü']);
    });
    test('process.env is replaced exactly', async () => {
      const r = await call(['env'], { env: { PATH: process.env.PATH, ONLY: 'x', EMPTY: '' } });
      assert.deepEqual(JSON.parse(r.stdout.toString()), { PATH: process.env.PATH, ONLY: 'x', EMPTY: '' });
    });
    test('binary stdin to stdout', async () => {
      const data = Buffer.alloc(2 * 1024 * 1024);
      for (let i = 0; i < data.length; i++) data[i] = (i * 131) & 0xff;
      const r = await call(['cat'], { input: data });
      assert.equal(r.code, 0, r.stderr.toString());
      assert.ok(r.stdout.equals(data));
    });
    test('fds 0, 1, 2 are the caller\'s own', async () => {
      const f = path.join(s.dir, 'fds.txt');
      const fd = fs.openSync(f, 'w');
      const r = await call(['fds'], { stdio: ['ignore', fd, 'pipe'] });
      fs.closeSync(fd);
      assert.equal(r.code, 0);
      const st = fs.statSync(f);
      assert.match(fs.readFileSync(f, 'utf8'), new RegExp(`^1 ${st.dev}:${st.ino}$`, 'm'));
    });
    for (const code of [0, 1, 42, 255]) {
      test(`exit code ${code} (process.exitCode), never reported as a signal`, async () => {
        const r = await call(['exit', String(code)]);
        assert.equal(r.signal, null);
        assert.equal(r.code, code);
      });
    }
    test('10 MB into a pipe, then a natural end with exitCode 3: all of it arrives', async () => {
      const r = await call(['write', '3', String(10 * 1024 * 1024)]);
      assert.equal(r.code, 3);
      assert.equal(r.stdout.length, 10 * 1024 * 1024);
    });
    test('process.exit(3) right after writing 10 MB into a pipe: as in a plain run (stdout is an asynchronous pipe stream there too), status 3 and an intact prefix', async () => {
      const r = await call(['process-exit', '3', String(10 * 1024 * 1024)]);
      assert.equal(r.code, 3);
      assert.ok(r.stdout.length > 0 && r.stdout.length <= 10 * 1024 * 1024);
      assert.ok(r.stdout.every((c) => c === 0x78));
    });
    test('an uncaught exception: stack on the caller\'s stderr, status 1', async () => {
      const r = await call(['throw']);
      assert.equal(r.code, 1);
      assert.match(r.stderr.toString(), /Error: boom in call\n\s+at /);
    });
    test('an unhandled rejection: status 1 with its stack', async () => {
      const r = await call(['reject']);
      assert.equal(r.code, 1);
      assert.match(r.stderr.toString(), /rejected in call/);
    });
    for (const sig of ['TERM', 'HUP', 'INT', 'KILL']) {
      test(`death by SIG${sig} reaches the caller`, async () => {
        const r = await call(['signal', sig]);
        assert.equal(r.signal, `SIG${sig}`);
      });
    }
    test('full garbage collections in a call do not hang it', async () => {
      const r = await call(['gc']);
      assert.equal(r.stdout.toString(), 'gc done\n');
    });
    test('8 parallel calls', async () => {
      const rs = await Promise.all(Array.from({ length: 8 }, () => call(['hello'])));
      for (const r of rs) assert.equal(r.stdout.toString(), 'hello\n');
      assert.equal(s.inits(), 1);
    });
    test('a client killed mid-call makes the call get SIGINT', async () => {
      const flag = path.join(s.dir, 'int');
      const child = spawn(client, ['-U', 'node', s.script, 'wait-int', flag], { cwd: s.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      await waitForOutput(child, 'ready');
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      await waitFor('the call to record SIGINT', () => fs.existsSync(flag));
    });
    test('a pty stays a tty', async () => {
      const r = await run('script', ['-qec', `${client} -U node ${s.script} tty`, '/dev/null'], { cwd: s.dir });
      assert.match(r.stdout.toString(), /111/);
    });
  });
}

describe("the first caller's terminal", () => {
  test('is not kept by the server, its zygote or its spares (Node reopens a terminal for its stdio streams)', async () => {
    const s = service('nttyfd');
    // a first call on a pty, which the script's initialisation writes to
    const r = await run('script', ['-qec', `${CLIENT} -U node ${s.script} pids`, '/dev/null'], { cwd: s.dir });
    // (its last line: the initialisation says something first)
    const { server } = s.parsePids(r.stdout.toString().trim().split('\n').pop());
    assert.ok(server > 0, r.stdout.toString());
    s.servers.add(server);
    await waitFor('a zygote', () => processesMentioning(s.script).some((p) => parentOf(p) === server));
    const held = [];
    for (const pid of processesMentioning(s.script)) {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        let target = '';
        try {
          target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          // closed meanwhile
        }
        if (target.startsWith('/dev/pts/')) held.push(`${pid}:${fd} -> ${target}`);
      }
    }
    assert.deepEqual(held, []);
  });
});

describe('what each call has of its own', () => {
  test('Math.random, crypto.randomUUID and randomInt draw anew in each call (their state would be the zygote\'s), process.uptime() counts from the call\'s start, process.argv[1] is absolute and the working directory current, as in a plain run', async () => {
    const s = service('nown');
    const base = path.basename(s.script);
    const plain = JSON.parse((await run('node', [base, 'random'], { cwd: s.dir })).stdout.toString());
    const kinds = ['random', 'uuid', 'namedUuid', 'webUuid', 'int', 'moduleInt'];
    const draws = Object.fromEntries(kinds.map((k) => [k, new Set()]));
    for (let i = 0; i < 4; i++) {
      const began = process.hrtime.bigint();
      const r = await run(CLIENT, ['-U', 'node', base, 'random'], { cwd: s.dir });
      const took = Number(process.hrtime.bigint() - began) / 1e9;
      const got = JSON.parse(r.stdout.toString());
      // counted from the call's own start, not the server's (older than this call)
      assert.ok(got.uptime > 0 && got.uptime < took, `uptime ${got.uptime} s in a call that took ${took} s`);
      assert.ok(got.random >= 0 && got.random < 1);
      assert.match(got.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const k of kinds) draws[k].add(got[k]);
      assert.equal(got.argv1, plain.argv1);
      assert.equal(got.cwd, plain.cwd);
    }
    for (const k of kinds) assert.equal(draws[k].size, 4, `${k}: four calls, four draws: ${[...draws[k]]}`);
    const uuids = new Set(kinds.filter((k) => k.endsWith('uuid') || k.endsWith('Uuid')).flatMap((k) => [...draws[k]]));
    assert.equal(uuids.size, 12, 'no UUID twice');
    // (the server of the script named as a relative path: its own ident, stopped by its pid)
    await s.pids((a) => run(CLIENT, ['-U', 'node', base, ...a], { cwd: s.dir }));
  });
});

describe('what a call gives back to its caller', () => {
  test('a stream on a piped stdin leaves the pipe blocking again at exit and at death by SIGINT or SIGTERM, as in a plain run', async () => {
    const s = service('nblk');
    const base = path.basename(s.script);
    // (the flags of the caller's own stdin, as the next command of its shell finds them)
    const flagsAfter = async (command, ending) => {
      const r = await run('sh', ['-c', `${command} "$0" stdin-then ${ending}; grep ^flags /proc/self/fdinfo/0`, base], { cwd: s.dir });
      return parseInt(r.stdout.toString().match(/^flags:\s+(\d+)/m)[1], 8) & fs.constants.O_NONBLOCK;
    };
    for (const ending of ['exit', 'INT', 'TERM']) {
      assert.equal(await flagsAfter('node', ending), 0, `plain, ${ending}`);
      assert.equal(await flagsAfter(`${CLIENT} -U node`, ending), 0, `preforked, ${ending}`);
      assert.equal(await flagsAfter(`${CLIENT} -U node`, ending), 0, `preforked, ${ending}, again`);
    }
    await s.pids((a) => run(CLIENT, ['-U', 'node', base, ...a], { cwd: s.dir }));
  });
});

describe('maxServers 0', () => {
  test('runs calls one at a time, as the Perl library does (it ran none, and its first caller waited for ever)', async () => {
    const s = service('nmax0');
    const env = { ...process.env, MAX_SERVERS: '0' };
    const calls = await Promise.all([0, 1].map(() => s.call(['span', '300'], { env, timeout: 15000 })));
    const spans = calls.map((r) => r.stdout.toString().trim().split(' ').map(Number)).sort((x, y) => x[0] - y[0]);
    assert.ok(spans[1][0] >= spans[0][1], `one after the other: ${JSON.stringify(spans)}`);
    await s.pids((a) => s.call(a, { env }));
  });
});

describe('server lifetime (Node)', () => {
  test('-f and --kill', async () => {
    const s = service('nfresh');
    const a = await s.pids();
    await s.callWith(CLIENT, ['-U', '-f'], ['hello']);
    assert.equal(s.inits(), 2);
    await waitFor('old server to quit', () => !isRunning(a.server));
    const b = await s.pids((x) => s.callWith(CLIENT, ['-U'], x));
    assert.equal((await s.callWith(CLIENT, ['-U', '--kill'])).code, 0);
    await waitFor('server to quit', () => !isRunning(b.server));
    // and nothing of it stays behind: its spare executor sees the server go and ends too
    await waitFor('the spare to end', () => processesMentioning(s.dir).length === 0);
  });
  test('touching the script or an imported module makes a fresh server', async () => {
    const s = service('nreload');
    const mod = path.join(s.dir, 'dep.mjs');
    fs.writeFileSync(mod, 'export const x = 1;\n');
    fs.writeFileSync(s.script, fs.readFileSync(s.script, 'utf8').replace("import fs from 'node:fs';", `import fs from 'node:fs';\nimport './dep.mjs';`));
    const a = await s.pids();
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(mod, future, future);
    const b = await s.pids();
    assert.notEqual(a.server, b.server);
    assert.equal(s.inits(), 2);
    await waitFor('old server to quit', () => !isRunning(a.server));
    const later = new Date(Date.now() + 10000);
    fs.utimesSync(s.script, later, later);
    const c = await s.pids();
    assert.notEqual(b.server, c.server);
  });
  test('a server holding a 500 MB heap still serves', async () => {
    const s = service('nheap');
    const env = { ...process.env, HOLD_HEAP_MB: '500' };
    const r = await s.call(['hello'], { env, timeout: 60000 });
    assert.equal(r.stdout.toString(), 'hello\n', r.stderr.toString());
    const r2 = await s.call(['gc'], { env, timeout: 60000 });
    assert.equal(r2.stdout.toString(), 'gc done\n');
    const { server } = await s.pids((a) => s.call(a, { env }));
    const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server}/status`, 'utf8'))[1]);
    assert.ok(rssKb > 500 * 1024, `server resident set ${rssKb} kB`);
  });
  test('1000 sequential calls that each run full collections: none hangs', { timeout: 600000 }, async () => {
    const s = service('n1000');
    for (let i = 0; i < 1000; i++) {
      const r = await s.callWith(C_CLIENT, ['-U'], ['gc'], { timeout: 20000 });
      assert.equal(r.stdout.toString(), 'gc done\n', `call ${i}: ${r.stderr}`);
    }
    assert.equal(s.inits(), 1);
  });
});

describe('the library, more', () => {
  test('without PREFORK_INTERP it resolves at once in the same process (plain run)', async () => {
    const s = service('nplain');
    const r = await run(process.execPath, [s.script, 'identity'], { cwd: s.dir });
    assert.equal(r.code, 0, r.stderr.toString());
    const j = JSON.parse(r.stdout.toString());
    assert.equal(j.preforked, false);
    assert.equal(j.pid, j.kernelPid);
  });
  test('process.pid and ppid are the call\'s own, and each call leads its own process group', async () => {
    const s = service('nident');
    for (let i = 0; i < 2; i++) {
      const j = JSON.parse((await s.call(['identity'])).stdout.toString());
      assert.equal(j.preforked, true);
      assert.equal(j.pid, j.kernelPid);
      assert.equal(j.ppid, j.kernelPpid);
      assert.equal(j.pgrp, j.pid);
      assert.equal(typeof j.serverPid, 'number');
      s.servers.add(j.serverPid);
    }
  });
  test('a crash (abort) in a call reaches its caller only: the server serves on', async () => {
    const s = service('ncrash');
    const a = await s.pids();
    const r = await s.call(['abort']);
    assert.equal(r.code, 127);
    assert.match(r.stderr.toString(), /invocation failed due to signal 6 Aborted/);
    const b = await s.pids();
    assert.equal(a.server, b.server);
  });
  test('an error during initialisation reaches the first caller\'s stderr; no server is left', async () => {
    const s = service('ninitfail');
    const r = await s.call(['hello'], { env: { ...process.env, INIT_THROWS: '1' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr.toString(), /init failed on purpose/);
    // (its processes may still be on their way out when the caller has its status)
    await waitFor('no process of the script to be left', () => processesMentioning(s.dir).length === 0);
  });
  test('a script that breaks the call set-up: one error line, status 127, no crash, the server keeps serving', async () => {
    const s = service('nfreeze');
    const env = { ...process.env, FREEZE_PID: '1' };
    const results = [];
    for (const client of [CLIENT, C_CLIENT, CLIENT]) results.push(await s.callWith(client, ['-U'], ['hello'], { env }));
    // No call can say its server's pid: the server is the one process of the script whose parent is not.
    const procs = processesMentioning(s.script);
    const server = procs.find((p) => !procs.includes(parentOf(p)));
    if (server) s.servers.add(server);
    for (const r of results) {
      assert.equal(r.code, 127, r.stderr.toString());
      assert.equal(r.stdout.length, 0);
      const lines = r.stderr.toString().replace('service: initialising\n', '');
      assert.equal(lines, 'prefork-interp (node): executor set-up failed: TypeError: Cannot redefine property: pid\n');
    }
    assert.equal(s.inits(), 1);
    assert.ok(server, 'the server is still running');
  });
  test('maxServers 1: calls beyond the limit wait, none is dropped', async () => {
    const s = service('nlimit');
    const env = { ...process.env, MAX_SERVERS: '1' };
    await s.call(['hello'], { env });
    const rs = await Promise.all(Array.from({ length: 4 }, () => s.call(['span', '200'], { env })));
    const spans = rs.map((r) => r.stdout.toString().trim().split(' ').map(Number)).sort((a, b) => a[0] - b[0]);
    assert.equal(spans.length, 4);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i][0] >= spans[i - 1][1], `calls overlap: ${JSON.stringify(spans)}`);
    await s.pids();
  });
  test('idleTimeout: the server quits after that long without calls', async () => {
    const s = service('nidle');
    const env = { ...process.env, IDLE_TIMEOUT: '1' };
    const a = await s.pids((x) => s.call(x, { env }));
    await waitFor('the idle server to quit', () => !isRunning(a.server), { timeout: 10000 });
    await waitFor('its spare and watcher to end', () => processesMentioning(s.dir).length === 0);
  });
  test('autoreloadAlsoCheck: touching an extra file makes a fresh server', async () => {
    const s = service('nextra');
    fs.writeFileSync(path.join(s.dir, 'extra.conf'), 'x');
    const a = await s.pids();
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(s.dir, 'extra.conf'), future, future);
    const b = await s.pids();
    assert.notEqual(a.server, b.server);
  });
});


describe('the zygote and its spares', () => {
  const identity = async (s) => JSON.parse((await s.call(['identity'])).stdout.toString());
  /** the processes of this service's script, by role: server, zygote, and the zygote's children */
  const roles = (s, server) => {
    const procs = processesMentioning(s.script);
    const zygote = procs.find((p) => parentOf(p) === server);
    return { zygote, spares: procs.filter((p) => zygote && parentOf(p) === zygote) };
  };

  test('warm calls are forked by one zygote, a child of the server that never serves itself', async () => {
    const s = service('nzyg');
    const { server } = await s.pids();
    // until its first spare (it rehearses first), calls are forked by the server
    await waitFor("the zygote's first spare", () => roles(s, server).spares.length > 0);
    const a = await identity(s);
    const b = await identity(s);
    s.servers.add(a.serverPid);
    assert.equal(a.ppid, b.ppid, 'the same parent for both calls');
    assert.notEqual(a.ppid, a.serverPid);
    assert.equal(parentOf(a.ppid), a.serverPid, "the calls' parent is the server's child");
    assert.equal(roles(s, a.serverPid).zygote, a.ppid);
  });
  test('the zygote killed: the server logs it and serves on, forking calls itself, statuses right', async () => {
    const s = service('nzygkill');
    const { server } = await s.pids();
    // forked once the first call has reported
    const zygote = await waitFor('a zygote', () => roles(s, server).zygote);
    process.kill(zygote, 'SIGKILL');
    const log = logPathFor(path.basename(listeningSocketPath(server)).slice(1));
    await waitFor('the server to see the zygote go', () => /"zygote gone/.test(fs.readFileSync(log, 'utf8')));
    for (let i = 0; i < 3; i++) {
      assert.equal((await s.call(['hello'])).stdout.toString(), 'hello\n');
      assert.equal((await s.call(['exit', '42'])).code, 42);
    }
    const j = await identity(s);
    assert.equal(j.ppid, server, 'now forked by the server');
    assert.equal(s.inits(), 1);
  });
  test('the zygote killed during a call: the call finishes, and its own status reaches the caller', async () => {
    const s = service('nzyglost');
    const { server } = await s.pids();
    await waitFor('a zygote', () => roles(s, server).zygote);
    const release = path.join(s.dir, 'release');
    const running = s.call(['wait-file', release, '7']);
    await waitFor('the call to start', () => fs.existsSync(`${release}.started`));
    process.kill(roles(s, server).zygote, 'SIGKILL');
    const log = logPathFor(path.basename(listeningSocketPath(server)).slice(1));
    await waitFor('the server to see the zygote go', () => /"zygote gone/.test(fs.readFileSync(log, 'utf8')));
    fs.writeFileSync(release, '');
    const r = await running;
    assert.equal(r.stdout.toString(), 'released\n');
    assert.equal(r.code, 7, `the call's own status (not 127: the server, its subreaper, reaps it): ${r.stderr}`);
    assert.equal((await s.call(['exit', '3'])).code, 3, 'the server serves on');
  });
  test("the zygote killed after it reported a call's end, before the server read it: the call's own status still reaches the caller", async () => {
    const s = service('nzygqueued');
    const { server } = await s.pids();
    const zygote = await waitFor('a zygote', () => roles(s, server).zygote);
    // (until its first spare, the server forks calls itself)
    await waitFor("the zygote's first spare", () => roles(s, server).spares.length > 0);
    const release = path.join(s.dir, 'release');
    const running = s.call(['wait-file', release, '7']);
    await waitFor('the call to start', () => fs.existsSync(`${release}.started`) && fs.readFileSync(`${release}.started`, 'utf8') !== '');
    const call = Number(fs.readFileSync(`${release}.started`, 'utf8'));
    assert.equal(parentOf(call), zygote, "a call of the zygote's");
    // the server reads nothing meanwhile: the zygote's report waits in its socket
    process.kill(server, 'SIGSTOP');
    try {
      fs.writeFileSync(release, '');
      await waitFor('the zygote to reap the call', () => !fs.existsSync(`/proc/${call}`));
      // and to wait again (poll or ppoll): its report is written
      await waitFor('the zygote to wait again', () => /^(7|271) /.test(fs.readFileSync(`/proc/${zygote}/syscall`, 'utf8')));
      process.kill(zygote, 'SIGKILL');
      await waitFor('the zygote to die', () => fs.readFileSync(`/proc/${zygote}/stat`, 'utf8').split(') ')[1][0] === 'Z');
    } finally {
      process.kill(server, 'SIGCONT');
    }
    const r = await running;
    assert.equal(r.code, 7, `the call's own status, read from the dead zygote's socket: ${r.stderr}`);
    assert.equal((await s.call(['exit', '3'])).code, 3, 'the server serves on');
  });
  test("a call's orphan becomes the server's child and is reaped when it ends: no zombie is left", async () => {
    const s = service('norphan');
    const { server } = await s.pids();
    const release = path.join(s.dir, 'release');
    const orphan = Number((await s.call(['orphan', release])).stdout.toString());
    assert.ok(orphan > 0);
    await waitFor('the orphan to be handed to the server', () => parentOf(orphan) === server);
    fs.writeFileSync(release, '');
    await waitFor('the orphan to be reaped', () => {
      try {
        fs.readFileSync(`/proc/${orphan}/stat`);
        return false; // running, or a zombie nobody reaped
      } catch {
        return true;
      }
    });
    assert.equal((await s.call(['exit', '4'])).code, 4, 'the server serves on');
  });
  test('autoreload while a call is under way: that call ends normally, then a fresh server serves', async () => {
    const s = service('ndrain');
    const a = await s.pids();
    const release = path.join(s.dir, 'release');
    const running = s.call(['wait-file', release]);
    await waitFor('the call to start', () => fs.existsSync(`${release}.started`));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(s.script, later, later);
    const b = await s.pids(); // this caller finds the old server quitting and starts a fresh one
    assert.notEqual(a.server, b.server);
    assert.ok(isRunning(a.server), 'the old server waits for its call');
    fs.writeFileSync(release, '');
    const r = await running;
    assert.equal(r.stdout.toString(), 'released\n');
    assert.equal(r.code, 0, r.stderr.toString());
    await waitFor('the old server to quit once its call ended', () => !isRunning(a.server));
    assert.equal(s.inits(), 2);
  });
  test('WebAssembly compiled asynchronously in the first call (forked by the server) and in a warm one (by the zygote)', async () => {
    const s = service('nwasm');
    const wasm = async (which) => {
      const r = await s.call(['wasm']);
      assert.equal(r.stdout.toString(), 'wasm 5 42\n', `${which}: ${r.stderr}`);
      assert.equal(r.code, 0);
    };
    await wasm('first');
    const { server } = await s.pids();
    await waitFor("the zygote's first spare", () => roles(s, server).spares.length > 0);
    await wasm('warm');
    const { ppid } = await identity(s);
    assert.notEqual(ppid, server, 'a warm call is the zygote\'s');
  });
  test('a call holds no socket but its stdio: not the first call\'s connection, not the zygote\'s or the server\'s', async () => {
    const s = service('nsocks');
    for (let i = 0; i < 3; i++) {
      const r = await s.call(['sockets']); // the first is forked by the server, the others by the zygote
      assert.equal(r.stdout.toString(), 'sockets: \n', `call ${i}`);
    }
    await s.pids();
  });
  test('spares map ahead the pages the first call used: the same work then takes far fewer page faults', async () => {
    const s = service('nfaults');
    const { server } = await s.pids(); // the first call runs in a child of the server
    // a spare of the zygote, with its mapping done: blocked in read(2) for its call
    const spareWaiting = (not) => () => {
      const [spare] = roles(s, server).spares;
      try {
        return spare !== undefined && spare !== not && fs.readFileSync(`/proc/${spare}/syscall`, 'utf8').startsWith('0 ') && spare;
      } catch {
        return false;
      }
    };
    const used = await waitFor('the zygote\'s first spare', spareWaiting());
    const first = await s.call(['faults']); // the zygote's first call: it teaches the spares after it
    await waitFor('a spare forked after it', spareWaiting(used));
    const later = await s.call(['faults']);
    const faults = (r) => Number(r.stdout.toString().trim().split('\n')[1]);
    assert.ok(faults(first) > 200, `the zygote's first call took ${faults(first)} faults`);
    assert.ok(faults(later) < faults(first) / 2, `${faults(later)} faults against ${faults(first)} for the zygote's first call`);
  });
  test('a spare killed while it waits: the next calls still run, from a new spare', async () => {
    const s = service('nsparekill');
    const { server } = await s.pids();
    await waitFor('a spare waiting', () => roles(s, server).spares.length === 1);
    const [spare] = roles(s, server).spares;
    process.kill(spare, 'SIGKILL');
    await waitFor('the spare gone', () => !isRunning(spare));
    for (let i = 0; i < 3; i++) assert.equal((await s.call(['exit', '7'])).code, 7);
    const j = await identity(s);
    assert.notEqual(j.pid, spare);
    assert.equal(s.inits(), 1);
  });
});
