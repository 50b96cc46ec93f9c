// The recommendation evaluation's bookkeeping, pure (no servers): reading a replay file, choosing
// each user's held-out order, the two baselines (popularity, co-occurrence) and the ranking metrics.
// The rules are issue 10's ("Evaluation"); reco.eval.ts drives the live service beside them.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { fromJson } from '@bufbuild/protobuf';
import {
  eventForSubject,
  Events,
  tenantOfSubject,
  type EventDefinition,
  type OrderPlaced,
  type UserInteracted,
} from '@shopmind/contracts';
import { InputError } from './input-error.js';

/** One line of a replay: `{"subject": "shop.<tenant>.<domain>.<event>", "data": <proto3 JSON>}`. */
export interface ReplayEvent {
  /** 1-based line number in the file. */
  line: number;
  tenant: string;
  definition: EventDefinition;
  message: MessageShape<DescMessage>;
}

export function parseReplay(text: string): ReplayEvent[] {
  const events: ReplayEvent[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const line = i + 1;
    try {
      const { subject, data } = JSON.parse(raw) as { subject?: string; data?: unknown };
      const definition = subject ? eventForSubject(subject) : undefined;
      if (!subject || !definition) throw new Error(`unknown subject ${JSON.stringify(subject)}`);
      const message = fromJson(definition.schema, data as never) as MessageShape<DescMessage>;
      events.push({ line, tenant: tenantOfSubject(subject), definition, message });
    } catch (err) {
      throw new InputError(`line ${line}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return events;
}

const interactionOf = (e: ReplayEvent): UserInteracted | undefined =>
  e.definition === Events.userInteracted ? (e.message as UserInteracted) : undefined;
const orderOf = (e: ReplayEvent): OrderPlaced | undefined =>
  e.definition === Events.orderPlaced ? (e.message as OrderPlaced) : undefined;

/** The distinct product ids of an order, in item order. */
export const orderProducts = (o: OrderPlaced): string[] => [
  ...new Set((o.order?.items ?? []).map((i) => i.productId)),
];

export interface HeldOutOrder {
  /** Index into the replay's events of the order.placed line. */
  index: number;
  tenant: string;
  userId: string;
  /** The order's products that were new to the user: the relevant set. */
  relevant: string[];
}

/**
 * Each user's held-out order: the last order.placed containing at least one product not among the
 * user's products so far (earlier interactions with a product id, of any kind, and earlier order
 * items). Events with an empty user id are never held out. Ordered by position in the replay.
 */
export function heldOutOrders(events: ReplayEvent[]): HeldOutOrder[] {
  const seen = new Map<string, Set<string>>();
  const last = new Map<string, HeldOutOrder>();
  const productsOf = (key: string) => seen.get(key) ?? seen.set(key, new Set()).get(key)!;
  events.forEach((e, index) => {
    const interaction = interactionOf(e);
    if (interaction?.userId && interaction.productId) {
      productsOf(`${e.tenant}\n${interaction.userId}`).add(interaction.productId);
    }
    const placed = orderOf(e);
    const userId = placed?.order?.userId;
    if (!placed || !userId) return;
    const key = `${e.tenant}\n${userId}`;
    const known = productsOf(key);
    const products = orderProducts(placed);
    const relevant = products.filter((p) => !known.has(p));
    if (relevant.length) last.set(key, { index, tenant: e.tenant, userId, relevant });
    for (const p of products) known.add(p);
  });
  return [...last.values()].sort((a, b) => a.index - b.index);
}

/** Ranks by score descending, ties by product id ascending; only positive scores, at most k. */
function rank(scores: Map<string, number>, excluded: Set<string>, k: number): string[] {
  return [...scores]
    .filter(([p, s]) => s > 0 && !excluded.has(p))
    .sort(([a, sa], [b, sb]) => sb - sa || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, k)
    .map(([p]) => p);
}

interface TenantState {
  popularity: Map<string, number>;
  /** co-occurrence(a, b), kept symmetric: pairs.get(a).get(b) === pairs.get(b).get(a). */
  pairs: Map<string, Map<string, number>>;
  sessions: Map<string, Set<string>>;
  /** Per user: products, most recent last (a product moves to the end when it recurs). */
  recent: Map<string, string[]>;
  purchased: Map<string, Set<string>>;
}

/**
 * The baselines, fed the replay's events in order (`observe`) and asked at any moment. Popularity of
 * p = earlier orders of the tenant containing p. Co-occurrence of a and b = sessions so far with both
 * plus orders with both; a user's score for b sums it over the user's last 5 distinct products. Both
 * leave out what the user purchased and break ties by product id ascending.
 */
export class ReplayBaselines {
  static readonly USER_SEEDS = 5;
  private readonly tenants = new Map<string, TenantState>();

  observe(e: ReplayEvent): void {
    const interaction = interactionOf(e);
    if (interaction?.productId) {
      const t = this.state(e.tenant);
      const session = t.sessions.get(interaction.sessionId) ?? new Set<string>();
      t.sessions.set(interaction.sessionId, session);
      if (!session.has(interaction.productId)) {
        for (const other of session) this.pair(t, interaction.productId, other);
        session.add(interaction.productId);
      }
      if (interaction.userId) this.touch(t, interaction.userId, [interaction.productId]);
    }
    const placed = orderOf(e);
    if (placed) {
      const t = this.state(e.tenant);
      const products = orderProducts(placed);
      products.forEach((p, i) => {
        t.popularity.set(p, (t.popularity.get(p) ?? 0) + 1);
        for (const other of products.slice(0, i)) this.pair(t, p, other);
      });
      const userId = placed.order?.userId;
      if (userId) {
        this.touch(t, userId, products);
        const bought = t.purchased.get(userId) ?? new Set<string>();
        t.purchased.set(userId, bought);
        for (const p of products) bought.add(p);
      }
    }
  }

  popularity(tenant: string, userId: string, k: number): string[] {
    const t = this.state(tenant);
    return rank(t.popularity, t.purchased.get(userId) ?? new Set(), k);
  }

  coOccurrence(tenant: string, userId: string, k: number): string[] {
    const t = this.state(tenant);
    const scores = new Map<string, number>();
    for (const a of this.lastProducts(tenant, userId)) {
      for (const [b, n] of t.pairs.get(a) ?? []) scores.set(b, (scores.get(b) ?? 0) + n);
    }
    return rank(scores, t.purchased.get(userId) ?? new Set(), k);
  }

  /** The user's last USER_SEEDS distinct products, most recent first. */
  lastProducts(tenant: string, userId: string): string[] {
    const recent = this.state(tenant).recent.get(userId) ?? [];
    return recent.slice(-ReplayBaselines.USER_SEEDS).reverse();
  }

  private touch(t: TenantState, userId: string, products: string[]): void {
    const recent = (t.recent.get(userId) ?? []).filter((p) => !products.includes(p));
    recent.push(...products);
    t.recent.set(userId, recent);
  }

  private pair(t: TenantState, a: string, b: string): void {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const row = t.pairs.get(x) ?? new Map<string, number>();
      t.pairs.set(x, row);
      row.set(y, (row.get(y) ?? 0) + 1);
    }
  }

  private state(tenant: string): TenantState {
    let t = this.tenants.get(tenant);
    if (!t) {
      t = {
        popularity: new Map(),
        pairs: new Map(),
        sessions: new Map(),
        recent: new Map(),
        purchased: new Map(),
      };
      this.tenants.set(tenant, t);
    }
    return t;
  }
}

/** 1 when any relevant product is among the first k, else 0. */
export const hitAt = (ranked: string[], relevant: string[], k: number): number =>
  ranked.slice(0, k).some((p) => relevant.includes(p)) ? 1 : 0;

/** nDCG@k with binary relevance, every relevant product counting as relevant. */
export function ndcgAt(ranked: string[], relevant: string[], k: number): number {
  const gain = (i: number) => 1 / Math.log2(i + 2);
  const dcg = ranked.slice(0, k).reduce((s, p, i) => s + (relevant.includes(p) ? gain(i) : 0), 0);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i++) ideal += gain(i);
  return ideal ? dcg / ideal : 0;
}
