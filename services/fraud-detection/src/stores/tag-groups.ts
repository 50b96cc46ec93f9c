// Commands over many entities, grouped by hash tag for `execBySlot`: one pipeline on a single
// server, one pipeline per master on a Redis Cluster (a cluster pipeline must stay on one node).
import type { ChainableCommander } from 'ioredis';
import type { SlotGroup } from '@shopmind/redis';

/** The part of a key Redis Cluster hashes: the first non-empty `{…}`, else the whole key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return key.slice(open + 1, close);
  }
  return key;
}

/**
 * Collects commands by the hash tag of the key they touch. Replies come back grouped by tag (tags
 * in first-seen order), not in the order added: for batches whose replies are only checked for
 * errors (deletions).
 */
export class TagGroups {
  private readonly byTag = new Map<string, Array<(pipeline: ChainableCommander) => void>>();

  add(key: string, queue: (pipeline: ChainableCommander) => void): this {
    const tag = hashTagOf(key);
    const ops = this.byTag.get(tag);
    if (ops) ops.push(queue);
    else this.byTag.set(tag, [queue]);
    return this;
  }

  groups(): SlotGroup[] {
    return [...this.byTag.values()].map((ops) => (pipeline) => {
      for (const op of ops) op(pipeline);
    });
  }
}
