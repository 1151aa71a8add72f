// A temporary Perl service script (test/fixtures/service.pl) in its own
// directory, so that each test has its own ident and its own init count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLIENT, ROOT, run, stopServers, parentOf } from './procs.mjs';


export class PerlService {
  constructor(name = 'svc', { shebang = `#!${CLIENT} -U,perl` } = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `pfi-${name}-`));
    this.script = path.join(this.dir, 'service.pl');
    fs.writeFileSync(this.script, `${shebang}\n` + fs.readFileSync(path.join(ROOT, 'test/fixtures/service.pl')));
    fs.chmodSync(this.script, 0o755);
    this.servers = new Set();
  }

  inits() {
    try {
      return fs.readFileSync(path.join(this.dir, 'inits.log'), 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  }

  /** Runs the script through its #! line. */
  call(args = [], opts = {}) {
    return run(this.script, args, { cwd: this.dir, ...opts });
  }

  /** Runs a client explicitly: client [clientArgs...] perl <script> [args...] */
  callWith(client, clientArgs, args = [], opts = {}) {
    return run(client, [...clientArgs, 'perl', this.script, ...args], { cwd: this.dir, ...opts });
  }

  /** Asks the service for its pids through the given caller; records the server for teardown. */
  async pids(caller = (a) => this.call(a)) {
    const r = await caller(['pids']);
    const [call, monitor, server] = r.stdout.toString().trim().split(' ').map(Number);
    if (!server) throw new Error(`no pids from service: ${r.stderr}`);
    this.servers.add(server);
    return { call, monitor, server };
  }

  async stop() {
    // Find the current server too (a test may never have asked for it).
    if (this.inits() > 0) {
      try {
        await this.pids((a) => this.callWith(CLIENT, ['-U', ...(this.clientArgs ?? [])], a));
      } catch {
        // no server answers: nothing more to stop
      }
    }
    await stopServers([...this.servers]);
  }
}

export { parentOf };
