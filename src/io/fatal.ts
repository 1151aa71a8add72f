// Errors that end a process with the C client's wording: "prefork-interp: MSG[: strerror]".
import { native } from '../native/index.js';

export class Fatal extends Error {}

/** glibc's text for a Node or native error (both carry a negative errno). */
export function errnoText(e: unknown): string {
  const n = (e as { errno?: number }).errno;
  if (typeof n === 'number' && n !== 0) return native.strerror(n);
  return (e as Error).message ?? String(e);
}

export function errnoCode(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

/** like the C client's diee: the message, then the system's reason */
export function fatalErrno(message: string, e: unknown): Fatal {
  return new Fatal(`${message}: ${errnoText(e)}`);
}
