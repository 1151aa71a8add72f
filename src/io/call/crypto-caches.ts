// Node draws crypto.randomUUID() and crypto.randomInt() from caches of
// random bytes it fills once and then walks through. Filled in the server
// (a library that makes an id at import), a cache is copied into every call
// at the same place: each call would draw the same UUIDs and integers. We
// cannot reach the caches, only use them up: on its first use in a call,
// each walks its whole cache once (refilling it from the kernel on the way),
// so what the call draws next is its own.
import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

// (Node's sizes: 128 UUIDs of 16 bytes; 6 kB of 6-byte draws. More would
// only cost time; Node has kept both since the caches came.)
const UUIDS_PER_FILL = 128;
const INTS_PER_FILL = 1024;

// (Node's own, as found when this library was loaded)
const originalUUID = nodeCrypto.randomUUID;
const originalInt = nodeCrypto.randomInt;

// (one each: a call that wants UUIDs only does not pay for the integers)
let staleUUIDs = false;
let staleInts = false;

/** In a call: its copies of the caches are the server's until walked through. */
export function markCryptoCachesStale(): void {
  staleUUIDs = true;
  staleInts = true;
}

function renewUUIDs(): void {
  if (!staleUUIDs) return;
  staleUUIDs = false;
  for (let i = 0; i < UUIDS_PER_FILL; i++) originalUUID();
}

function renewInts(): void {
  if (!staleInts) return;
  staleInts = false;
  // (0 to 1: every draw takes 6 bytes, none is rejected)
  for (let i = 0; i < INTS_PER_FILL; i++) originalInt(1);
}

/**
 * In the server, once: crypto.randomUUID, crypto.randomInt and Web Crypto's
 * randomUUID renew the caches at their first use in a call. What init kept
 * of the originals (`const { randomUUID } = require('crypto')`) is missed.
 */
export function renewCryptoCachesPerCall(): void {
  wrapNodeCrypto();
  wrapWebCrypto();
  // `import { randomUUID } from 'node:crypto'` done in init sees them too
  syncBuiltinESMExports();
  // (walked here a few times, the walks are compiled code in every call)
  for (let i = 0; i < 4; i++) {
    markCryptoCachesStale();
    renewUUIDs();
    renewInts();
  }
}

/** original, with renew first; its name and length, and its receiver passed on (Web Crypto's checks it) */
function renewingFirst<F extends (...args: never[]) => unknown>(original: F, renew: () => void): F {
  const name = original.name;
  const wrapped = {
    [name](this: unknown, ...args: unknown[]) {
      renew();
      return Reflect.apply(original, this, args);
    },
  }[name];
  Object.defineProperty(wrapped, 'length', { value: original.length });
  return wrapped as unknown as F;
}

function wrapNodeCrypto(): void {
  // (one that init put in their place is the script's: left as it is)
  if (nodeCrypto.randomUUID === originalUUID) nodeCrypto.randomUUID = renewingFirst(originalUUID, renewUUIDs);
  if (nodeCrypto.randomInt === originalInt) nodeCrypto.randomInt = renewingFirst(originalInt, renewInts);
}

/**
 * Web Crypto's randomUUID, on Node's own object, not globalThis.crypto,
 * which init may have replaced (a polyfill's prototype may be Object.prototype).
 */
function wrapWebCrypto(): void {
  const proto = Object.getPrototypeOf(nodeCrypto.webcrypto) as object | null;
  const own = proto && Object.getOwnPropertyDescriptor(proto, 'randomUUID');
  if (!own || typeof own.value !== 'function' || !own.writable) return;
  Object.defineProperty(proto, 'randomUUID', { ...own, value: renewingFirst(own.value as () => string, renewUUIDs) });
}
