// A quick sample of Node's own tests, plain against preforked (the whole
// subset is `npm run test:node-core`, which CI also runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, ROOT } from './helpers/procs.mjs';

test("a sample of Node's own tests passes preforked (cold and warm, both clients) wherever it passes plainly", { timeout: 600000 }, async () => {
  const r = await run(process.execPath, ['test/node-core/run.mjs', '--sample', '10'], { cwd: ROOT, timeout: 590000 });
  const out = r.stdout.toString();
  assert.match(out, /plain: \d+/);
  assert.equal(r.code, 0, out + r.stderr.toString());
});
