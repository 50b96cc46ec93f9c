// The review aggregates checked against their own record (docs/decisions/redis-cluster-19.md, "An
// aggregate counted twice: the check"). Every product keeps, beside its counters and under the same
// hash tag, `counted`: review event id → what that review added. The counters must equal the sum
// of that record; a review applied twice (its done mark lost or expired while its effects stayed)
// shows as a counter above its recount, a damaged record as one below. Reads only: each product's
// three hashes in one MULTI (one slot, so one node of a Redis Cluster), products found by SCAN on
// every master.
import { Cluster, type Redis } from 'ioredis';
import type { CountedReview } from '../domain/review-contribution.js';

export interface AggregateDifference {
  tenant: string;
  product: string;
  /** `stats.<field>` or `aspects.<field>`. */
  field: string;
  /** What the counter holds (0 when absent). */
  counter: number;
  /** What the record adds up to. */
  recount: number;
}

export interface AggregateCheckReport {
  /** Products checked. */
  products: number;
  differences: AggregateDifference[];
}

export interface AggregateCheckOptions {
  /** Only this shop (default: every shop found). */
  tenant?: string;
  /** Only this product (needs `tenant`). */
  product?: string;
  /** The service name the keys are namespaced by (the effects ledger's `service`). */
  service?: string;
  /** SCAN COUNT hint. */
  scanCount?: number;
}

/** Fields that are counters; `updated_at`, `erasures` and the aspects' `best:` evidence are not. */
const STATS_COUNTER = /^(count|rating_sum|score_sum|low_confidence|star:.+|polarity:.+|tier:.+)$/;
const ASPECT_COUNTER = /^(?!best:).+:(mentions|positive|negative|neutral|score_sum)$/;
const FLOAT_FIELD = /(^|:)score_sum$/;

/** Glob-escapes a literal for SCAN MATCH. */
function literal(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The product keys' common prefix, `{<service>:<tenant>:<product>}:`. */
function productPrefix(service: string, tenant: string, product: string): string {
  return `{${service}:${tenant}:${product}}:`;
}

/** Every `stats` key of the shops asked for, on every master of a cluster or the one server. */
async function statsKeys(
  redis: Redis | Cluster,
  service: string,
  options: AggregateCheckOptions,
): Promise<string[]> {
  if (options.product !== undefined) {
    if (options.tenant === undefined) throw new Error('a product is checked within its tenant: give both');
    return [`${productPrefix(service, options.tenant, options.product)}stats`];
  }
  const pattern = `{${literal(service)}:${options.tenant === undefined ? '*' : `${literal(options.tenant)}:*`}}:stats`;
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const keys = new Set<string>();
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', options.scanCount ?? 500);
      for (const k of batch) keys.add(k);
      cursor = next;
    } while (cursor !== '0');
  }
  return [...keys].sort();
}

/** `{<service>:<tenant>:<product>}:stats` → tenant and product (a product id may hold colons). */
function parseStatsKey(key: string, service: string): { tenant: string; product: string } | undefined {
  const m = /^\{([^}]*)\}:stats$/.exec(key);
  if (!m || !m[1]!.startsWith(`${service}:`)) return undefined;
  const rest = m[1]!.slice(service.length + 1);
  const colon = rest.indexOf(':');
  if (colon <= 0) return undefined;
  const product = rest.slice(colon + 1);
  // The reviewer index lives under `<tenant>:user:<id>` and has no stats key; skip anything else odd.
  return product ? { tenant: rest.slice(0, colon), product } : undefined;
}

function add(map: Map<string, number>, field: string, by: number): void {
  map.set(field, (map.get(field) ?? 0) + by);
}

/** What the counters should hold, from the record of counted reviews. */
export function recount(counted: Iterable<CountedReview>): {
  stats: Map<string, number>;
  aspects: Map<string, number>;
} {
  const stats = new Map<string, number>([
    ['count', 0],
    ['rating_sum', 0],
    ['score_sum', 0],
  ]);
  const aspects = new Map<string, number>();
  for (const c of counted) {
    add(stats, 'count', 1);
    add(stats, 'rating_sum', c.rating);
    add(stats, `star:${c.rating}`, 1);
    add(stats, 'score_sum', c.score);
    add(stats, `polarity:${c.polarity}`, 1);
    add(stats, `tier:${c.tier}`, 1);
    if (c.lowConfidence) add(stats, 'low_confidence', 1);
    for (const a of c.aspects) {
      add(aspects, `${a.name}:mentions`, 1);
      add(aspects, `${a.name}:${a.polarity}`, 1);
      add(aspects, `${a.name}:score_sum`, a.score);
    }
  }
  return { stats, aspects };
}

function compare(
  where: { tenant: string; product: string },
  hash: 'stats' | 'aspects',
  stored: Record<string, string>,
  expected: Map<string, number>,
  isCounter: RegExp,
): AggregateDifference[] {
  const fields = new Set([...Object.keys(stored).filter((f) => isCounter.test(f)), ...expected.keys()]);
  const out: AggregateDifference[] = [];
  for (const field of [...fields].sort()) {
    const counter = stored[field] === undefined ? 0 : Number(stored[field]);
    const want = expected.get(field) ?? 0;
    const same = FLOAT_FIELD.test(field)
      ? Math.abs(counter - want) <= 1e-6 * Math.max(1, Math.abs(want))
      : counter === want;
    if (!same) out.push({ ...where, field: `${hash}.${field}`, counter, recount: want });
  }
  return out;
}

/** Checks every product's counters against its record of counted reviews; changes nothing. */
export async function checkReviewAggregates(
  redis: Redis | Cluster,
  options: AggregateCheckOptions = {},
): Promise<AggregateCheckReport> {
  const service = options.service ?? 'review-sentiment';
  const differences: AggregateDifference[] = [];
  let products = 0;
  for (const key of await statsKeys(redis, service, options)) {
    const where = parseStatsKey(key, service);
    if (!where) continue;
    const prefix = productPrefix(service, where.tenant, where.product);
    // One slot: the three hashes as of one moment, between two of the store's scripts.
    const replies = await redis
      .multi()
      .hgetall(`${prefix}stats`)
      .hgetall(`${prefix}aspects`)
      .hgetall(`${prefix}counted`)
      .exec();
    if (!replies) throw new Error(`the read of ${prefix}* was aborted`);
    const [stats, aspects, counted] = replies.map(([err, value]) => {
      if (err) throw err;
      return value as Record<string, string>;
    }) as [Record<string, string>, Record<string, string>, Record<string, string>];
    if (Object.keys(stats).length === 0 && Object.keys(counted).length === 0) continue;
    products++;
    const expected = recount(Object.values(counted).map((raw) => JSON.parse(raw) as CountedReview));
    differences.push(
      ...compare(where, 'stats', stats, expected.stats, STATS_COUNTER),
      ...compare(where, 'aspects', aspects, expected.aspects, ASPECT_COUNTER),
    );
  }
  return { products, differences };
}
