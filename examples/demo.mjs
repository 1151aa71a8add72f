// The demo: one slow-starting Perl script, run plainly and then through our
// client several times; prints cold and warm wall times.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const client = path.join(root, 'bin/prefork-interp');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-demo-'));
const script = path.join(dir, 'slow-start.pl');
// The #! line names this checkout's client, as a user's script would name /usr/bin/prefork-interp.
fs.writeFileSync(script, fs.readFileSync(path.join(root, 'examples/slow-start.pl'), 'utf8').replace(/^#!.*\n/, `#!${client} -U,perl\n`));
fs.chmodSync(script, 0o755);

function timed(label, cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status ?? r.signal}): ${r.stderr}`);
  console.log(`${label.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms   ${r.stdout.trim()}`);
  return ms;
}

function demo(title, script, plainCmd) {
  console.log(`\n== ${title}\nscript: ${script}\n#! line: ${fs.readFileSync(script, 'utf8').split('\n')[0]}\n`);
  const plain = timed(`plain ${plainCmd} (no prefork)`, plainCmd, [script, '7']);
  const cold = timed('call 1 (cold: starts server)', script, ['7']);
  const warm = [];
  for (let i = 2; i <= 6; i++) warm.push(timed(`call ${i} (warm)`, script, [String(i * 11)]));
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)];
  console.log(`\nplain run ${plain.toFixed(0)} ms, cold call ${cold.toFixed(0)} ms, warm call median ${median.toFixed(1)} ms` +
    ` (${(plain / median).toFixed(1)}x faster than a plain run)`);
  spawnSync(client, ['-U', '--kill', plainCmd, script], { cwd: dir });
  console.log('server stopped (prefork-interp --kill).');
}

demo('Perl script (Proc::Prefork::Interp from Debian)', script, 'perl');

// The Node script imports this checkout's library; a user's would import 'prefork-interp'.
const nodeScript = path.join(dir, 'slow-start.mjs');
fs.writeFileSync(
  nodeScript,
  fs.readFileSync(path.join(root, 'examples/slow-start.mjs'), 'utf8')
    .replace(/^#!.*\n/, `#!${client} -U,node\n`)
    .replace("from 'prefork-interp'", `from '${path.join(root, 'dist/index.js')}'`),
);
fs.chmodSync(nodeScript, 0o755);
demo('Node script (this project\'s library: fork per call)', nodeScript, 'node');
