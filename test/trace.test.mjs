// A trace of real calls, drawn as one picture per call, rendered by headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NodeService } from './helpers/node-service.mjs';
import { CLIENT, ROOT, run } from './helpers/procs.mjs';

const s = new NodeService('ntrace');
after(() => s.stop());
const traceFile = path.join(s.dir, 'trace.jsonl');
const env = { ...process.env, PREFORK_INTERP_TRACE: traceFile };
const TRACE = path.join(ROOT, 'bin/prefork-interp-trace');
const coldPicture = path.join(s.dir, 'cold.html');
// What every test below looks at: two traced calls, listed, and the cold one drawn.
let cold, warm, calls, drawn;
before(async () => {
  cold = await s.callWith(CLIENT, ['-U'], ['hello'], { env });
  warm = await s.callWith(CLIENT, ['-U'], ['exit', '3'], { env });
  const list = await run(TRACE, [traceFile, '--list']);
  calls = list.stdout.toString().trim().split('\n').map((l) => l.split('\t'));
  drawn = await run(TRACE, [traceFile, '--call', calls[0][0], '-o', coldPicture]);
});

test('a cold and a warm call leave trace records from every process', async () => {
  assert.equal(cold.code, 0, cold.stderr.toString());
  assert.equal(warm.code, 3);
  assert.equal(calls.length, 2);
  assert.equal(calls[0][2], 'exit status 0');
  assert.equal(calls[1][2], 'exit status 3');
  const roles = new Set(fs.readFileSync(traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).role));
  assert.deepEqual([...roles].sort(), ['client', 'executor', 'monitor', 'server', 'setup', 'watcher']);
});

function lanes(html) {
  return [...html.matchAll(/<g class="lane" data-role="([a-z]+)">/g)].map((m) => m[1]);
}

test('the cold call\'s picture has every lane, the messages and the final status', async () => {
  assert.equal(drawn.code, 0, drawn.stderr.toString());
  const html = fs.readFileSync(coldPicture, 'utf8');
  assert.deepEqual(lanes(html), ['client', 'watcher', 'setup', 'server', 'monitor', 'executor']);
  for (const m of ['greeting', 'fds 0,1,2 (SCM_RIGHTS)', 'env + argv', 'wait status (4 bytes)', 'spawn setup']) assert.ok(html.includes(m), m);
  assert.match(html, /Final: exit status 0/);
});

test('the warm call\'s picture: client, server, monitor, executor, exit status 3', async () => {
  const r = await run(TRACE, [traceFile]);
  const html = r.stdout.toString();
  assert.deepEqual(lanes(html), ['client', 'server', 'monitor', 'executor']);
  assert.match(html, /Final: exit status 3/);
  assert.match(html, /exit 3/);
});

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--hide-scrollbars',
];

test('the picture renders in headless Chromium (DOM and screenshot)', async () => {
  const out = coldPicture;
  const profile = path.join(s.dir, 'chromium-profile');
  const dom = await run('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--dump-dom', `file://${out}`], { timeout: 60000 });
  assert.equal(dom.code, 0, dom.stderr.toString().slice(-500));
  const rendered = dom.stdout.toString();
  assert.equal(lanes(rendered).length, 6);
  assert.ok((rendered.match(/class="step"/g) ?? []).length > 20);
  const png = path.join(s.dir, 'cold.png');
  const shot = await run('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--window-size=1400,1000', `--screenshot=${png}`, `file://${out}`], { timeout: 60000 });
  assert.equal(shot.code, 0);
  const b = fs.readFileSync(png);
  assert.equal(b.subarray(1, 4).toString(), 'PNG');
  assert.equal(b.readUInt32BE(16), 1400);
  assert.equal(b.readUInt32BE(20), 1000);
  assert.ok(b.length > 30000, `a screenshot with content (${b.length} bytes)`);
});
