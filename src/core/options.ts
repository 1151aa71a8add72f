// Command-line parsing, as the C client parses it (myopt + the combined #! word),
// with one extension: where the C client takes `perl,-w` as an interpreter name
// and fails to exec it, we run `perl` with `-w`.
import type { IdentOption } from './ident.js';
import { FLAGS_GIVEN_MARK, FORK_SAFE_FLAGS, isNodeInterpreter } from './fork-safe.js';

export const USAGE = 'usage: #!/usr/bin/prefork-interp [<options>]\n';

export type Mode = 'normal' | 'fresh' | 'kill';

export interface Invocation {
  unlaundered: boolean;
  mode: Mode;
  /** -G/-E in command-line order (they feed the ident hash) */
  identOptions: IdentOption[];
  /** -g: replaces the hash */
  explicitIdent: string | undefined;
  /** the interpreter word exactly as given: it is what the ident covers */
  interpreterWord: string;
  /** what is executed: the interpreter and, in our extension, its own flags */
  interpreter: string;
  interpreterFlags: string[];
  script: string | undefined;
  args: string[];
}

export type ParseResult =
  | { kind: 'run'; invocation: Invocation }
  | { kind: 'help' }
  /** --list [--json]: the servers in the run directory */
  | { kind: 'list'; json: boolean }
  /** a usage error: message without prefix, then the usage line; exit 255 */
  | { kind: 'usage'; message: string }
  /** a fatal error: "prefork-interp: message"; exit 127 */
  | { kind: 'die'; message: string };

class UsageError extends Error {}
class HelpRequested extends Error {}

interface OptState {
  unlaundered: boolean;
  mode: Mode;
  identOptions: IdentOption[];
  explicitIdent: string | undefined;
  list: boolean;
  json: boolean;
}

const SHORT_WITH_VALUE = new Set(['g', 'G', 'E']);
const SHORT_FLAG = new Set(['U', 'f']);
const LONG_FLAG = new Set(['help', 'kill', 'list', 'json']);

function applyShort(st: OptState, c: string, value?: string): void {
  switch (c) {
    case 'g':
      st.explicitIdent = value;
      break;
    case 'G':
      st.identOptions.push({ kind: 'G', value: value! });
      break;
    case 'E':
      st.identOptions.push({ kind: 'E', name: value! });
      break;
    case 'U':
      st.unlaundered = true;
      break;
    case 'f':
      st.mode = 'fresh';
      break;
  }
}

/** myopt: consumes option words from words[pos...]; returns the index of the first non-option. */
function parseOptionWords(words: readonly string[], st: OptState): number {
  let i = 0;
  while (i < words.length && words[i].startsWith('-')) {
    const w = words[i++];
    if (w === '--') break;
    if (w.startsWith('--')) {
      const body = w.slice(2);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      if (!LONG_FLAG.has(name)) throw new UsageError(`unknown option --${body}`);
      if (eq >= 0) throw new UsageError(`--${name} option does not take a value`);
      if (name === 'help') throw new HelpRequested();
      if (name === 'list') st.list = true;
      else if (name === 'json') st.json = true;
      else st.mode = 'kill';
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j];
      if (SHORT_WITH_VALUE.has(c)) {
        let value: string;
        if (j === w.length - 1) {
          if (i >= words.length) throw new UsageError(`-${c} option takes a value`);
          value = words[i++];
        } else {
          value = w.slice(j + 1);
          if (value.startsWith('=')) value = value.slice(1);
        }
        applyShort(st, c, value);
        break;
      }
      if (!SHORT_FLAG.has(c)) throw new UsageError(`unknown option -${c}`);
      if (w[j + 1] === '=') throw new UsageError(`-${c} option does not take a value`);
      applyShort(st, c);
    }
  }
  return i;
}

const MAX_COMBINED_PIECES = 4;

/** Splits the combined #! word as the C client does; null if argv[1] is not one. */
function splitCombined(word: string): string[] {
  const pieces: string[] = [];
  let rest = word;
  for (;;) {
    if (pieces.length >= MAX_COMBINED_PIECES) throw new Error('too many options in combined arg');
    if (!rest.startsWith('-')) {
      pieces.push(rest);
      return pieces;
    }
    let cut = rest.indexOf(' ');
    if (cut < 0) cut = rest.indexOf(',');
    if (cut < 0) throw new UsageError('combined arg lacks <interpreter>');
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
}

function isCombined(argv: readonly string[]): boolean {
  return argv.length >= 2 && argv[1].startsWith('-') && (argv[1].includes(' ') || argv[1].includes(','));
}

/** Our extension: `perl,-w` or `node --flag` as the last combined piece runs `perl -w`. */
function splitInterpreterWord(word: string, combined: boolean): { interpreter: string; flags: string[] } {
  if (!combined) return { interpreter: word, flags: [] };
  const sep = word.includes(' ') ? ' ' : ',';
  const [interpreter, ...flags] = word.split(sep);
  if (interpreter === '' || flags.length === 0) return { interpreter: word, flags: [] };
  return { interpreter, flags: flags.filter((f) => f !== '') };
}

/** argv as the process got it, argv[0] included (our own name). */
export function parseCommandLine(argv: readonly string[]): ParseResult {
  const st: OptState = { unlaundered: false, mode: 'normal', identOptions: [], explicitIdent: undefined, list: false, json: false };
  try {
    const combined = isCombined(argv);
    let rest: string[];
    let words: string[];
    if (combined) {
      words = splitCombined(argv[1]);
      rest = argv.slice(2);
    } else {
      words = argv.slice(1);
      rest = [];
    }
    const used = parseOptionWords(words, st);
    if (st.json && !st.list) throw new UsageError('--json goes with --list');
    if (st.list) return { kind: 'list', json: st.json };
    const after = words.slice(used);
    if (after.length === 0) throw new UsageError('need interpreter argument');
    const interpreterWord = after[0];
    let script: string | undefined;
    let args: string[];
    if (combined) {
      // Pieces after the interpreter (possible after `--`) are dropped, as the C client drops them.
      if (rest.length === 0) throw new UsageError('no script argument (expected after combined #! options)');
      script = rest[0];
      args = rest.slice(1);
    } else {
      script = after[1];
      args = after.slice(2);
    }
    const { interpreter, flags } = splitInterpreterWord(interpreterWord, combined);
    return {
      kind: 'run',
      invocation: {
        ...st,
        interpreterWord,
        interpreter,
        interpreterFlags: flags,
        script,
        args,
      },
    };
  } catch (e) {
    if (e instanceof HelpRequested) return { kind: 'help' };
    if (e instanceof UsageError) return { kind: 'usage', message: e.message };
    return { kind: 'die', message: (e as Error).message };
  }
}

/** The argv that reaches the script: interpreter, script, args (never the interpreter's flags). */
export function executorArgv(inv: Invocation): string[] {
  return [inv.interpreter, ...(inv.script !== undefined ? [inv.script] : []), ...inv.args];
}

/**
 * What the setup process executes: the interpreter with its flags, then
 * script and args. Node also gets the flags our library needs to fork it
 * (else the library re-executes it with them: one more Node start per cold call).
 */
export function setupArgv(inv: Invocation): string[] {
  const ours = isNodeInterpreter(inv.interpreter) ? FORK_SAFE_FLAGS : [];
  return [inv.interpreter, ...ours, ...inv.interpreterFlags, ...(inv.script !== undefined ? [inv.script] : []), ...inv.args];
}

/** The setup process's environment: the caller's, and for Node the mark that the first n flags were ours. */
export function setupEnvironment(inv: Invocation, environment: string[]): string[] {
  return isNodeInterpreter(inv.interpreter) ? [...environment, `${FLAGS_GIVEN_MARK}=${FORK_SAFE_FLAGS.length}`] : environment;
}
