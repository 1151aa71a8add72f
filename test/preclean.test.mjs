// Pre-cleanup of the run directory: with more than 100 idents, the 100 least
// recently used go (socket, lock, and the Node library's log), as the C client does.
// Driven on a temporary directory: both clients find the run directory from the
// password file, not $HOME, so a whole-client test would clean the user's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers/procs.mjs';

const { preclean, MAX_SOCKETS } = await import(path.join(ROOT, 'dist/io/client/preclean.js'));

/** A run directory with `count` idents; ident i was last used at second base+i. */
function fillRunDir(dir, count) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = Math.floor(Date.now() / 1000) - 10 * count;
  for (let i = 0; i < count; i++) {
    const ident = `pfiold${String(i).padStart(3, '0')}`;
    for (const name of [`s${ident}`, `l${ident}`, `p${ident}.log`]) fs.writeFileSync(path.join(dir, name), '');
    fs.utimesSync(path.join(dir, `s${ident}`), base + i, base + i);
  }
  fs.writeFileSync(path.join(dir, 'unrelated'), '');
}

const listing = (dir) => fs.readdirSync(dir).sort();

test('the 100 least recently used idents go, with their logs; the newest stay', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-preclean-'));
  try {
    fillRunDir(dir, MAX_SOCKETS + 3);
    const removed = preclean(dir);
    assert.equal(removed.length, MAX_SOCKETS);
    assert.deepEqual(listing(dir), [
      'lpfiold100', 'lpfiold101', 'lpfiold102',
      'ppfiold100.log', 'ppfiold101.log', 'ppfiold102.log',
      'spfiold100', 'spfiold101', 'spfiold102',
      'unrelated',
    ]);
    assert.deepEqual(preclean(dir), [], 'nothing more to do under the limit');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
