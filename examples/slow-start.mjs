#!/usr/bin/env -S prefork-interp -U,node
// A Node script whose start-up costs about a second of CPU (standing in for
// heavy imports, configuration, caches), then does a little per call.
import { initialisationComplete } from 'prefork-interp';

const t0 = performance.now();
// The expensive initialisation: a sieve, keeping only a small table.
// (Run a few times over, so that it costs about as much as the Perl one.)
const limit = 30_000_000;
const sieve = new Uint8Array(limit + 1);
let primes = [];
for (let round = 0; round < 4; round++) {
  sieve.fill(0);
  primes = [];
  for (let n = 2; n <= limit; n++) {
    if (sieve[n]) continue;
    if (primes.length < 1000) primes.push(n);
    for (let m = n * n; m <= limit; m += n) sieve[m] = 1;
  }
}
const initMs = performance.now() - t0;

const call = await initialisationComplete();

const i = Number(process.argv[2] ?? 1);
console.log(`pid ${process.pid}: prime number ${i} is ${primes[i - 1]} (initialisation took ${initMs.toFixed(0)} ms${call.preforked ? ', once per server' : ''})`);
