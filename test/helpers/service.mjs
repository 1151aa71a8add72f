// A temporary service script in its own directory (so each test has its own
// ident and its own count of initialisations), for either interpreter.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listeningSocketPath, parentOf, processesMentioning, run, stopServers } from './procs.mjs';

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
    // Every server of this script, whether or not a test asked for it: the
    // processes that name the script and whose parent does not (their
    // monitors, zygotes and spares go with them). No call: a call could start one.
    const procs = processesMentioning(this.script);
    const parentIn = (pid) => {
      try {
        return procs.includes(parentOf(pid));
      } catch {
        return true; // gone meanwhile
      }
    };
    const servers = [...new Set([...this.servers, ...procs.filter((pid) => !parentIn(pid))])];
    // Their sockets, locks and logs go too, so that runs of the suite do not
    // pile up idents in the user's run directory.
    const sockets = [];
    for (const pid of servers) {
      try {
        sockets.push(listeningSocketPath(pid));
      } catch {
        // gone already, not a server, or no longer listening
      }
    }
    await stopServers(servers);
    for (const socket of sockets) {
      const ident = path.basename(socket).slice(1);
      for (const name of [`s${ident}`, `l${ident}`, `p${ident}.log`]) {
        fs.rmSync(path.join(path.dirname(socket), name), { force: true });
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
