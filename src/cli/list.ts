// prefork-interp --list [--json]: one line per server socket in the run directory.
import type { ListedServer } from '../io/client/server-list.js';

function age(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
  return `${Math.floor(seconds / 86400)}d${String(Math.floor(seconds / 3600) % 24).padStart(2, '0')}h`;
}

export function formatServers(servers: ListedServer[], json: boolean): string {
  if (json) return `${JSON.stringify(servers, null, 2)}\n`;
  const rows = servers.map((s) => [
    s.pid === null ? '-' : String(s.pid),
    age(s.age),
    s.state,
    s.interpreter ?? '-',
    s.script ?? '-',
    s.node ? `${s.node.served} served, ${s.node.underWay} under way, ${Math.round(s.node.rss / (1 << 20))} MB` : '-',
  ]);
  const head = ['PID', 'AGE', 'STATE', 'INTERPRETER', 'SCRIPT', 'CALLS (our Node library)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
