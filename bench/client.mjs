// Benchmark (not a test): median wall time of a warm call through our
// client and through the C client, and of bare `node -e 0` with and without
// NODE_EXTRA_CA_CERTS (which npm run bench does not vary), measured
// interleaved in one run so that machine drift hits all alike.
// Usage: npm run bench:warm [-- ROUNDS]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ours = path.join(root, 'bin/prefork-interp');
const oursNode = path.join(root, 'bin/prefork-interp-node');
const rounds = Number(process.argv[2] ?? 30);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-bench-'));
const perl = path.join(dir, 'warm.pl');
fs.writeFileSync(perl, 'use Proc::Prefork::Interp;\nprefork_initialisation_complete();\n$SIG{INT}="IGNORE";\nexit 0;\n');
const nodeScript = path.join(dir, 'warm.mjs');
fs.writeFileSync(nodeScript, `import { initialisationComplete } from '${path.join(root, 'dist/index.js')}';\nawait initialisationComplete();\n`);

const cases = {
  'bare node -e 0': ['node', ['-e', '0']],
  'bare node -e 0 (no NODE_EXTRA_CA_CERTS)': ['env', ['-u', 'NODE_EXTRA_CA_CERTS', 'node', '-e', '0']],
  'our client + Perl (warm)': [ours, ['-U', 'perl', perl]],
  'our Node-run client + Perl (warm)': [oursNode, ['-U', 'perl', perl]],
  'C client + Perl (warm)': ['/usr/bin/prefork-interp', ['-U', 'perl', perl]],
  'our client + Node (warm)': [ours, ['-U', 'node', nodeScript]],
  'our Node-run client + Node (warm)': [oursNode, ['-U', 'node', nodeScript]],
  'C client + Node (warm)': ['/usr/bin/prefork-interp', ['-U', 'node', nodeScript]],
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const [, [cmd, args]] of Object.entries(cases)) spawnSync(cmd, args, { cwd: dir }); // start servers
for (let i = 0; i < rounds; i++) {
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: dir, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${name} failed: ${r.status ?? r.signal}`);
    times[name].push(ms);
  }
}
const base = median(times['bare node -e 0']);
console.log(`${rounds} rounds, interleaved, ${new Date().toISOString()}, ${os.cpus().length} cpus, node ${process.version}`);
console.log(`${'case'.padEnd(44)} ${'median ms'.padStart(10)} ${'min-max'.padStart(14)} ${'x node -e 0'.padStart(12)}`);
for (const [name, t] of Object.entries(times)) {
  const m = median(t);
  console.log(`${name.padEnd(44)} ${m.toFixed(1).padStart(10)} ${`${Math.min(...t).toFixed(0)}-${Math.max(...t).toFixed(0)}`.padStart(14)} ${(m / base).toFixed(2).padStart(12)}`);
}
// One --kill per script stops its server, whichever client started it.
for (const s of [perl, nodeScript]) spawnSync(ours, ['-U', '--kill', s.endsWith('.pl') ? 'perl' : 'node', s], { cwd: dir });
fs.rmSync(dir, { recursive: true, force: true });
