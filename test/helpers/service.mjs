// A temporary service script in its own directory (so each test has its own
// ident and its own count of initialisations), for either interpreter.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLIENT, listeningSocketPath, run, stopServers } from './procs.mjs';

export class ServiceScript {
  /**
   * @param name   prefix of the temporary directory
   * @param file   script file name (service.pl, service.mjs)
   * @param interpreter  the interpreter word (perl, node)
   * @param shebang      the #! line ('' for none)
   * @param body         the script's text
   */
  constructor(name, { file, interpreter, shebang, body }) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `pfi-${name}-`));
    this.script = path.join(this.dir, file);
    this.interpreter = interpreter;
    fs.writeFileSync(this.script, `${shebang}\n${body}`);
    fs.chmodSync(this.script, 0o755);
    this.servers = new Set();
    /** client options (e.g. -g IDENT) that reach this service's server, for teardown */
    this.clientArgs = [];
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

  /** Runs a client explicitly: client [clientArgs...] <interpreter> <script> [args...] */
  callWith(client, clientArgs, args = [], opts = {}) {
    return run(client, [...clientArgs, this.interpreter, this.script, ...args], { cwd: this.dir, ...opts });
  }

  /** Subclasses parse their 'pids' answer into { call, server }. */
  parsePids() {
    throw new Error('parsePids not implemented');
  }

  /** Asks the service for its pids; records the server so that teardown stops it by pid. */
  async pids(caller = (a) => this.call(a)) {
    const r = await caller(['pids']);
    const p = this.parsePids(r.stdout.toString());
    if (!p.server) throw new Error(`no pids from service: ${r.stderr}`);
    this.servers.add(p.server);
    return p;
  }

  async stop() {
    // Find the current server too (a test may never have asked for it).
    if (this.inits() > 0) {
      try {
        await this.pids((a) => this.callWith(CLIENT, ['-U', ...this.clientArgs], a));
      } catch {
        // no server answers: nothing more to stop
      }
    }
    // Their sockets, locks and logs go too, so that runs of the suite do not
    // pile up idents in the user's run directory.
    const sockets = [];
    for (const pid of this.servers) {
      try {
        sockets.push(listeningSocketPath(pid));
      } catch {
        // gone already, or no longer listening
      }
    }
    await stopServers([...this.servers]);
    for (const socket of sockets) {
      const ident = path.basename(socket).slice(1);
      for (const name of [`s${ident}`, `l${ident}`, `p${ident}.log`]) {
        fs.rmSync(path.join(path.dirname(socket), name), { force: true });
      }
    }
  }
}
