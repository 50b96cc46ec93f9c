// What a V8 heap snapshot (.heapsnapshot, as DevTools writes it) is made of: self sizes by kind of
// object and by constructor, and the objects that keep the most memory alive (retained size from
// the dominator tree, with the path of property names that holds each one).
import { readFile } from 'node:fs/promises';

interface RawSnapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface Retainer {
  /** e.g. `Object`, `(string) "{\"header\":…"`, `system / Context` */
  what: string;
  /** Property names from the holder down to this object, e.g. `nlp > features > lexeme`. */
  path: string;
  retainedMb: number;
}

export interface HeapSnapshotSummary {
  totalMb: number;
  /** Self size by kind: strings, code (bytecode, metadata), arrays, objects, closures, system, native. */
  byKindMb: Record<string, number>;
  /** Self size by constructor (strings and code grouped), largest first. */
  byConstructor: { name: string; count: number; mb: number }[];
  /** The largest retained sizes, nested ones that add nothing to their holder left out. */
  retainers: Retainer[];
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 100) / 100;

const KIND: Record<string, string> = {
  string: 'strings',
  'concatenated string': 'strings',
  'sliced string': 'strings',
  code: 'code',
  array: 'arrays',
  object: 'objects',
  closure: 'closures',
  'object shape': 'system',
  hidden: 'system',
  native: 'native',
  number: 'objects',
  regexp: 'objects',
  bigint: 'objects',
  symbol: 'objects',
};

export async function summariseHeapSnapshot(file: string, top = 12): Promise<HeapSnapshotSummary> {
  const snap = JSON.parse(await readFile(file, 'utf8')) as RawSnapshot;
  const { meta } = snap.snapshot;
  const N = meta.node_fields.length;
  const E = meta.edge_fields.length;
  const [nodeTypes] = meta.node_types;
  const [edgeTypes] = meta.edge_types;
  const { nodes, edges, strings } = snap;
  const count = nodes.length / N;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const ignored = new Set([edgeTypes.indexOf('weak'), edgeTypes.indexOf('shortcut')]);

  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * N + nEdges] * E;
  }
  firstEdge[count] = edges.length;
  const selfSize = (v: number): number => nodes[v * N + nSize];
  const typeOf = (v: number): string => nodeTypes[nodes[v * N + nType]];
  const label = (v: number): string => {
    const type = typeOf(v);
    const name = strings[nodes[v * N + nName]];
    if (KIND[type] === 'strings') return `(string) ${JSON.stringify(name.slice(0, 40))}`;
    if (type === 'code') return `(code) ${name.slice(0, 40)}`;
    if (type === 'object' || type === 'closure') return name.slice(0, 60) || `(${type})`;
    return `(${type}) ${name.slice(0, 40)}`;
  };

  // Self sizes by kind and by constructor.
  let total = 0;
  const byKind: Record<string, number> = {};
  const byName = new Map<string, { count: number; bytes: number }>();
  for (let v = 0; v < count; v++) {
    const size = selfSize(v);
    total += size;
    const type = typeOf(v);
    const kind = KIND[type] ?? 'system';
    byKind[kind] = (byKind[kind] ?? 0) + size;
    const name = kind === 'strings' ? '(strings)' : type === 'code' ? '(code)' : label(v);
    const entry = byName.get(name) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += size;
    byName.set(name, entry);
  }

  // Depth-first post-order from the root (node 0), strong edges only.
  const postIndex = new Int32Array(count).fill(-1);
  const postOrder = new Int32Array(count);
  const cursor = new Uint32Array(count);
  const stack = new Int32Array(count);
  let reached = 0;
  let sp = 0;
  stack[sp++] = 0;
  cursor[0] = firstEdge[0];
  postIndex[0] = -2; // on the stack
  while (sp > 0) {
    const v = stack[sp - 1];
    if (cursor[v] < firstEdge[v + 1]) {
      const e = cursor[v];
      cursor[v] += E;
      if (ignored.has(edges[e + eType])) continue;
      const w = edges[e + eTo] / N;
      if (postIndex[w] === -1) {
        postIndex[w] = -2;
        cursor[w] = firstEdge[w];
        stack[sp++] = w;
      }
    } else {
      sp--;
      postIndex[v] = reached;
      postOrder[reached++] = v;
    }
  }

  // Predecessors of every reached node, then immediate dominators (Cooper, Harvey and Kennedy).
  const predStart = new Uint32Array(count + 1);
  const strongEdges = (v: number, visit: (w: number, e: number) => void): void => {
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += E)
      if (!ignored.has(edges[e + eType])) visit(edges[e + eTo] / N, e);
  };
  for (let k = 0; k < reached; k++) strongEdges(postOrder[k], (w) => predStart[w + 1]++);
  for (let i = 0; i < count; i++) predStart[i + 1] += predStart[i];
  const preds = new Int32Array(predStart[count]);
  const fill = predStart.slice(0, count);
  for (let k = 0; k < reached; k++) {
    const v = postOrder[k];
    strongEdges(v, (w) => (preds[fill[w]++] = v));
  }
  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (let k = reached - 2; k >= 0; k--) {
      const v = postOrder[k];
      let candidate = -1;
      for (let j = predStart[v]; j < predStart[v + 1]; j++) {
        let a = preds[j];
        if (idom[a] === -1) continue;
        if (candidate === -1) {
          candidate = a;
          continue;
        }
        let b = candidate;
        while (a !== b) {
          while (postIndex[a] < postIndex[b]) a = idom[a];
          while (postIndex[b] < postIndex[a]) b = idom[b];
        }
        candidate = a;
      }
      if (candidate !== -1 && idom[v] !== candidate) {
        idom[v] = candidate;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(count);
  for (let k = 0; k < reached; k++) {
    const v = postOrder[k];
    retained[v] += selfSize(v);
    if (v !== 0) retained[idom[v]] += retained[v];
  }

  // The name of the reference that holds `v`: from its immediate dominator when that refers to it
  // directly, else from its first holder (marked `…`: the dominator holds it through others).
  const heldAs = (v: number): string => {
    let from = -1;
    for (let j = predStart[v]; j < predStart[v + 1] && from !== idom[v]; j++)
      if (from === -1 || preds[j] === idom[v]) from = preds[j];
    if (from === -1) return '?';
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += E) {
      if (edges[e + eTo] / N !== v || ignored.has(edges[e + eType])) continue;
      const type = edgeTypes[edges[e + eType]];
      const name =
        type === 'element' || type === 'hidden' ? `[${edges[e + eName]}]` : strings[edges[e + eName]];
      return from === idom[v] ? name : `…${name}`;
    }
    return '?';
  };
  const pathOf = (v: number): string => {
    const names: string[] = [];
    for (let u = v; u !== 0 && names.length < 5; u = idom[u]) names.unshift(heldAs(u));
    return names.join(' > ');
  };

  // Largest retainers, skipping one whose holder retains (almost) the same: that is one thing.
  const candidates: number[] = [];
  for (let v = 1; v < count; v++)
    if (postIndex[v] >= 0 && typeOf(v) !== 'synthetic' && retained[v] >= 256 * 1024) candidates.push(v);
  candidates.sort((a, b) => retained[b] - retained[a]);
  const retainers: Retainer[] = [];
  const shown = new Set<number>();
  for (const v of candidates) {
    if (retainers.length >= top) break;
    const holder = idom[v];
    if (shown.has(holder) && retained[holder] - retained[v] < 64 * 1024) {
      shown.add(v);
      continue;
    }
    shown.add(v);
    retainers.push({ what: label(v), path: pathOf(v), retainedMb: mb(retained[v]) });
  }

  return {
    totalMb: mb(total),
    byKindMb: Object.fromEntries(
      Object.entries(byKind)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, mb(v)]),
    ),
    byConstructor: [...byName.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, top)
      .map(([name, { count: n, bytes }]) => ({ name, count: n, mb: mb(bytes) })),
    retainers,
  };
}
