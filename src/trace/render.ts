// One call, drawn from its trace records: a lane per process, the states
// each went through with the time spent in each, and the messages and
// descriptors that passed between them.  Pure: records in, HTML out.
import type { TraceRecord } from '../io/trace.js';
import { decodeWaitStatus } from '../core/waitstatus.js';

const ROLE_ORDER = ['client', 'watcher', 'setup', 'server', 'monitor', 'executor'];
const ROW = 26;
const LANE = 210;
const LEFT = 120;
const TOP = 70;

export interface CallSummary {
  call: string;
  start: number;
  argv?: unknown;
  outcome?: { kind: string; raw?: number; code?: number; message?: string; what?: string };
}

export function parseTrace(text: string): TraceRecord[] {
  const out: TraceRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as TraceRecord);
    } catch {
      // a torn line (a process killed mid-write): skip it
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The calls in a trace, by their clients' start records. */
export function listCalls(records: TraceRecord[]): CallSummary[] {
  const calls = new Map<string, CallSummary>();
  for (const r of records) {
    if (r.role !== 'client') continue;
    const c = calls.get(r.call) ?? { call: r.call, start: r.t };
    if (r.note === 'start') c.argv = r.argv;
    if (r.note === 'exit') c.outcome = r.outcome as CallSummary['outcome'];
    calls.set(r.call, c);
  }
  return [...calls.values()].sort((a, b) => a.start - b.start);
}

/** The records of one call: its own, and the server's while the call was under way. */
export function recordsOfCall(records: TraceRecord[], call: string): TraceRecord[] {
  // The server's own records carry the id of the call that started it, so
  // they are taken by time: while this call's other processes were at work.
  const own = records.filter((r) => r.call === call && r.role !== 'server');
  if (!own.length) return [];
  const start = own[0].t;
  // The watcher lives on after the call: the call ends with its client, monitor and executor.
  const end = Math.max(...own.filter((r) => r.role !== 'watcher').map((r) => r.t));
  return records.filter((r) => (r.role === 'server' ? r.t >= start && r.t <= end : r.call === call));
}

export function describeOutcome(o: CallSummary['outcome']): string {
  if (!o) return 'no exit recorded';
  if (o.kind === 'exit') return `exit status ${o.code}`;
  if (o.kind === 'fail') return `failed: ${o.message}`;
  const ws = decodeWaitStatus(o.raw ?? 0);
  if (ws.kind === 'exited') return `exit status ${ws.code}`;
  if (ws.kind === 'signaled') return `killed by signal ${ws.signal}${ws.coreDumped ? ' (core dumped)' : ''}`;
  return `wait status 0x${ws.raw.toString(16)}`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function ms(d: number): string {
  return d < 10 ? `${d.toFixed(2)} ms` : d < 1000 ? `${d.toFixed(1)} ms` : `${(d / 1000).toFixed(2)} s`;
}

interface Lane {
  key: string;
  role: string;
  pid: number;
  x: number;
}

interface Message {
  from: number;
  to: number;
  label: string;
}

function label(r: TraceRecord): string {
  if (r.state) return r.state;
  return r.note ?? '';
}

/** Finds the first record at or after index i matching pred. */
function findFrom(rs: TraceRecord[], i: number, pred: (r: TraceRecord) => boolean): number {
  for (let j = Math.max(0, i); j < rs.length; j++) if (pred(rs[j])) return j;
  return -1;
}

// The protocol's exchanges, recognised from the events on both sides.
function messages(rs: TraceRecord[]): Message[] {
  const out: Message[] = [];
  const link = (i: number, pred: (r: TraceRecord) => boolean, text: string) => {
    if (i < 0) return;
    const j = findFrom(rs, i + 1, pred);
    if (j >= 0) out.push({ from: i, to: j, label: text });
  };
  rs.forEach((r, i) => {
    if (r.role === 'client' && r.event === 'WATCHER_STARTED') {
      const j = findFrom(rs, 0, (x) => x.role === 'watcher');
      if (j >= 0) out.push({ from: i, to: j, label: 'spawn watcher (pipes)' });
    }
    if (r.role === 'client' && r.event === 'SETUP_STARTED') link(i, (x) => x.role === 'setup', 'spawn setup (fds 3-6, PREFORK_INTERP)');
    if (r.role === 'setup') link(i, (x) => x.role === 'server', 'fork, setsid');
    if (r.role === 'monitor' && r.event === 'GREETING_SENT') link(i, (x) => x.role === 'client' && x.event === 'BYTES_READ', 'greeting "PFI\\n"');
    if (r.role === 'client' && r.event === 'FDS_SENT') {
      // from the start: the monitor may have taken the third fd before the client recorded sending it
      const j = findFrom(rs, 0, (x) => x.role === 'monitor' && x.state === 'receiving.awaitingLength');
      if (j >= 0) out.push({ from: i, to: j, label: '0x00 + fds 0,1,2 (SCM_RIGHTS)' });
    }
    if (r.role === 'client' && r.event === 'MESSAGE_SENT') {
      // the client records the state it waits in after writing; the server records the message as read
      const j = findFrom(rs, 0, (x) => x.role === 'monitor' && x.state === 'running.starting');
      if (j >= 0) out.push({ from: i, to: j, label: 'env + argv' });
    }
    if (r.role === 'monitor' && r.event === 'EXECUTOR_STARTED') link(i, (x) => x.role === 'executor', 'hand to the spare (or fork): fds');
    // our extension: a signal the client caught, relayed to the call's group
    if (r.role === 'client' && r.event === 'SIGNAL_CAUGHT') link(i, (x) => x.role === 'monitor' && x.event === 'SIGNAL_RELAYED', 'signal relayed (K + number)');
    if (r.role === 'executor' && r.note === 'exit') link(i, (x) => x.role === 'monitor' && x.event === 'EXECUTOR_EXITED', `exit ${r.status}`);
    if (r.role === 'monitor' && r.event === 'STATUS_SENT') {
      const j = findFrom(rs, 0, (x) => x.role === 'client' && x.state === 'finished');
      if (j >= 0) out.push({ from: i, to: j, label: 'wait status (4 bytes)' });
    }
  });
  return out;
}

export function renderCall(records: TraceRecord[], call: string): string {
  const rs = recordsOfCall(records, call);
  const summary = listCalls(records).find((c) => c.call === call);
  const lanes: Lane[] = [];
  const laneOf = new Map<string, Lane>();
  const keyOf = (r: TraceRecord) => `${r.role}:${r.pid}`;
  const sorted = [...new Set(rs.map(keyOf))].sort((a, b) => {
    const ra = ROLE_ORDER.indexOf(a.split(':')[0]);
    const rb = ROLE_ORDER.indexOf(b.split(':')[0]);
    return ra - rb || a.localeCompare(b);
  });
  sorted.forEach((key, i) => {
    const [role, pid] = key.split(':');
    const lane = { key, role, pid: Number(pid), x: LEFT + i * LANE };
    lanes.push(lane);
    laneOf.set(key, lane);
  });
  const t0 = rs.length ? rs[0].t : 0;
  const height = TOP + rs.length * ROW + 60;
  const width = LEFT + lanes.length * LANE + 20;
  const svg: string[] = [];
  svg.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  svg.push('<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#c0392b"/></marker></defs>');
  for (const lane of lanes) {
    svg.push(`<g class="lane" data-role="${esc(lane.role)}">`);
    svg.push(`<text x="${lane.x + LANE / 2 - 10}" y="${TOP - 30}" text-anchor="middle" font-weight="bold" font-size="13">${esc(lane.role)}</text>`);
    const host = lane.role === 'monitor' && lanes.some((l) => l.role === 'server' && l.pid === lane.pid);
    svg.push(`<text x="${lane.x + LANE / 2 - 10}" y="${TOP - 15}" text-anchor="middle" fill="#555">${host ? `actor in server ${lane.pid}` : `pid ${lane.pid}`}</text>`);
    svg.push(`<line x1="${lane.x + 10}" y1="${TOP - 8}" x2="${lane.x + 10}" y2="${height - 40}" stroke="#ccc"/>`);
    svg.push('</g>');
  }
  // time column
  rs.forEach((r, i) => {
    const y = TOP + i * ROW + 16;
    svg.push(`<text x="8" y="${y}" fill="#777">+${ms(r.t - t0)}</text>`);
  });
  // state boxes: from a record to the lane's next record
  rs.forEach((r, i) => {
    const lane = laneOf.get(keyOf(r))!;
    const next = findFrom(rs, i + 1, (x) => keyOf(x) === keyOf(r));
    const y = TOP + i * ROW;
    const h = (next >= 0 ? next - i : 1) * ROW - 4;
    const final = r.status === 'done' || r.note === 'exit';
    const fill = final ? '#d5f5e3' : r.note ? '#fdebd0' : '#eaf2f8';
    const dur = next >= 0 ? ms(rs[next].t - r.t) : '';
    svg.push(`<g class="step" data-role="${esc(r.role)}">`);
    svg.push(`<rect x="${lane.x + 14}" y="${y}" width="${LANE - 34}" height="${Math.max(h, ROW - 4)}" rx="5" fill="${fill}" stroke="#7f8c8d"/>`);
    svg.push(`<text x="${lane.x + 20}" y="${y + 15}"><tspan font-weight="bold">${esc(label(r))}</tspan>${dur ? ` <tspan fill="#555">${esc(dur)}</tspan>` : ''}</text>`);
    if (r.event && !r.event.startsWith('xstate.')) svg.push(`<title>${esc(`${r.role} ${r.pid}: ${r.event} -> ${label(r)}`)}</title>`);
    svg.push('</g>');
  });
  for (const m of messages(rs)) {
    const a = laneOf.get(keyOf(rs[m.from]))!;
    const b = laneOf.get(keyOf(rs[m.to]))!;
    if (a === b) continue;
    const y1 = TOP + m.from * ROW + 12;
    const y2 = TOP + m.to * ROW + 12;
    const x1 = a.x < b.x ? a.x + LANE - 20 : a.x + 14;
    const x2 = a.x < b.x ? b.x + 14 : b.x + LANE - 20;
    svg.push(`<g class="message"><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#c0392b" stroke-width="1.3" marker-end="url(#arrow)"/>`);
    svg.push(`<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle" fill="#c0392b">${esc(m.label)}</text></g>`);
  }
  const outcome = describeOutcome(summary?.outcome);
  const total = rs.length ? ms(rs[rs.length - 1].t - t0) : '';
  svg.push(`<text class="final-status" x="8" y="${height - 15}" font-size="13" font-weight="bold">Final: ${esc(outcome)} — ${esc(total)} from the client's start</text>`);
  svg.push('</svg>');
  const title = `prefork-interp call ${call}`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:Helvetica,Arial,sans-serif;margin:16px;color:#222}h1{font-size:18px}p{color:#555;font-size:13px}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${esc(JSON.stringify(summary?.argv ?? []))} — ${esc(outcome)}. Lanes: ${esc(lanes.map((l) => `${l.role} ${l.pid}`).join(', '))}.
Each box is a state (or a noted step) and the time spent in it; red arrows are messages and descriptors between processes.</p>
${svg.join('\n')}
</body></html>
`;
}
