// A temporary Node service script (test/fixtures/service.mjs) using our library.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLIENT, ROOT, run, stopServers } from './procs.mjs';

export class NodeService {
  constructor(name = 'nsvc', { client = CLIENT } = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `pfi-${name}-`));
    this.script = path.join(this.dir, 'service.mjs');
    const lib = path.join(ROOT, 'dist/index.js');
    const body = fs.readFileSync(path.join(ROOT, 'test/fixtures/service.mjs'), 'utf8').replace('@LIBRARY@', lib);
    fs.writeFileSync(this.script, `#!${client} -U,node\n${body}`);
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
  call(args = [], opts = {}) {
    return run(this.script, args, { cwd: this.dir, ...opts });
  }
  callWith(client, clientArgs, args = [], opts = {}) {
    return run(client, [...clientArgs, 'node', this.script, ...args], { cwd: this.dir, ...opts });
  }
  /** call pid and server pid (the executor's parent is the server: the monitor lives in it) */
  async pids(caller = (a) => this.call(a)) {
    const r = await caller(['pids']);
    const [call, server] = r.stdout.toString().trim().split(' ').map(Number);
    if (!server) throw new Error(`no pids from service: ${r.stderr}`);
    this.servers.add(server);
    return { call, server };
  }
  async stop() {
    if (this.inits() > 0) {
      try {
        await this.pids((a) => this.callWith(CLIENT, ['-U'], a));
      } catch {
        // none answers
      }
    }
    await stopServers([...this.servers]);
  }
}
