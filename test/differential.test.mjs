// The same script, run plainly and as a preforked call (cold and warm,
// through both clients), must give the same answers: here, what
// process.stdin/stdout/stderr are for each kind of descriptor, what reading
// stdin gives, and Node's own console and flags.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NodeService } from './helpers/node-service.mjs';
import { serviceFactory } from './helpers/services.mjs';
import { CLIENT, C_CLIENT, run } from './helpers/procs.mjs';

const service = serviceFactory(NodeService);

describe('process.stdin, stdout and stderr are what plain node makes them', () => {
  const s = service('diffstdio');
  const input = path.join(s.dir, 'input.txt');
  fs.writeFileSync(input, 'some input\n');
  const out = path.join(s.dir, 'out.txt');
  // bash redirections for each kind of descriptor
  const setups = {
    'stdin /dev/null, stdout a pipe': '</dev/null',
    'stdin a file, stdout a file': `<"${input}" >"${out}"`,
    'stdin a pipe': `< <(printf 'piped')`,
    'stdin a directory (neither file nor stream)': '</',
    'stdin closed, stdout /dev/null': '<&- >/dev/null',
    // (the test's own stdio: spawn gives bash socketpairs)
    'stdin, stdout and stderr unix sockets': '',
  };
  // the C client sends whatever it has opened on a closed number by then (README)
  const ourClientOnly = new Set(['stdin closed, stdout /dev/null']);
  const runs = {
    plain: 'node "$0"',
    'our client': `"${CLIENT}" -U node "$0"`,
    'the C client': `"${C_CLIENT}" -U node "$0"`,
  };
  const answer = async (how, redirect) => {
    fs.rmSync(out, { force: true });
    const r = await run('bash', ['-c', `exec ${how} stdio ${redirect}`, s.script], { cwd: s.dir });
    const lines = r.stderr.toString().split('\n').filter((l) => l.startsWith('{'));
    assert.equal(lines.length, 1, `${how} ${redirect}: ${r.stderr}`);
    const stdout = redirect.includes(out) ? fs.readFileSync(out, 'utf8') : r.stdout.toString();
    return { report: JSON.parse(lines[0]), stdout, code: r.code };
  };
  for (const [name, redirect] of Object.entries(setups)) {
    test(name, async () => {
      const plain = await answer(runs.plain, redirect);
      for (const client of ourClientOnly.has(name) ? ['our client'] : ['our client', 'the C client']) {
        await run(CLIENT, ['-U', '--kill', 'node', s.script], { cwd: s.dir });
        for (const round of ['cold', 'warm']) assert.deepEqual(await answer(runs[client], redirect), plain, `${client}, ${round}`);
      }
    });
  }
});
