'use strict';
// One of Node's own tests as the per-call part of a script whose
// initialisation is complete: `node call.cjs <test>` runs it plainly,
// `prefork-interp -U node call.cjs <test>` as a preforked call.
const path = require('path');
const { pathToFileURL } = require('url');

(async () => {
  const { initialisationComplete } = await import(pathToFileURL(path.join(__dirname, '..', '..', 'dist', 'index.js')).href);
  await initialisationComplete({ maxServers: 2 });
  const test = path.resolve(process.argv[2]);
  // as if node had run the test itself: argv[1] is the test
  process.argv.splice(1, 1);
  if (test.endsWith('.mjs')) await import(pathToFileURL(test).href);
  else require(test);
})().catch((e) => {
  // uncaught, as the test's own top-level throw would be
  process.nextTick(() => {
    throw e;
  });
});
