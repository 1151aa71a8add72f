#!/usr/bin/env node
// Re-extracts the subset of Node's own tests that test/node-core runs, from
// a git copy of Node's test/ directory (github.com/denoland/node_test keeps
// one; commit be779569 is Node v20.11.1's), into test/node-core/vendor/:
// LICENSE, common/ and the chosen parallel/ tests. Node's tests are MIT
// licensed (vendor/LICENSE).
//
//   node scripts/extract-node-tests.mjs <git dir of node_test> [commit]
//
// Chosen: what a script's run touches (process, stdio and tty, readline,
// console, timers, child_process, worker_threads, fs, streams, zlib, crypto,
// http on 127.0.0.1, nextTick, promises, signals, events), in name order, at
// most a few per area, leaving out tests that need what a call cannot be
// given: Node flags (// Flags:), internals, the inspector, fixtures, the
// network beyond loopback, or a build of Node's own (addons, cctest).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [gitDir, commit = 'be779569'] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: extract-node-tests.mjs <git dir of node_test> [commit]');
  process.exit(2);
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'node-core', 'vendor');
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 << 20 });
const show = (p) => git('show', `${commit}:${p}`);
const list = (dir) => git('ls-tree', '-r', '--name-only', commit, `${dir}/`).toString().split('\n').filter(Boolean);

/** name prefix -> how many */
export const AREAS = [
  ['test-process-', 40],
  ['test-stdio', 5],
  ['test-stdout', 6],
  ['test-stdin', 8],
  ['test-tty', 4],
  ['test-readline', 14],
  ['test-console', 14],
  ['test-timers', 30],
  ['test-child-process', 30],
  ['test-worker', 30],
  ['test-fs-', 30],
  ['test-stream', 30],
  ['test-zlib', 14],
  ['test-crypto', 14],
  ['test-http-', 20],
  ['test-next-tick', 6],
  ['test-promise', 10],
  ['test-unhandled', 2],
  ['test-signal', 4],
  ['test-event', 10],
];

const UNSUITABLE = [
  /\/\/ Flags:/,
  /require\(['"]internal\//,
  /expose[-_]internals/,
  /inspector/,
  /fixtures/,
  /common\.(hasIPv6|skipIfInspectorDisabled|requireNoPackageJSONAbove)/,
  /addons|cctest|benchmark/,
  /internet|dns\.resolve|https?:\/\/(?!127\.0\.0\.1|localhost)/,
  /\.node['"]/,
];

const names = list('test/parallel')
  .map((p) => path.basename(p))
  .filter((n) => /\.(js|mjs)$/.test(n))
  .sort();
const chosen = [];
for (const [prefix, most] of AREAS) {
  let n = 0;
  for (const name of names) {
    if (n >= most || !name.startsWith(prefix)) continue;
    const text = show(`test/parallel/${name}`).toString();
    if (UNSUITABLE.some((re) => re.test(text))) continue;
    chosen.push(name);
    n++;
  }
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'parallel'), { recursive: true });
fs.writeFileSync(path.join(out, 'LICENSE'), show('LICENSE'));
// Node's tests are CommonJS; this package is ESM
fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');
for (const p of list('test/common')) {
  const dest = path.join(out, path.relative('test', p));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, show(p));
}
for (const name of chosen) fs.writeFileSync(path.join(out, 'parallel', name), show(`test/parallel/${name}`));
fs.writeFileSync(path.join(out, 'SOURCE'), `Extracted by scripts/extract-node-tests.mjs from github.com/denoland/node_test at ${commit} (Node's test/ of v20.11.1).\n${chosen.length} tests.\n`);
console.log(`${chosen.length} tests, common/ and LICENSE in ${out}`);
