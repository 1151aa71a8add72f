// prefork-interp-trace: draws one traced call as a self-contained HTML page.
//   prefork-interp-trace TRACE.jsonl [--list] [--call ID] [-o OUT.html]
// Without --call, the last call in the file. Record with PREFORK_INTERP_TRACE=TRACE.jsonl.
import fs from 'node:fs';
import { listCalls, parseTrace, renderCall, describeOutcome } from '../trace/render.js';

function main(argv: string[]): number {
  let file: string | undefined;
  let call: string | undefined;
  let out: string | undefined;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--call') call = argv[++i];
    else if (a === '-o') out = argv[++i];
    else if (a === '--list') list = true;
    else if (a === '--help') {
      process.stdout.write('usage: prefork-interp-trace TRACE.jsonl [--list] [--call ID] [-o OUT.html]\n');
      return 0;
    } else if (!file && !a.startsWith('-')) file = a;
    else {
      process.stderr.write(`prefork-interp-trace: unexpected argument ${a}\n`);
      return 2;
    }
  }
  if (!file) {
    process.stderr.write('prefork-interp-trace: usage: prefork-interp-trace TRACE.jsonl [--list] [--call ID] [-o OUT.html]\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`prefork-interp-trace: ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const records = parseTrace(text);
  const calls = listCalls(records);
  if (list) {
    for (const c of calls) process.stdout.write(`${c.call}\t${new Date(c.start).toISOString()}\t${describeOutcome(c.outcome)}\t${JSON.stringify(c.argv ?? [])}\n`);
    return 0;
  }
  const chosen = call ?? calls[calls.length - 1]?.call;
  if (!chosen || !calls.some((c) => c.call === chosen)) {
    process.stderr.write(`prefork-interp-trace: no call ${call ?? ''} in ${file}\n`);
    return 1;
  }
  const html = renderCall(records, chosen);
  if (out) fs.writeFileSync(out, html);
  else process.stdout.write(html);
  return 0;
}

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
