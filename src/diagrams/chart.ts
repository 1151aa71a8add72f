// State charts drawn from the machines' own definitions: Mermaid (renders
// where Markdown renders) and Graphviz DOT (rendered to SVG by `dot`, no
// browser).  Nested states, guards, delays, eventless transitions and
// invoked effects all appear.
import type { AnyStateMachine } from 'xstate';

interface Transition {
  source: string;
  targets: string[];
  label: string;
}

// The parts of XState's StateNode that the charts read.
interface Node {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  states: Record<string, Node>;
  initial?: { target: Node[] };
  transitions: Map<string, TransitionDef[]>;
  always?: TransitionDef[];
  invoke: { src: unknown }[];
  entry: unknown[];
  exit: unknown[];
}

interface TransitionDef {
  target?: Node[];
  guard?: unknown;
  eventType: string;
  actions: unknown[];
}

function guardName(g: unknown): string | undefined {
  if (!g) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') return g.name && g.name !== 'guard' ? g.name : 'guard';
  const t = (g as { type?: string }).type;
  return t ?? 'guard';
}

function actionNames(actions: unknown[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (typeof a === 'string') out.push(a);
    else if (a && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string') out.push((a as { type: string }).type);
    else if (typeof a === 'function') {
      const n = (a as { type?: string }).type ?? a.name;
      if (n && n !== 'xstate.assign' && !n.startsWith('xstate.')) out.push(n);
    }
  }
  return out;
}

function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  if (eventType === '') return 'always';
  return eventType;
}

function collect(node: Node, out: Transition[]): void {
  for (const [eventType, defs] of node.transitions) {
    for (const d of defs) {
      const g = guardName(d.guard);
      const acts = actionNames(d.actions);
      const label = `${eventLabel(eventType)}${g ? ` [${g}]` : ''}${acts.length ? ` / ${acts.join(', ')}` : ''}`;
      out.push({ source: node.id, targets: (d.target ?? []).map((t) => t.id), label });
    }
  }
  for (const d of node.always ?? []) {
    const g = guardName(d.guard);
    out.push({ source: node.id, targets: (d.target ?? []).map((t) => t.id), label: `always${g ? ` [${g}]` : ''}` });
  }
  for (const child of Object.values(node.states)) collect(child, out);
}

function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

function invokes(node: Node): string[] {
  return node.invoke.map((i) => (typeof i.src === 'string' ? i.src : 'actor'));
}

function stateNotes(node: Node): string[] {
  const notes: string[] = [];
  for (const src of invokes(node)) notes.push(`invoke ${src}`);
  const entry = actionNames(node.entry);
  if (entry.length) notes.push(`entry / ${entry.join(', ')}`);
  const exit = actionNames(node.exit);
  if (exit.length) notes.push(`exit / ${exit.join(', ')}`);
  return notes;
}

function mermaidEscape(s: string): string {
  return s.replace(/:/g, '#58;').replace(/"/g, "'");
}

export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root as unknown as Node;
  const lines: string[] = ['stateDiagram-v2'];
  const write = (node: Node, indent: string) => {
    if (node.initial) for (const t of node.initial.target) lines.push(`${indent}[*] --> ${safeId(t.id)}`);
    for (const child of Object.values(node.states)) {
      const id = safeId(child.id);
      lines.push(`${indent}state "${child.key}" as ${id}`);
      for (const n of stateNotes(child)) lines.push(`${indent}${id} : ${mermaidEscape(n)}`);
      if (child.type === 'compound' || child.type === 'parallel') {
        lines.push(`${indent}state ${id} {`);
        write(child, indent + '  ');
        lines.push(`${indent}}`);
      }
      if (child.type === 'final') lines.push(`${indent}${id} --> [*]`);
    }
  };
  write(root, '  ');
  const ts: Transition[] = [];
  collect(root, ts);
  for (const t of ts) {
    const targets = t.targets.length ? t.targets : [t.source]; // targetless: stays (actions only)
    for (const target of targets) lines.push(`  ${safeId(t.source)} --> ${safeId(target)} : ${mermaidEscape(t.label)}`);
  }
  return lines.join('\n') + '\n';
}

function dotEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function toDot(machine: AnyStateMachine): string {
  const root = machine.root as unknown as Node;
  const lines: string[] = [
    `digraph "${dotEscape(root.id)}" {`,
    '  compound=true; rankdir=TB; newrank=true;',
    '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const isCluster = (n: Node) => n.type === 'compound' || n.type === 'parallel';
  // Edges to or from a compound state attach to an invisible point inside its cluster.
  const anchor = (n: Node) => (isCluster(n) ? `${safeId(n.id)}__anchor` : safeId(n.id));
  const byId = new Map<string, Node>();
  const write = (node: Node, indent: string) => {
    byId.set(node.id, node);
    if (node.initial) {
      const start = `${safeId(node.id)}__initial`;
      lines.push(`${indent}${start} [shape=point, width=0.12, label=""];`);
      for (const t of node.initial.target) lines.push(`${indent}${start} -> ${anchor(t)}${isCluster(t) ? ` [lhead=cluster_${safeId(t.id)}]` : ''};`);
    }
    for (const child of Object.values(node.states)) {
      byId.set(child.id, child);
      const notes = stateNotes(child);
      if (isCluster(child)) {
        lines.push(`${indent}subgraph cluster_${safeId(child.id)} {`);
        lines.push(`${indent}  label="${dotEscape([child.key, ...notes].join('\n'))}"; style="rounded"; fontname="Helvetica"; fontsize=11;`);
        lines.push(`${indent}  ${anchor(child)} [shape=point, style=invis, width=0.01, label=""];`);
        write(child, indent + '  ');
        lines.push(`${indent}}`);
      } else {
        const label = [child.key, ...notes].join('\n');
        const shape = child.type === 'final' ? ', peripheries=2' : '';
        lines.push(`${indent}${safeId(child.id)} [label="${dotEscape(label)}"${shape}];`);
      }
    }
  };
  write(root, '  ');
  const ts: Transition[] = [];
  collect(root, ts);
  for (const t of ts) {
    const src = byId.get(t.source)!;
    const targets = t.targets.length ? t.targets : [t.source];
    for (const targetId of targets) {
      const dst = byId.get(targetId);
      if (!dst || src === (root as Node)) {
        // A transition on the machine itself: draw from its initial point.
        continue;
      }
      const attrs = [`label="${dotEscape(t.label)}"`];
      // ltail/lhead clip the edge at a cluster's border; not when one end is inside the other.
      const inside = (a: Node, b: Node) => a.id.startsWith(b.id + '.');
      if (isCluster(src) && !inside(dst, src)) attrs.push(`ltail=cluster_${safeId(src.id)}`);
      if (isCluster(dst) && dst !== src && !inside(src, dst)) attrs.push(`lhead=cluster_${safeId(dst.id)}`);
      lines.push(`  ${anchor(src)} -> ${anchor(dst)} [${attrs.join(', ')}];`);
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
