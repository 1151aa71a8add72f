// Byte strings: one char per byte (latin1). The client keeps argv and the
// environment this way from the kernel to the wire, so that bytes which are
// not UTF-8 reach the call exactly, as the C client passes them; Node itself
// decodes argv and the environment as UTF-8 and turns such bytes into U+FFFD.

export const byteString = (b: Buffer): string => b.toString('latin1');

export const bytesOf = (s: string): Buffer => Buffer.from(s, 'latin1');

/** What plain Node makes of these bytes (UTF-8, anything invalid as U+FFFD): for process.argv, and for showing. */
export const decodedText = (s: string): string => bytesOf(s).toString('utf8');

/** NUL-separated entries (as in /proc/self/cmdline and /proc/self/environ), as byte strings. */
export function nulSeparated(b: Buffer): string[] {
  const s = byteString(b);
  return s === '' ? [] : s.replace(/\0$/, '').split('\0');
}
