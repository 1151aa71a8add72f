// Wire protocol v1, both directions, as pure encoders and decoders.
//
//   server -> client   greeting: "PFI\n" + u32be length + that many bytes of extra data
//   client -> server   one signalling byte 0x00
//   client -> server   three one-byte messages, each carrying one fd (SCM_RIGHTS): 0, 1, 2
//   client -> server   u32be length + NUL-terminated strings: NAME=value..., "", argv...
//   server -> client   u32be raw wait status of the call

import { byteString, bytesOf } from './bytes.js';

export const GREETING_MAGIC = Buffer.from('PFI\n', 'latin1');
export const GREETING_HEADER_LENGTH = 8;
export const SIGNALLING_BYTE = 0;

/*
 * Our extension, within what v1 lets a side ignore. The greeting's extra
 * data (which the C client reads and drops; the Perl library sends none)
 * lists what the server offers, one word a line. A client that sees
 * "signals" may, after its request, send relay messages: RELAY_SIGNAL and
 * a signal number, one byte each, which the server delivers to the call's
 * process group. Nothing else is ever sent after a request.
 *
 * The extra data's length: the C client reads it in host byte order (no
 * ntohl, unlike every other length), so that is how it is written and read
 * here; for the zero-length greeting of the Perl library either order agrees.
 */
export const OFFER_SIGNALS = 'signals';
export const RELAY_SIGNAL = 0x4b; /* 'K' */
/** what a client may relay, with Linux's numbers (the wire carries the number) */
export const RELAYED_SIGNAL_NUMBERS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGCONT: 18, SIGTSTP: 20, SIGWINCH: 28,
} as const satisfies Partial<Record<NodeJS.Signals, number>>;
export const RELAYED_SIGNALS: readonly number[] = Object.values(RELAYED_SIGNAL_NUMBERS);

const HOST_IS_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeGreeting(offers: readonly string[]): Buffer {
  const extra = Buffer.from(offers.map((o) => `${o}\n`).join(''), 'latin1');
  const length = Buffer.alloc(4);
  if (HOST_IS_LE) length.writeUInt32LE(extra.length);
  else length.writeUInt32BE(extra.length);
  return Buffer.concat([GREETING_MAGIC, length, extra]);
}

/** What a greeting's extra data offers (unknown words are ignored). */
export function parseGreetingOffers(extra: Buffer): Set<string> {
  return new Set(extra.toString('latin1').split('\n').filter(Boolean));
}

/**
 * Our server also says who it is and how it is doing, for --list, one
 * "name value" line each: server (pid), started (ms since the epoch),
 * served (calls ended), under-way (calls and connections besides this one),
 * rss (bytes). A line without a value is an offer.
 */
export interface ServerFigures {
  server: number;
  started: number;
  served: number;
  underWay: number;
  rss: number;
}

export function figureLines(f: ServerFigures): string[] {
  return [`server ${f.server}`, `started ${f.started}`, `served ${f.served}`, `under-way ${f.underWay}`, `rss ${f.rss}`];
}

export function parseFigures(extra: Buffer): ServerFigures | null {
  const values = new Map<string, number>();
  for (const line of extra.toString('latin1').split('\n')) {
    const [name, value] = line.split(' ');
    if (value !== undefined && /^\d+$/.test(value)) values.set(name, Number(value));
  }
  if (!values.has('server')) return null;
  const get = (name: string) => values.get(name) ?? 0;
  return { server: get('server'), started: get('started'), served: get('served'), underWay: get('under-way'), rss: get('rss') };
}

export const encodeRelaySignal = (signal: number): Buffer => Buffer.from([RELAY_SIGNAL, signal]);

/**
 * Relay messages as they came (a message may be cut between reads): the
 * signals, and the bytes left over. What is not a relay message is dropped,
 * with everything after it.
 */
export function decodeRelay(bytes: Buffer): { signals: number[]; rest: Buffer } {
  const signals: number[] = [];
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    if (bytes[i] !== RELAY_SIGNAL) return { signals, rest: Buffer.alloc(0) };
    signals.push(bytes[i + 1]);
  }
  return { signals, rest: bytes.subarray(i) };
}
/** Refuse request messages past this: a peer announcing more is garbage. */
export const MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;
export const MAX_GREETING_EXTRA = 1024 * 1024;

export type GreetingHeader =
  | { ok: true; extraLength: number }
  | { ok: false; error: string };

export function parseGreetingHeader(header: Buffer): GreetingHeader {
  if (header.length < GREETING_HEADER_LENGTH) return { ok: false, error: 'greeting truncated' };
  if (!header.subarray(0, 4).equals(GREETING_MAGIC)) {
    const hex = Array.from(header.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    return { ok: false, error: `got unexpected protocol magic 0x${hex}` };
  }
  const extraLength = HOST_IS_LE ? header.readUInt32LE(4) : header.readUInt32BE(4);
  if (extraLength > MAX_GREETING_EXTRA) return { ok: false, error: `greeting extra data too long (${extraLength})` };
  return { ok: true, extraLength };
}

/** env and argv are byte strings (core/bytes.ts); entries without '=' are dropped, as the reference drops them. */
export function encodeRequest(env: Iterable<string>, argv: readonly string[]): Buffer {
  const parts: string[] = [];
  for (const entry of env) {
    if (entry.includes('=')) parts.push(entry);
  }
  parts.push('');
  parts.push(...argv);
  return lengthPrefixed(bytesOf(parts.join('\0') + '\0'));
}

/** u32be length, then the bytes: how the request (and our hand-over's call id) travels. */
export function lengthPrefixed(body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}


export type ParsedRequest =
  /** env: the NAME=value entries as sent (a later duplicate wins, as setenv in order does); env and argv are byte strings */
  | { ok: true; env: string[]; argv: string[] }
  | { ok: false; error: string };

/** Decodes the body (after the length) of a request message; strict, as the Perl library is. */
export function parseRequestBody(body: Buffer): ParsedRequest {
  if (body.length === 0 || body[body.length - 1] !== 0) return { ok: false, error: 'message data missing trailing nul' };
  const strings = byteString(body.subarray(0, body.length - 1)).split('\0');
  const sep = strings.indexOf('');
  if (sep < 0) return { ok: false, error: 'message data has no empty string after the environment' };
  const env = strings.slice(0, sep);
  if (env.some((s) => !s.includes('='))) return { ok: false, error: 'message data env var missing equals' };
  const argv = strings.slice(sep + 1);
  if (argv.length < 1) return { ok: false, error: 'message data has no interpreter' };
  return { ok: true, env, argv };
}

export function encodeStatus(raw: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(raw >>> 0);
  return b;
}

