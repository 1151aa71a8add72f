// SHA-256 for the ident hash. The compiled client uses bun's built-in hasher:
// initialising node:crypto there costs ~1.5 ms of every call.
import { createRequire } from 'node:module';
import type { Sha256Hex } from '../../core/ident.js';
import { STANDALONE } from '../standalone.js';

interface BunHasher {
  update(data: Uint8Array): BunHasher;
  digest(encoding: 'hex'): string;
}
declare const Bun: { CryptoHasher: new (algorithm: 'sha256') => BunHasher };

export const sha256Hex: Sha256Hex = STANDALONE
  ? (data) => new Bun.CryptoHasher('sha256').update(data).digest('hex')
  : (data) => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest('hex');
