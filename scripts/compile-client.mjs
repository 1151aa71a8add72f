// Makes bin/prefork-interp, the client every #! line names: the client
// (dist/cli/standalone.js, the same TypeScript and machines as the Node-run
// one) compiled by bun into one executable that starts no runtime first.
// Where bun cannot build it (no bun for this platform, or
// PREFORK_INTERP_CLIENT=node), bin/prefork-interp is a copy of
// bin/prefork-interp-node, the launcher of the client run by Node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(root, 'bin/prefork-interp');
const fallback = path.join(root, 'bin/prefork-interp-node');

/** The runtime's own switches must not reach the build or be baked in. */
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('BUN_')) delete env[k];
  return env;
}

function findBun() {
  const candidates = [
    path.join(root, 'node_modules/bun/bin/bun.exe'),
    path.join(root, `node_modules/@oven/bun-${process.platform}-${process.arch}/bin/bun`),
    path.join(root, `node_modules/@oven/bun-${process.platform}-${process.arch}-baseline/bin/bun`),
    'bun',
  ];
  for (const bun of candidates) {
    const r = spawnSync(bun, ['--version'], { env: cleanEnv(), encoding: 'utf8' });
    if (r.status === 0) return { bun, version: r.stdout.trim() };
  }
  return undefined;
}

function useFallback(why) {
  fs.copyFileSync(fallback, `${target}.new`);
  fs.chmodSync(`${target}.new`, 0o755);
  fs.renameSync(`${target}.new`, target);
  console.error(`compile-client: ${why}; bin/prefork-interp is the client run by Node`);
}

function compile() {
  if (process.env.PREFORK_INTERP_CLIENT === 'node') return useFallback('PREFORK_INTERP_CLIENT=node');
  const found = findBun();
  if (!found) return useFallback('no bun to compile with (npm package "bun")');
  // the executable loads it from here (src/native/index.ts)
  const addon = path.join(root, 'src/native/client/build/Release/prefork_client.node');
  if (!fs.existsSync(addon)) return useFallback('no client addon (npm run build:client-addon)');
  fs.copyFileSync(addon, path.join(root, 'dist/native/prefork_client.node'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    found.bun,
    [
      // --bytecode: JavaScriptCore's bytecode made at build time (a warm call 22 -> 16 ms)
      'build', '--compile', '--minify', '--bytecode', '--format=esm',
      // Without these, bun resolves packages with the "development" condition
      // and, for xstate, takes the CommonJS build that "import" names: XState's
      // development build, whole. --production drops "development" (it also
      // fixes process.env.NODE_ENV in the bundle, which nothing there reads);
      // "module" selects xstate's ES build, which the bundler can trim. A warm
      // call's machine loads ~0.15 ms sooner, and the executable is 60 kB smaller.
      '--production', '--conditions=module',
      // Chunks that load when first imported: the entry's way to its connect
      // loads none of XState and the machine, which load while the server
      // greets (a warm call's connect came 1.4 ms later with one chunk).
      '--splitting',
      // what the executable must never pick up from a caller's directory
      '--no-compile-autoload-dotenv', '--no-compile-autoload-bunfig',
      '--no-compile-autoload-package-json', '--no-compile-autoload-tsconfig',
      // A call is over in milliseconds: code that JSC would compile for later
      // use is compiled for nothing (a warm call: 22 -> 18 ms, side by side).
      '--compile-jit-policy=100',
      '--define', 'PREFORK_INTERP_STANDALONE=true',
      path.join(root, 'dist/cli/standalone.js'), '--outfile', `${target}.new`,
    ],
    { env: cleanEnv(), encoding: 'utf8' },
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) return useFallback(`bun build failed: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`);
  // It must run here, and say what the C client says, before it takes the name.
  const check = spawnSync(`${target}.new`, ['--help'], { encoding: 'utf8' });
  if (check.status !== 0 || !check.stdout.startsWith('usage: ')) {
    fs.rmSync(`${target}.new`, { force: true });
    return useFallback(`the compiled client does not run here (${check.error?.message ?? `status ${check.status}`})`);
  }
  fs.renameSync(`${target}.new`, target);
  const mb = fs.statSync(target).size / 1e6;
  console.error(`compile-client: bin/prefork-interp compiled by bun ${found.version} in ${ms.toFixed(0)} ms (${mb.toFixed(0)} MB)`);
}

compile();
