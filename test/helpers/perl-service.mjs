// test/fixtures/service.pl as a temporary service (Proc::Prefork::Interp).
import fs from 'node:fs';
import path from 'node:path';
import { CLIENT, ROOT } from './procs.mjs';
import { ServiceScript } from './service.mjs';

export class PerlService extends ServiceScript {
  constructor(name = 'svc', { shebang = `#!${CLIENT} -U,perl` } = {}) {
    super(name, { file: 'service.pl', interpreter: 'perl', shebang, body: fs.readFileSync(path.join(ROOT, 'test/fixtures/service.pl'), 'utf8') });
  }
  /** "call monitor server": the Perl monitor is a process between the call and the server */
  parsePids(text) {
    const [call, monitor, server] = text.trim().split(' ').map(Number);
    return { call, monitor, server };
  }
}
