// npm run bench: every pairing that exists, side by side and interleaved
// (each round runs every pairing once, so machine drift hits all alike):
//   C client + Perl, C client + Node, our client + Perl, our client + Node,
//   plain perl, plain node, bare `node -e 0`;
// for a trivial initialisation and for one that costs about 1 s of CPU;
// cold first call, warm call (the 10 after it), warm call of a server past
// 300 calls, N calls in a loop, 8 concurrent callers; and
// the peak memory of the server and of one call. Prints a table and writes
// bench/results/latest.{json,md,svg}, and the README's performance block.
// Every figure is the wall time of whole processes; none is typed in. A plain run
// with the 1 s initialisation is looped 10 times and scaled to BENCH_LOOP unless
// BENCH_FULL_LOOP=1 (the table says so).
//
// Environment: BENCH_ROUNDS (default 5), BENCH_WARM (warm calls a round, 10),
// BENCH_STEADY_AFTER (300),
// BENCH_LOOP (calls in the loop, 100), BENCH_QUICK=1 (skip the 1 s init).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartSvg } from './chart.mjs';
import { fmt, median } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const OURS = path.join(root, 'bin/prefork-interp');
const C = '/usr/bin/prefork-interp';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM = Number(process.env.BENCH_WARM ?? 10);
const LOOP = Number(process.env.BENCH_LOOP ?? 100);
const CONC = 8;
const STEADY_AFTER = Number(process.env.BENCH_STEADY_AFTER ?? 300);
const STEADY_CALLS = 20;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-bench-'));

// The scripts: the same work in Perl and in Node. INIT_SECONDS of busy CPU
// stands for imports and configuration; the per-call part does almost nothing.
function perlScript(initSeconds) {
  return `use strict;
use Proc::Prefork::Interp;
my @t = times; my $t0 = $t[0] + $t[1]; my $n = 0;
while (1) { for (1 .. 10000) { $n++ } @t = times; last if $t[0] + $t[1] - $t0 >= ${initSeconds}; }   # CPU seconds, not wall: 8 at once on 2 cores take 4 s
prefork_initialisation_complete();
$SIG{INT} = 'IGNORE';   # the reference monitor's early SIGINT (reference-behaviour.md)
if (grep { $_ eq 'mem' } @ARGV) {
  open my $s, '<', '/proc/self/status'; my ($hwm) = join('', <$s>) =~ /VmHWM:\\s+(\\d+)/;
  my $server = 0;
  if (open my $m, '<', '/proc/' . getppid() . '/stat') { (my $x = <$m>) =~ /\\) \\S+ (\\d+)/; $server = $1; }
  print "$hwm $server\\n";
}
exit 0;
`;
}

function nodeScript(initSeconds) {
  return `import { initialisationComplete } from '${path.join(root, 'dist/index.js')}';
import fs from 'node:fs';
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const t0 = cpu(); let n = 0;
while (cpu() - t0 < ${initSeconds * 1e6}) for (let i = 0; i < 100000; i++) n++;   // CPU seconds, not wall
const call = await initialisationComplete();
if (process.argv.includes('mem')) {
  const hwm = /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
  console.log(hwm + ' ' + (call.serverPid ?? process.ppid));
}
`;
}

const inits = process.env.BENCH_QUICK ? [['trivial', 0]] : [['trivial', 0], ['1 s init', 1]];
const scripts = {};
for (const [name, secs] of inits) {
  const base = name === 'trivial' ? 'trivial' : 'slow';
  const pl = path.join(dir, `${base}.pl`);
  const mjs = path.join(dir, `${base}.mjs`);
  fs.writeFileSync(pl, perlScript(secs));
  fs.writeFileSync(mjs, nodeScript(secs));
  scripts[name] = { pl, mjs };
}

function pairings(init) {
  const { pl, mjs } = scripts[init];
  return [
    { name: 'C client + Perl', cmd: C, args: ['-U', 'perl', pl], prefork: true },
    { name: 'C client + Node', cmd: C, args: ['-U', 'node', mjs], prefork: true },
    { name: 'our client + Perl', cmd: OURS, args: ['-U', 'perl', pl], prefork: true },
    { name: 'our client + Node', cmd: OURS, args: ['-U', 'node', mjs], prefork: true },
    { name: 'plain perl', cmd: 'perl', args: [pl], prefork: false },
    { name: 'plain node', cmd: 'node', args: [mjs], prefork: false },
    { name: 'bare node -e 0', cmd: 'node', args: ['-e', '0'], prefork: false, bare: true },
  ];
}

function runOnce(cmd, args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', capture ? 'pipe' : 'ignore', 'ignore'] });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')}: ${code ?? signal}`));
      else resolve({ ms, out });
    });
  });
}

async function kill(p) {
  if (!p.prefork) return;
  // Both clients share run directory and ident: one --kill removes the server whoever started it.
  await runOnce(p.cmd, ['-U', '--kill', ...p.args.slice(1)]);
}

const results = {}; // results[init][pairing][metric] = number[]
const memory = {}; // memory[init][pairing] = { server, call } in kB
const add = (init, name, metric, v) => {
  results[init] ??= {};
  results[init][name] ??= {};
  (results[init][name][metric] ??= []).push(v);
};

const started = Date.now();
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [init] of inits) {
      for (const p of pairings(init)) {
        // cold: no server (for the prefork pairings); for plain runs, every run is cold
        await kill(p);
        add(init, p.name, 'cold', (await runOnce(p.cmd, p.args)).ms);
        for (let i = 0; i < WARM; i++) add(init, p.name, 'warm', (await runOnce(p.cmd, p.args)).ms);
        if (round === 1) {
          // a loop of LOOP calls, and 8 callers at once: whole wall times
          const slowPlain = !p.prefork && !p.bare && init !== 'trivial';
          const n = slowPlain && !process.env.BENCH_FULL_LOOP ? Math.min(LOOP, 10) : LOOP;
          const t0 = process.hrtime.bigint();
          for (let i = 0; i < n; i++) await runOnce(p.cmd, p.args);
          const loopMs = Number(process.hrtime.bigint() - t0) / 1e6;
          // a plain run with a 1 s init is timed over 10 runs and scaled to LOOP (said in the table)
          add(init, p.name, 'loop', (loopMs * LOOP) / n);
          if (slowPlain) results[init][p.name].loopScaledFrom = n;
          const c0 = process.hrtime.bigint();
          await Promise.all(Array.from({ length: CONC }, () => runOnce(p.cmd, p.args)));
          add(init, p.name, 'concurrent', Number(process.hrtime.bigint() - c0) / 1e6);
          if (!p.bare) {
            const { out } = await runOnce(p.cmd, [...p.args, 'mem'], { capture: true });
            const [callKb, server] = out.trim().split(' ').map(Number);
            let serverKb = null;
            if (p.prefork) {
              // each script names its server (the Perl one: its monitor's parent)
              try {
                serverKb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server}/status`, 'utf8'))[1]);
              } catch {
                serverKb = null;
              }
            }
            memory[init] ??= {};
            memory[init][p.name] = { call: callKb, server: serverKb };
          }
          if (p.prefork) {
            // A server some way into its life: the calls so far above, topped up to STEADY_AFTER.
            const served = 1 + WARM + LOOP + CONC + 1; // cold, warm, loop, concurrent, mem
            for (let i = served; i < STEADY_AFTER; i++) await runOnce(p.cmd, p.args);
            for (let i = 0; i < STEADY_CALLS; i++) add(init, p.name, 'steady', (await runOnce(p.cmd, p.args)).ms);
          }
        }
      }
    }
    process.stderr.write(`round ${round}/${ROUNDS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
} finally {
  // One --kill per script stops its server, whichever client started it; then the scripts go.
  for (const [init] of inits) for (const p of pairings(init).filter((q) => q.prefork && q.cmd === C)) await kill(p).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}

const METRICS = [
  ['cold', 'cold first call'],
  ['warm', 'warm call'],
  ['steady', `warm call, server past ${STEADY_AFTER} calls`],
  ['loop', `${LOOP} calls in a loop`],
  ['concurrent', `${CONC} concurrent callers`],
];

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}, Node ${process.version}`;
let md = `Measured ${when} UTC on ${machine}; ${ROUNDS} rounds (warm: ${WARM} calls a round), interleaved. ` +
  `Medians, with min-max; ratios against the plain run of the same script and against the C client + Perl pair.` +
  `${process.env.NODE_EXTRA_CA_CERTS ? ' NODE_EXTRA_CA_CERTS was set (every Node start parses a CA bundle; our client skips it).' : ''}\n`;
const summary = {};
for (const [init] of inits) {
  md += `\n**${init}**\n\n| pairing | ${METRICS.map(([, l]) => l).join(' | ')} | peak memory: server / call |\n|---|${METRICS.map(() => '---|').join('')}---|\n`;
  summary[init] = {};
  for (const p of pairings(init)) {
    const r = results[init][p.name];
    const plainName = p.name.includes('Perl') || p.name === 'plain perl' ? 'plain perl' : 'plain node';
    const cells = METRICS.map(([m]) => {
      if (!r[m]) return '-';
      const v = median(r[m]);
      summary[init][p.name] ??= {};
      summary[init][p.name][m] = v;
      // a plain run has no server to age: its steady state is its warm run
      const plain = median(results[init][plainName][m] ?? results[init][plainName].warm);
      const cp = median(results[init]['C client + Perl'][m]);
      const range = r[m].length > 1 ? ` (${fmt(Math.min(...r[m]))}-${fmt(Math.max(...r[m]))})` : '';
      const scaled = m === 'loop' && r.loopScaledFrom ? ` [${r.loopScaledFrom} runs, scaled]` : '';
      const ratios = p.bare ? '' : ` · ${(v / plain).toFixed(2)}x plain · ${(v / cp).toFixed(2)}x C+Perl`;
      return `${fmt(v)}${range}${scaled}${ratios}`;
    });
    const mem = memory[init]?.[p.name];
    const memCell = mem ? `${mem.server ? `${(mem.server / 1024).toFixed(0)} MB` : '-'} / ${(mem.call / 1024).toFixed(0)} MB` : '-';
    md += `| ${p.name} | ${cells.join(' | ')} | ${memCell} |\n`;
  }
}
process.stdout.write(md);
const outDir = path.join(root, 'bench/results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify({ when, machine, rounds: ROUNDS, warm: WARM, loop: LOOP, results, memory }, null, 1));
fs.writeFileSync(path.join(outDir, 'latest.md'), md);
fs.writeFileSync(path.join(outDir, 'latest.svg'), chartSvg(summary, METRICS, { title: `prefork-interp: median wall times, ${when} UTC`, subtitle: machine }));

// The README's performance block is this run's table and chart.
const readme = path.join(root, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- bench:start -->';
const end = '<!-- bench:end -->';
if (text.includes(start) && text.includes(end)) {
  const block = `${start}\n![benchmark chart](bench/results/latest.svg)\n\n${md}${end}`;
  fs.writeFileSync(readme, text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length));
}
process.stderr.write(`wrote bench/results/latest.{json,md,svg} and the README block (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
