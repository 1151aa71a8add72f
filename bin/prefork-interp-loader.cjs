'use strict';
// Runs dist/cli/client.bundle.cjs with a V8 code cache beside it, so that
// V8 does not parse and compile the client anew on every call. The cache is
// made on first use (and again when V8 rejects it, e.g. after a Node upgrade);
// if it cannot be written, the client simply runs without one.
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { createRequire } = require('module');
const { pathToFileURL } = require('url');

const file = path.join(__dirname, '..', 'dist', 'cli', 'client.bundle.cjs');
const source = fs.readFileSync(file, 'utf8');
// The cache is named for this very bundle and this Node: V8 checks little more
// than the source's length before trusting a cache, and a stale one runs old code.
const st = fs.statSync(file);
const cacheFile = `${file}.${st.size}-${Math.round(st.mtimeMs)}.v8-${process.version}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const wrapped = `(function (exports, require, module, __filename, __dirname, __pfi_url) {${source}\n})`;
const script = new vm.Script(wrapped, { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // Made at exit, so that it holds the functions this run compiled too.
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      // caches of earlier builds are of no further use
      const dir = path.dirname(file);
      for (const f of fs.readdirSync(dir)) {
        if (f.startsWith('client.bundle.cjs.') && f.endsWith('.cache') && path.join(dir, f) !== cacheFile) fs.rmSync(path.join(dir, f), { force: true });
      }
    } catch {
      // a read-only installation: no cache, no harm
    }
  });
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file), pathToFileURL(file).href);
