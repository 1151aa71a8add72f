// Garbage from a peer ends that call with a logged error; the Node server keeps serving.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { NodeService } from './helpers/node-service.mjs';
import { CLIENT, socketPathFor, logPathFor, isRunning, waitFor } from './helpers/procs.mjs';
import { native, POLLIN } from './helpers/native.mjs';

const s = new NodeService('nbad');
const ident = `pfinbad${process.pid}`;
after(() => s.stop());
const call = (args) => s.callWith(CLIENT, ['-U', '-g', ident], args);
const sock = () => socketPathFor(ident);
const logFile = () => logPathFor(ident);

/** A blocking read that fails the test instead of hanging it when the server says nothing. */
function readWithin(fd, buf, ms = 5000) {
  const [revents] = native.poll([fd], [POLLIN], ms);
  if (!revents) assert.fail(`nothing from the server within ${ms} ms`);
  return fs.readSync(fd, buf);
}

function connectAndGreet() {
  const fd = native.socketUnix();
  native.connectUnix(fd, sock());
  // "PFI\n", the extra data's length (host byte order, as the C client reads it), then the
  // extra data: the offer of signal relaying and the server's figures (for --list)
  const g = Buffer.alloc(8);
  assert.equal(readWithin(fd, g), 8);
  assert.equal(g.subarray(0, 4).toString('latin1'), 'PFI\n');
  const extra = Buffer.alloc(os.endianness() === 'LE' ? g.readUInt32LE(4) : g.readUInt32BE(4));
  assert.equal(readWithin(fd, extra), extra.length);
  assert.match(extra.toString('latin1'), /^signals\nserver \d+\nstarted \d+\nserved \d+\nunder-way \d+\nrss \d+\n$/);
  return fd;
}

function len(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Waits until the server closes the connection (it rejected the call). */
function expectClosed(fd) {
  const b = Buffer.alloc(16);
  while (readWithin(fd, b) > 0);
  fs.closeSync(fd);
}

/** What a good caller sends first: the signalling byte, then fds 0, 1, 2. */
function sendStdio(fd) {
  fs.writeSync(fd, Buffer.from([0]));
  for (const f of [0, 1, 2]) native.sendFd(fd, f, 0);
}

const cases = {
  'wrong signalling byte': (fd) => fs.writeSync(fd, Buffer.from([7])),
  'fewer than three fds': (fd) => {
    fs.writeSync(fd, Buffer.from([0]));
    native.sendFd(fd, 0, 0);
    native.sendFd(fd, 1, 0);
    fs.writeSync(fd, Buffer.from([0])); // a byte with no fd where the third should be
  },
  'a length past the data': (fd) => {
    sendStdio(fd);
    fs.writeSync(fd, Buffer.concat([len(100), Buffer.from('A=b\0\0node\0')]));
    fs.closeSync(fd);
    return 'closed';
  },
  'a message without its empty separator': (fd) => {
    sendStdio(fd);
    const body = Buffer.from('A=b\0node\0');
    fs.writeSync(fd, Buffer.concat([len(body.length), body]));
  },
  'a message without its final NUL': (fd) => {
    sendStdio(fd);
    const body = Buffer.from('A=b\0\0node');
    fs.writeSync(fd, Buffer.concat([len(body.length), body]));
  },
  'a huge length': (fd) => {
    sendStdio(fd);
    fs.writeSync(fd, len(0xffffffff));
  },
};

test('setup: a server to abuse', async () => {
  const r = await call(['hello']);
  assert.equal(r.stdout.toString(), 'hello\n', r.stderr.toString());
});

for (const [name, send] of Object.entries(cases)) {
  test(`${name}: that call ends, the error is logged, the server serves on`, async () => {
    const before = await s.pids((a) => call(a));
    const lines = fs.readFileSync(logFile(), 'utf8').split('\n').length;
    const fd = connectAndGreet();
    const closed = send(fd);
    if (closed !== 'closed') expectClosed(fd);
    await waitFor('the rejection in the server log', () =>
      fs.readFileSync(logFile(), 'utf8').split('\n').slice(lines - 1).some((l) => /"call (rejected|abandoned)"/.test(l)),
    );
    const after = await s.pids((a) => call(a));
    assert.equal(after.server, before.server);
    assert.ok(isRunning(before.server));
  });
}
