// Benchmark (not a test): the client builds side by side, interleaved in one
// run so that machine drift hits all alike. For each build: its start-up
// (`--help`: no server involved), a warm call to a Perl and to a Node server
// (the same servers for every client), a cold call of a trivial Node script
// (no server: the client starts one; against a plain `node script`), and its
// size. Prints a Markdown table.
// Usage: npm run bench:warm [-- ROUNDS] ; PREFORK_INTERP_BENCH_EXTRA=name=/path/to/client adds a build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.argv[2] ?? 30);
const coldRounds = Math.max(5, Math.round(rounds / 3));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-bench-'));
const perl = path.join(dir, 'warm.pl');
fs.writeFileSync(perl, 'use Proc::Prefork::Interp;\nprefork_initialisation_complete();\n$SIG{INT}="IGNORE";\nexit 0;\n');
const nodeScript = path.join(dir, 'warm.mjs');
const coldScript = path.join(dir, 'cold.mjs');
for (const f of [nodeScript, coldScript]) fs.writeFileSync(f, `import { initialisationComplete } from '${path.join(root, 'dist/index.js')}';\nawait initialisationComplete();\n`);

const compiled = path.join(root, 'bin/prefork-interp');
const head = Buffer.alloc(4);
const headFd = fs.openSync(compiled, 'r');
fs.readSync(headFd, head, 0, 4, 0);
fs.closeSync(headFd);
const isElf = head.equals(Buffer.from('\x7fELF', 'latin1'));
const builds = {
  'C client (chiark-utils)': '/usr/bin/prefork-interp',
  ...(isElf ? { 'ours, compiled (bun)': compiled } : {}),
  'ours, run by Node': path.join(root, 'bin/prefork-interp-node'),
};
for (const extra of (process.env.PREFORK_INTERP_BENCH_EXTRA ?? '').split(',').filter(Boolean)) {
  const [name, file] = extra.split('=');
  builds[name] = file;
}

const time = (cmd, args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.status ?? r.signal}`);
  return ms;
};
const kill = (script, interp) => spawnSync(compiled, ['-U', '--kill', interp, script], { cwd: dir });

const rows = Object.fromEntries(Object.keys(builds).map((b) => [b, { start: [], perl: [], node: [], cold: [] }]));
const bare = { 'node -e 0': [], 'node -e 0 (no NODE_EXTRA_CA_CERTS)': [], 'plain node (cold script)': [] };
for (const [, client] of Object.entries(builds)) {
  spawnSync(client, ['-U', 'perl', perl], { cwd: dir }); // start the servers
  spawnSync(client, ['-U', 'node', nodeScript], { cwd: dir });
}
for (let i = 0; i < rounds; i++) {
  for (const [b, client] of Object.entries(builds)) {
    rows[b].start.push(time(client, ['--help']));
    rows[b].perl.push(time(client, ['-U', 'perl', perl]));
    rows[b].node.push(time(client, ['-U', 'node', nodeScript]));
  }
  bare['node -e 0'].push(time('node', ['-e', '0']));
  bare['node -e 0 (no NODE_EXTRA_CA_CERTS)'].push(time('env', ['-u', 'NODE_EXTRA_CA_CERTS', 'node', '-e', '0']));
}
for (let i = 0; i < coldRounds; i++) {
  bare['plain node (cold script)'].push(time('node', [coldScript]));
  for (const [b, client] of Object.entries(builds)) {
    kill(coldScript, 'node');
    rows[b].cold.push(time(client, ['-U', 'node', coldScript]));
  }
}
kill(coldScript, 'node');
kill(perl, 'perl');
kill(nodeScript, 'node');

const c = rows['C client (chiark-utils)'];
const plain = median(bare['plain node (cold script)']);
const f = (v) => `${v.toFixed(1)} ms`;
const ratio = (v, base) => `${(v / base).toFixed(2)}x`;
console.log(`${rounds} rounds (cold: ${coldRounds}), interleaved, ${new Date().toISOString()}, ${os.cpus().length} cpus, node ${process.version}; medians`);
console.log('\n| client build | start-up (`--help`) | warm call, Perl server | warm call, Node server | cold call, trivial Node script | size |');
console.log('|---|---|---|---|---|---|');
for (const [b, r] of Object.entries(rows)) {
  const [s, p, n, cold] = [r.start, r.perl, r.node, r.cold].map(median);
  const size = fs.statSync(builds[b]).size;
  const sizeText = size > 1e6 ? `${(size / 1e6).toFixed(0)} MB` : `${(size / 1e3).toFixed(0)} kB`;
  console.log(`| ${b} | ${f(s)} | ${f(p)} (${ratio(p, median(c.perl))} C) | ${f(n)} (${ratio(n, median(c.node))} C) | ${f(cold)} (${ratio(cold, plain)} plain) | ${sizeText} |`);
}
for (const [name, t] of Object.entries(bare)) console.log(`| ${name} | ${f(median(t))} | | | | |`);
fs.rmSync(dir, { recursive: true, force: true });
