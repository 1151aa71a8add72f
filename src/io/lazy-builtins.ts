// Node's fs, path and url, loaded at their first use. Loading bun's node:fs
// costs the compiled client ~0.6 ms, a tenth of the C client's whole warm
// call (url ~0.3, path ~0.15), so the client's modules take them from here,
// and a warm call's own path uses the addon's few file calls instead
// (native.readFile, stat, read, write, close): it loads none of them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let fs: typeof import('node:fs') | undefined;
let path: typeof import('node:path') | undefined;
let url: typeof import('node:url') | undefined;

export const lazyFs = (): typeof import('node:fs') => (fs ??= require('node:fs') as typeof import('node:fs'));
export const lazyPath = (): typeof import('node:path') => (path ??= require('node:path') as typeof import('node:path'));
export const lazyUrl = (): typeof import('node:url') => (url ??= require('node:url') as typeof import('node:url'));
