// Records a traced cold and warm call of a small Node script through our
// client, and draws them: diagrams/example-call-{cold,warm}.{html,png}
// (the PNGs by headless Chromium). Run: node scripts/example-trace.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const client = path.join(root, 'bin/prefork-interp');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-example-'));
const script = path.join(dir, 'hello.mjs');
fs.writeFileSync(script, `#!${client} -U,node
import { initialisationComplete } from '${path.join(root, 'dist/index.js')}';
const call = await initialisationComplete();
console.log('hello', process.argv.slice(2).join(' '));
process.exitCode = Number(process.argv[2] ?? 0);
`);
fs.chmodSync(script, 0o755);
const trace = path.join(dir, 'trace.jsonl');
const env = { ...process.env, PREFORK_INTERP_TRACE: trace };
for (const code of ['0', '3']) spawnSync(script, [code], { cwd: dir, env, stdio: 'inherit' });
spawnSync(client, ['-U', '--kill', 'node', script], { cwd: dir });
const tool = path.join(root, 'bin/prefork-interp-trace');
const calls = spawnSync(tool, [trace, '--list']).stdout.toString().trim().split('\n').map((l) => l.split('\t')[0]);
for (const [name, call] of [['cold', calls[0]], ['warm', calls[1]]]) {
  const html = path.join(root, 'diagrams', `example-call-${name}.html`);
  spawnSync(tool, [trace, '--call', call, '-o', html]);
  const png = html.replace(/\.html$/, '.png');
  const r = spawnSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'chromium')}`,
    `--window-size=1400,${name === 'cold' ? 1150 : 800}`, `--screenshot=${png}`, `file://${html}`,
  ]);
  console.log(`${name}: ${html} ${r.status === 0 ? `and ${png}` : '(no screenshot: chromium failed)'}`);
}
fs.rmSync(dir, { recursive: true, force: true });
