#!/usr/bin/env node
// Node's own tests (a vendored subset of v20.11.1's test/parallel), each run
// plainly and as a preforked call, cold and warm, through our client and the
// C client: a preforked run passes when it exits 0 with the same stdout and
// stderr as the plain run. Prints the counts; exits 1 if a test that passes
// plainly fails preforked and is not among the known differences
// (known-differences.json, each also named in the README).
//
//   node test/node-core/run.mjs [--sample N] [--only NAME,NAME...] [--json FILE] [--verbose]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT, C_CLIENT, processesMentioning, stopServers } from '../helpers/procs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tests = path.join(here, 'vendor', 'parallel');
const wrapper = path.join(here, 'call.cjs');
const known = JSON.parse(fs.readFileSync(path.join(here, 'known-differences.json'), 'utf8'));
const TIMEOUT_MS = 30000;

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
let names = fs.readdirSync(tests).filter((n) => /\.(m?js)$/.test(n)).sort();
if (opt('--only')) names = names.filter((n) => opt('--only').split(',').some((part) => n.includes(part)));
if (opt('--sample')) {
  const every = Math.max(1, Math.floor(names.length / Number(opt('--sample'))));
  names = names.filter((_, i) => i % every === 0).slice(0, Number(opt('--sample')));
}

// Each run its own scratch directory for the test's tmpdir (common/tmpdir.js).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-node-core-'));

/** Runs a command to its end, or kills its group after the bound: a hang counts as a failure. */
function run(cmd, argv) {
  return new Promise((resolve) => {
    const testDir = fs.mkdtempSync(path.join(scratch, 't-'));
    const child = spawn(cmd, argv, {
      cwd: tests,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_TEST_DIR: testDir },
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      fs.rmSync(testDir, { recursive: true, force: true });
      resolve({ code, signal, hung, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

const plainOk = (r) => r.code === 0 && !r.hung;
// What differs between any two runs: the pid in Node's warnings, the test runner's timings.
const normal = (text) => text.replace(/\((node):\d+\)/g, '($1:PID)').replace(/duration_ms: [\d.]+/g, 'duration_ms: N');
const sameOutput = (a, b) => normal(a.stdout) === normal(b.stdout) && normal(a.stderr) === normal(b.stderr);
/**
 * Why a preforked run differs from the plain ones ('' when it passes). Some
 * tests print different things from run to run: on a difference the plain
 * run is repeated (up to twice); output equal to any plain run's passes, and
 * where the plain runs disagree among themselves only the status counts.
 */
async function difference(r, name, plains) {
  if (r.hung) return 'hung';
  if (r.code !== 0) return `status ${r.code ?? r.signal}`;
  while (!plains.some((p) => sameOutput(p, r)) && plains.length < 3) plains.push(await run(process.execPath, [wrapper, name]));
  if (plains.some((p) => sameOutput(p, r))) return '';
  if (plains.some((p) => !sameOutput(p, plains[0]))) {
    nondeterministic.add(name);
    return '';
  }
  return normal(r.stdout) !== normal(plains[0].stdout) ? 'stdout differs' : 'stderr differs';
}
const nondeterministic = new Set();

const CLIENTS = [
  ['our client', CLIENT],
  ['the C client', C_CLIENT],
];
const counts = { selected: names.length, plain: 0 };
for (const [label] of CLIENTS) for (const round of ['cold', 'warm']) counts[`${label} ${round}`] = 0;
const failures = [];
const unexpected = [];
for (const name of names) {
  const plain = await run(process.execPath, [wrapper, name]);
  const plains = [plain];
  if (plainOk(plain)) counts.plain++;
  const line = [name, plainOk(plain) ? 'plain ok' : `plain ${plain.hung ? 'hung' : `status ${plain.code ?? plain.signal}`}`];
  for (const [label, client] of CLIENTS) {
    await run(CLIENT, ['-U', '--kill', 'node', wrapper]);
    for (const round of ['cold', 'warm']) {
      const r = await run(client, ['-U', 'node', wrapper, name]);
      const why = await difference(r, name, plains);
      if (!why) counts[`${label} ${round}`]++;
      else if (plainOk(plain)) {
        failures.push({ name, client: label, round, why, stderr: r.stderr.slice(0, 2000) });
        if (!known[name]) unexpected.push(`${name} (${label}, ${round}): ${why}`);
      }
      line.push(`${label} ${round}: ${why || 'ok'}`);
    }
  }
  if (args.includes('--verbose')) console.log(line.join(' | '));
}

// Stop the servers by pid (the wrapper's, whichever client started them).
await stopServers(processesMentioning(wrapper));
fs.rmSync(scratch, { recursive: true, force: true });

console.log(`Node's own tests (v20.11.1 test/parallel subset), plain against preforked:`);
for (const [k, v] of Object.entries(counts)) console.log(`  ${k}: ${v}`);
if (nondeterministic.size) console.log(`  output that differs between plain runs too (status compared only): ${[...nondeterministic].join(' ')}`);
for (const f of failures) console.log(`  differs: ${f.name} (${f.client}, ${f.round}): ${f.why}${known[f.name] ? ` [known: ${known[f.name]}]` : ''}`);
if (opt('--json')) fs.writeFileSync(opt('--json'), JSON.stringify({ counts, failures }, null, 2));
const passedPreforked = Object.entries(counts)
  .filter(([k]) => k.includes('client'))
  .reduce((a, [, v]) => a + v, 0);
console.log(`${passedPreforked} passed, ${unexpected.length} failed`);
if (unexpected.length) {
  console.log('not known differences:');
  for (const u of unexpected) console.log(`  ${u}`);
  process.exitCode = 1;
}
// Nothing passing plainly compares nothing: the wrapper (or the library it imports) is broken.
if (names.length > 0 && counts.plain === 0) {
  console.log('no test passed plainly: nothing was compared');
  process.exitCode = 1;
}
