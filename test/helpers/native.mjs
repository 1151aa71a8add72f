import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const native = require('../../build/Release/prefork_native.node');
export { POLLIN } from '../../dist/native/index.js';
