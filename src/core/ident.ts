// The ident hash and the names derived from it, exactly as the C client
// computes them (see ../shared/reference/ident.md), as pure functions: the
// caller supplies uname bytes, stat numbers and environment.
import { bytesOf } from './bytes.js';

export const SUN_PATH_MAX = 108;
export const MAX_HASH_IDENT = 64;
export const MIN_HASH_IDENT = 33;

/** -G and -E options, in command-line order: both are part of the ident. */
export type IdentOption = { kind: 'G'; value: string } | { kind: 'E'; name: string };

export interface IdentInputs {
  /** the 390 raw bytes of struct utsname */
  utsname: Buffer;
  cwd: { dev: bigint; ino: bigint };
  root: { dev: bigint; ino: bigint };
  options: readonly IdentOption[];
  /** the environment, and the strings below, as byte strings (core/bytes.ts): hashed as their bytes */
  env: Readonly<Record<string, string | undefined>>;
  interpreter: string;
  script: string | undefined;
}

function u64le(n: bigint | number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

export function identHashInput(i: IdentInputs): Buffer {
  const parts: Buffer[] = [];
  const key = (c: string) => parts.push(Buffer.from(c, 'latin1'));
  const str = (c: string, s: string) => {
    key(c);
    parts.push(bytesOf(s), Buffer.from([0]));
  };
  parts.push(Buffer.from([1]));
  key('u');
  parts.push(u64le(i.utsname.length));
  key('u');
  parts.push(i.utsname);
  key('.');
  parts.push(u64le(i.cwd.dev));
  key('i');
  parts.push(u64le(i.cwd.ino));
  key('/');
  parts.push(u64le(i.root.dev));
  key('i');
  parts.push(u64le(i.root.ino));
  for (const o of i.options) {
    if (o.kind === 'G') str('G', o.value);
    else {
      str('E', o.name);
      const v = i.env[o.name];
      if (v === undefined) parts.push(Buffer.from([0]));
      else str('v', v);
    }
  }
  str('i', i.interpreter);
  if (i.script !== undefined) str('s', i.script);
  return Buffer.concat(parts);
}

export function maxIdentLength(runBase: string): number {
  return SUN_PATH_MAX - Buffer.byteLength(runBase) - 10 - 2;
}

export type IdentResult = { ok: true; ident: string } | { ok: false; error: string };

/** SHA-256 of the bytes, in lower-case hex (the runtime's own: see io/client/sha256.ts) */
export type Sha256Hex = (data: Buffer) => string;

export function computeIdent(runBase: string, explicit: string | undefined, inputs: () => IdentInputs, sha256Hex: Sha256Hex): IdentResult {
  const max = maxIdentLength(runBase);
  let ident: string;
  if (explicit !== undefined) ident = explicit;
  else {
    if (max < MIN_HASH_IDENT)
      return {
        ok: false,
        error: `base directory \`${runBase}' leaves only ${max} characters for id hash which is too little (<${MIN_HASH_IDENT})`,
      };
    ident = sha256Hex(identHashInput(inputs())).slice(0, Math.min(MAX_HASH_IDENT, max));
  }
  if (Buffer.byteLength(ident) > max)
    // The C client's format ends in a newline and gets one more: a blank line follows.
    return { ok: false, error: `base directory \`${runBase}' plus ident \`${ident}' too long (with spare) for socket (max ident ${max})\n` };
  return { ok: true, ident };
}

export function socketPath(runBase: string, ident: string): string {
  return `${runBase}/s${ident}`;
}

export function lockPath(runBase: string, ident: string): string {
  return `${runBase}/l${ident}`;
}

/** The Node library's server log, beside the socket (not part of the C client's layout). */
export function logPath(runBase: string, ident: string): string {
  return `${runBase}/p${ident}.log`;
}

/** The log and its one older part: what goes when the server's socket goes. */
export function logFiles(runBase: string, ident: string): string[] {
  const log = logPath(runBase, ident);
  return [log, `${log}.1`];
}
