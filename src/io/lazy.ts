// Node modules that only a cold start needs, loaded on first use: a warm
// call never pays for them. (require, not import(): the client runs as
// CommonJS in a vm.Script, where dynamic import() is not available.)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyChildProcess(): typeof import('node:child_process') {
  return require('node:child_process');
}
