// The lifetime order counts checked against the window entries (docs/decisions/redis-cluster-19.md,
// "An aggregate counted twice: the check"). Each entity's keys share the tag `{<tenant>:<kind>:<hash>}`:
//   ev    sorted set  order id → event time: every order observed, pruned by each new order to the
//                     last 8 days (7-day window + 1 day) before that order's time
//   meta  hash        n (orders counted, once per first observation), sum, max, first (earliest
//                     event time counted); kept 180 days, only for the kinds with lifetime stats (user)
// What is checkable: `meta.n` against `ZCARD ev`, and only for an entity whose `first` is no older
// than the newest entry of `ev` minus 8 days — then no order it counted can have been pruned from
// `ev`, and every order in `ev` was counted once, so the two must be equal. `sum` and `max` are not
// checkable (the window keeps no amounts); an entity first seen before its window, or whose `ev` has
// expired (no order for 8 days), is counted as not checkable. An order counted twice (its done mark
// lost, its effects kept) shows as `meta.n` one above `ZCARD ev`. Reads only: each entity's two keys
// in one MULTI (one slot), entities found by SCAN on every master.
import { scanKeys, type RedisConnection } from '@shopmind/redis';
import { DAY, WEEK } from '../domain/order-facts.js';

/** How far behind its newest order an entity's `ev` still holds every order (the script's horizon). */
export const WINDOW_HOLDS_MS = WEEK + DAY;

export interface FraudAggregateDifference {
  tenant: string;
  /** `<kind>:<keyed hash>`: the entity (identifiers are kept only as keyed hashes). */
  entity: string;
  /** `meta.n`. */
  field: string;
  /** What the lifetime count holds. */
  counter: number;
  /** The orders in the window. */
  recount: number;
}

export interface FraudAggregateCheckReport {
  /** Entities checked (first seen within their window). */
  entities: number;
  differences: FraudAggregateDifference[];
  /** Entities with lifetime stats not checkable: first seen before their window, or window expired. */
  notCheckable: number;
}

export interface FraudAggregateCheckOptions {
  /** Only this shop (default: every shop found). */
  tenant?: string;
  /** SCAN COUNT hint. */
  scanCount?: number;
}

function literal(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** `fd:{<tenant>:<kind>:<hash>}:meta` → its parts. */
function parseMetaKey(key: string): { tenant: string; entity: string; tag: string } | undefined {
  const m = /^fd:\{(([^:}]+):([^:}]+:[^}]+))\}:meta$/.exec(key);
  return m ? { tag: m[1]!, tenant: m[2]!, entity: m[3]! } : undefined;
}

/** Checks every entity's lifetime order count against its window entries; changes nothing. */
export async function checkFraudAggregates(
  redis: RedisConnection,
  options: FraudAggregateCheckOptions = {},
): Promise<FraudAggregateCheckReport> {
  const pattern = `fd:{${options.tenant === undefined ? '*' : `${literal(options.tenant)}:*`}}:meta`;
  const keys = (await scanKeys(redis, pattern, options.scanCount)).sort();
  const report: FraudAggregateCheckReport = { entities: 0, differences: [], notCheckable: 0 };
  for (const key of keys) {
    const where = parseMetaKey(key);
    if (!where) continue;
    const ev = `fd:{${where.tag}}:ev`;
    // One slot (the entity's tag): the count and the window as of one moment, between two orders.
    const replies = await redis
      .multi()
      .hmget(key, 'n', 'first')
      .zcard(ev)
      .zrange(ev, -1, -1, 'WITHSCORES')
      .exec();
    if (!replies) throw new Error(`the read of ${key} was aborted`);
    const [[n, first], inWindow, newest] = replies.map(([err, value]) => {
      if (err) throw err;
      return value;
    }) as [[string | null, string | null], number, string[]];
    if (n === null) continue;
    if (first === null || newest.length < 2 || Number(first) < Number(newest[1]) - WINDOW_HOLDS_MS) {
      report.notCheckable++;
      continue;
    }
    report.entities++;
    if (Number(n) !== inWindow)
      report.differences.push({
        tenant: where.tenant,
        entity: where.entity,
        field: 'meta.n',
        counter: Number(n),
        recount: inWindow,
      });
  }
  return report;
}
