// test/fixtures/service.mjs as a temporary service using our library.
import fs from 'node:fs';
import path from 'node:path';
import { CLIENT, ROOT } from './procs.mjs';
import { ServiceScript } from './service.mjs';

export class NodeService extends ServiceScript {
  constructor(name = 'nsvc') {
    const lib = path.join(ROOT, 'dist/index.js');
    const body = fs.readFileSync(path.join(ROOT, 'test/fixtures/service.mjs'), 'utf8').replace('@LIBRARY@', lib);
    super(name, { file: 'service.mjs', interpreter: 'node', shebang: `#!${CLIENT} -U,node`, body });
  }
  /** "call server server": in our library the monitor is an actor in the server */
  parsePids(text) {
    const [call, server] = text.trim().split(' ').map(Number);
    return { call, server };
  }
}
