// The package as published: `npm pack`, then a fresh `npm install` of the
// tarball where no C toolchain is on PATH (only node, npm and sh), runs a
// cold and a warm call of a Node script through the installed client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, run, stopServers, waitFor, isRunning, processesMentioning } from './helpers/procs.mjs';

const TOOLCHAIN = ['make', 'cc', 'gcc', 'g++', 'c++', 'clang'];

test('the packed package installs without a toolchain and runs a warm call', { timeout: 300000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-pack-'));
  const pids = [];
  t.after(async () => {
    // by pid: the ones --list named, and any the script started before an assertion failed
    await stopServers([...pids, ...processesMentioning(path.join(dir, 'app'))]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // As a publisher packs it: prepack makes the prebuilt addon, prepare the
  // build. In a copy of the tracked tree (its node_modules linked in): those
  // rebuild dist/, bin/ and the addon, which the rest of the suite runs.
  const tree = path.join(dir, 'tree');
  const tracked = await run('git', ['ls-files', '-z'], { cwd: ROOT });
  assert.equal(tracked.code, 0, tracked.stderr.toString());
  for (const f of tracked.stdout.toString().split('\0').filter(Boolean)) fs.cpSync(path.join(ROOT, f), path.join(tree, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: tree, timeout: 180000 });
  assert.equal(pack.code, 0, pack.stderr.toString());
  // (the build scripts' own output comes first)
  const out = pack.stdout.toString();
  const [{ filename, files, size }] = JSON.parse(out.slice(out.lastIndexOf('[\n  {')));
  t.diagnostic(`package ${filename}: ${(size / 1e6).toFixed(1)} MB packed`);
  const packed = new Set(files.map((f) => f.path));
  for (const f of ['bin/prefork-interp', 'dist/index.js', 'dist/native/prefork_client.node']) assert.ok(packed.has(f), `${f} is in the package`);
  assert.ok([...packed].some((f) => /^prebuilds\/linux-x64\/.*\.node$/.test(f)), `a prebuilt addon is in the package: ${[...packed].filter((f) => f.startsWith('prebuilds'))}`);
  assert.ok(![...packed].some((f) => f.startsWith('build/')), 'no local build in the package');

  // A PATH with node, npm and sh only.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const tool of ['node', 'npm', 'sh']) fs.symlinkSync(fs.realpathSync(`/usr/bin/${tool}`), path.join(bin, tool));
  const env = { HOME: process.env.HOME, PATH: bin, npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME, '.npm') };
  const which = await run('sh', ['-c', `for t in ${TOOLCHAIN.join(' ')}; do command -v $t; done; true`], { env });
  assert.equal(which.stdout.toString(), '', 'no toolchain on PATH');

  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","version":"1.0.0","type":"module"}\n');
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, filename)], { cwd: app, env, timeout: 240000 });
  assert.equal(install.code, 0, install.stderr.toString());
  const installed = path.join(app, 'node_modules/prefork-interp');
  assert.ok(!fs.existsSync(path.join(installed, 'build')), 'nothing was compiled at install');

  const script = path.join(app, 'hello.mjs');
  fs.writeFileSync(
    script,
    `#!${path.join(app, 'node_modules/.bin/prefork-interp')} -U,node\nimport { initialisationComplete } from 'prefork-interp';\nawait initialisationComplete();\nconsole.log('hello', process.argv[2]);\nprocess.exitCode = 5;\n`,
  );
  fs.chmodSync(script, 0o755);
  const cold = await run(script, ['cold'], { cwd: app, env });
  assert.equal(cold.stderr.toString(), '');
  assert.equal(cold.stdout.toString(), 'hello cold\n');
  assert.equal(cold.code, 5);
  const list = await run(path.join(installed, 'bin/prefork-interp'), ['--list', '--json'], { env });
  for (const s of JSON.parse(list.stdout.toString())) if (s.script === script) pids.push(s.pid);
  assert.equal(pids.length, 1, 'one server for the script');
  const warm = await run(script, ['warm'], { cwd: app, env });
  assert.equal(warm.stdout.toString(), 'hello warm\n');
  assert.equal(warm.code, 5);
  const kill = await run(path.join(installed, 'bin/prefork-interp'), ['-U', '--kill', 'node', script], { cwd: app, env });
  assert.equal(kill.code, 0);
  await waitFor('the server to stop', () => !isRunning(pids[0]));
});
