// Command-line parsing: pure cases, and the same words given to our client
// and to the C client must give the same errors and statuses.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine, executorArgv, setupArgv, setupEnvironment } from '../dist/core/options.js';
import { FORK_SAFE_FLAGS } from '../dist/core/fork-safe.js';
import { CLIENT, C_CLIENT, run } from './helpers/procs.mjs';

const inv = (...argv) => {
  const r = parseCommandLine(['prefork-interp', ...argv]);
  assert.equal(r.kind, 'run', JSON.stringify(r));
  return r.invocation;
};

describe('parseCommandLine', () => {
  test('separate form: options, interpreter, script, args', () => {
    const i = inv('-U', '-f', '-G', 'x', '-Ey', 'perl', 's.pl', 'a', '-b');
    assert.equal(i.mode, 'fresh');
    assert.deepEqual(i.identOptions, [{ kind: 'G', value: 'x' }, { kind: 'E', name: 'y' }]);
    assert.deepEqual(executorArgv(i), ['perl', 's.pl', 'a', '-b']);
  });
  test('-Gfoo, -G=foo and -G foo are the same; -G==x keeps one =', () => {
    for (const w of [['-Gfoo'], ['-G=foo'], ['-G', 'foo']]) assert.deepEqual(inv('-U', ...w, 'perl').identOptions, [{ kind: 'G', value: 'foo' }]);
    assert.deepEqual(inv('-U', '-G==x', 'perl').identOptions, [{ kind: 'G', value: '=x' }]);
  });
  test('bundled short options, value swallowing the next word, lone -, --', () => {
    assert.equal(inv('-UfGx', 'perl').mode, 'fresh');
    assert.deepEqual(inv('-U', '-G', '-f', 'perl').identOptions, [{ kind: 'G', value: '-f' }]);
    assert.equal(inv('-U', '-', 'perl').interpreter, 'perl');
    assert.equal(inv('-U', '--', '-f', 's').interpreter, '-f');
    assert.equal(inv('-U', '-g', 'id', 'perl').explicitIdent, 'id');
    assert.equal(inv('-f', '--kill', '-U', 'perl').mode, 'kill');
  });
  test('separate form takes the word after the interpreter as the script, as the C client does', () => {
    const i = inv('-U', 'perl', '-w', 's.pl');
    assert.equal(i.script, '-w');
  });
  test('combined #! word: split at the first space, else comma; last piece whole', () => {
    const i = inv('-U,-Gx,perl', 's.pl', 'a');
    assert.deepEqual(i.identOptions, [{ kind: 'G', value: 'x' }]);
    assert.equal(i.interpreter, 'perl');
    assert.equal(i.script, 's.pl');
    assert.deepEqual(i.args, ['a']);
    const sp = inv('-U -Gx perl', 's.pl');
    assert.equal(sp.interpreter, 'perl');
  });
  test('our extension: interpreter flags in the combined word are passed to the interpreter', () => {
    const i = inv('-U,node,--stack-size=2000,--no-warnings', 's.js', 'a');
    assert.equal(i.interpreterWord, 'node,--stack-size=2000,--no-warnings');
    // Node also gets the flags our library forks with, first (so it need not re-execute itself to get them)
    assert.deepEqual(setupArgv(i), ['node', ...FORK_SAFE_FLAGS, '--stack-size=2000', '--no-warnings', 's.js', 'a']);
    assert.deepEqual(executorArgv(i), ['node', 's.js', 'a']);
    const sp = inv('-U node --no-warnings', 's.js');
    assert.deepEqual(setupArgv(sp), ['node', ...FORK_SAFE_FLAGS, '--no-warnings', 's.js']);
    assert.deepEqual(setupEnvironment(sp, ['A=1']), ['A=1', `PREFORK_INTERP_REEXEC=${FORK_SAFE_FLAGS.length}`]);
    const pl = inv('-U,perl,-w', 's.pl');
    assert.deepEqual(setupArgv(pl), ['perl', '-w', 's.pl']);
    assert.deepEqual(setupEnvironment(pl, ['A=1']), ['A=1']);
  });
  test('errors: usage (255) vs die (127) vs help', () => {
    assert.deepEqual(parseCommandLine(['p', '--help']), { kind: 'help' });
    assert.deepEqual(parseCommandLine(['p', '-X', 'perl']), { kind: 'usage', message: 'unknown option -X' });
    assert.deepEqual(parseCommandLine(['p', '-a,-b,-c,-d,perl', 'x']), { kind: 'die', message: 'too many options in combined arg' });
    assert.deepEqual(parseCommandLine(['p', '-U,perl']), { kind: 'usage', message: 'no script argument (expected after combined #! options)' });
  });
});

describe('the same words to both clients', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfi-opts-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cases = [
    [],
    ['-U'],
    ['-X', 'perl'],
    ['--bogus', 'perl'],
    ['--ki', 'perl'],
    ['--help=x'],
    ['--kill=3', 'perl'],
    ['-U='],
    ['-g'],
    ['-UG'],
    ['perl', 'x'],
    ['-U,perl'],
    ['-U -X'],
    ['-a,-b,-c,-d,perl', 'x'],
    ['-U,-X,perl', 'x'],
    ['-G,foo,perl', 'x'],
    ['--help'],
    ['-U', '--help'],
    ['-U,--help,perl', 'x'],
    ['-U', '-g', 'x'.repeat(200), 'perl'],
  ];
  test('--help to a closed or a full stdout: nothing said, status 0, as the C client', async () => {
    for (const redirect of ['>&-', '>/dev/full']) {
      const [ours, theirs] = await Promise.all([CLIENT, C_CLIENT].map((c) => run('sh', ['-c', `exec "$0" --help ${redirect}`, c], { cwd: dir })));
      assert.deepEqual([ours.code, ours.stderr.toString()], [theirs.code, theirs.stderr.toString()], redirect);
      assert.equal(ours.code, 0);
    }
  });
  for (const words of cases) {
    test(`prefork-interp ${JSON.stringify(words)}`, async () => {
      const ours = await run(CLIENT, words, { cwd: dir });
      const theirs = await run(C_CLIENT, words, { cwd: dir });
      assert.equal(ours.code, theirs.code, `status: ours ${ours.code} C ${theirs.code}; C said ${theirs.stderr}`);
      assert.equal(ours.stdout.toString(), theirs.stdout.toString());
      assert.equal(ours.stderr.toString(), theirs.stderr.toString());
    });
  }
});
