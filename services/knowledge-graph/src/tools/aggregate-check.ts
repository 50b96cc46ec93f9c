// The review counts of the graph checked against their own record (docs/decisions/redis-cluster-19.md,
// "An aggregate counted twice: the check"). Every product keeps, beside `p:<id>:rev` ("RELATION|aspect"
// → count) and under the tenant's hash tag, `p:<id>:revby`: review event id → the [relation, aspect]
// pairs that review counted, and `(before)` → the counts found when the record began (reviews counted
// before it existed). Each `rev` field must equal `(before)`'s count plus the pairs naming it; a review
// counted twice shows as a count above its recount. A product with counts and no record at all (all
// its reviews counted before the record existed, none since) cannot be checked and is listed as such.
// Reads only: each product's two hashes in one MULTI (one slot), products found by SCAN on every master.
import { Cluster, type Redis } from 'ioredis';

export interface GraphAggregateDifference {
  tenant: string;
  product: string;
  /** `rev.<RELATION>|<aspect>`. */
  field: string;
  /** What the count holds (0 when absent). */
  counter: number;
  /** What the record adds up to. */
  recount: number;
}

export interface GraphAggregateCheckReport {
  /** Products checked against their record. */
  products: number;
  differences: GraphAggregateDifference[];
  /** Products with review counts but no record (counted before the record existed): not checkable. */
  notCheckable: { tenant: string; product: string }[];
}

export interface GraphAggregateCheckOptions {
  /** Only this shop (default: every shop found). */
  tenant?: string;
  /** Only this product (needs `tenant`). */
  product?: string;
  /** SCAN COUNT hint. */
  scanCount?: number;
}

/** The field of `revby` holding the counts found when the record began. */
export const REVBY_BEFORE = '(before)';

function literal(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** `{kg:<tenant>}:p:<product>:rev` or `:revby` → tenant and product (a product id may hold colons). */
function parseKey(key: string): { tenant: string; product: string } | undefined {
  const m = /^\{kg:([^}]*)\}:p:(.+):(rev|revby)$/.exec(key);
  return m ? { tenant: m[1]!, product: m[2]! } : undefined;
}

/** Every product with a `rev` or a `revby` key, on every master of a cluster or the one server. */
async function productsOf(
  redis: Redis | Cluster,
  options: GraphAggregateCheckOptions,
): Promise<{ tenant: string; product: string }[]> {
  if (options.product !== undefined) {
    if (options.tenant === undefined) throw new Error('a product is checked within its tenant: give both');
    return [{ tenant: options.tenant, product: options.product }];
  }
  const pattern = `{kg:${options.tenant === undefined ? '*' : literal(options.tenant)}}:p:*:rev*`;
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found = new Map<string, { tenant: string; product: string }>();
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', options.scanCount ?? 500);
      for (const key of batch) {
        const where = parseKey(key);
        if (where) found.set(`${where.tenant}\u0000${where.product}`, where);
      }
      cursor = next;
    } while (cursor !== '0');
  }
  return [...found.values()].sort((a, b) =>
    a.tenant === b.tenant ? a.product.localeCompare(b.product) : a.tenant.localeCompare(b.tenant),
  );
}

/** What `rev` should hold, from the record: `(before)` plus one per pair naming a field. */
export function recountReviewFacts(revby: Record<string, string>): Map<string, number> {
  const expected = new Map<string, number>();
  const add = (field: string, by: number) => expected.set(field, (expected.get(field) ?? 0) + by);
  for (const [eventId, raw] of Object.entries(revby)) {
    if (eventId === REVBY_BEFORE) {
      for (const [field, n] of Object.entries(JSON.parse(raw) as Record<string, number>)) add(field, n);
      continue;
    }
    for (const [relation, aspect] of JSON.parse(raw) as [string, string][]) add(`${relation}|${aspect}`, 1);
  }
  return expected;
}

/** Checks every product's review counts against its record of counted reviews; changes nothing. */
export async function checkGraphAggregates(
  redis: Redis | Cluster,
  options: GraphAggregateCheckOptions = {},
): Promise<GraphAggregateCheckReport> {
  const report: GraphAggregateCheckReport = { products: 0, differences: [], notCheckable: [] };
  for (const where of await productsOf(redis, options)) {
    const prefix = `{kg:${where.tenant}}:p:${where.product}:`;
    // One slot (the tenant's tag): both hashes as of one moment, between two of the store's scripts.
    const replies = await redis.multi().hgetall(`${prefix}rev`).hgetall(`${prefix}revby`).exec();
    if (!replies) throw new Error(`the read of ${prefix}rev* was aborted`);
    const [rev, revby] = replies.map(([err, value]) => {
      if (err) throw err;
      return value as Record<string, string>;
    }) as [Record<string, string>, Record<string, string>];
    const hasRecord = Object.keys(revby).length > 0;
    if (!hasRecord) {
      if (Object.keys(rev).length > 0) report.notCheckable.push(where);
      continue;
    }
    report.products++;
    const expected = recountReviewFacts(revby);
    for (const field of [...new Set([...Object.keys(rev), ...expected.keys()])].sort()) {
      const counter = rev[field] === undefined ? 0 : Number(rev[field]);
      const recount = expected.get(field) ?? 0;
      if (counter !== recount) report.differences.push({ ...where, field: `rev.${field}`, counter, recount });
    }
  }
  return report;
}
