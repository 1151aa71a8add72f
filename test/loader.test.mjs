// The client's code cache: made on first use, named for the very bundle it
// was made from, so that a rebuilt client never runs with a stale cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NODE_CLIENT as CLIENT, ROOT, run } from './helpers/procs.mjs';

const dir = path.join(ROOT, 'dist/cli');
const bundle = path.join(dir, 'client.bundle.cjs');
const caches = () => fs.readdirSync(dir).filter((f) => f.startsWith('client.bundle.cjs.') && f.endsWith('.cache'));

test('a rebuilt bundle gets a new cache and the old one goes', async (t) => {
  const r1 = await run(CLIENT, ['--help']);
  assert.equal(r1.code, 0);
  const before = caches();
  assert.equal(before.length, 1, `one cache: ${before}`);
  const st = fs.statSync(bundle);
  const later = new Date(st.mtimeMs + 2000);
  fs.utimesSync(bundle, later, later); // what a rebuild does to the name's inputs
  t.after(() => fs.utimesSync(bundle, st.atime, st.mtime)); // the build's own, back
  const r2 = await run(CLIENT, ['--help']);
  assert.equal(r2.code, 0);
  assert.equal(r2.stdout.toString(), 'usage: #!/usr/bin/prefork-interp [<options>]\n');
  const after = caches();
  assert.equal(after.length, 1);
  assert.notEqual(after[0], before[0]);
});
