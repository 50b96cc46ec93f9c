// The model as a request reads it: the seeds (the user's recent products, or the request's) with
// every list the candidates come from in two pipelined round trips (which lists depends on the
// first: a user's recent products and favourite categories, the request's products' categories),
// then the facts of the candidates it may show in one script (model-scripts.ts), so most top-k
// requests cost three Redis round trips whatever their size. The reads need no atomicity: a list
// read a moment after another only ranks with the newer counts, as a request a moment later would.
// The shopping guide adds one call for the products matching the shopper's interests, and reads
// fuller records (the catalogue's age range, attributes and description for its safety rules).
// Every script takes all the keys it reads in KEYS.
import type { EffectsLedger } from '@shopmind/bus';
import { RedisScript } from '@shopmind/redis';
import type { RedisConnection } from '@shopmind/redis';
import type { ContentSource } from '../domain/content-similarity.js';
import type { CatalogueFacts } from '../domain/guide/guide-candidate.js';
import type { ProductFacts } from '../domain/product-facts.js';
import type { ScoredId } from '../domain/recommender.js';
import { READ_GUIDE_LUA, READ_PRODUCTS_LUA } from './model-scripts.js';
import { decodeProduct, execPipeline, MODEL_ENTITY } from './recommendation-model-store.js';

/** What a user request knows of the user. */
export interface UserHistory {
  /** The strongest decayed product affinity of the user (0 when none). */
  strongest: number;
  /** Decayed affinity of each seed. */
  seedAffinities: number[];
  /** Favourite category keys (positive affinity), strongest first. */
  categories: ScoredId[];
  purchased: Set<string>;
}

export interface SeedLists {
  /** Co-occurrence neighbours, strongest first. */
  neighbours: ScoredId[];
  /** Those of the neighbours ever bought together with the seed. */
  bought: Set<string>;
  /** Content neighbours, most similar first. */
  similar: ScoredId[];
}

export interface ProductRecord {
  /** Undefined when the catalogue does not have it (unknown or deleted). */
  readonly facts?: ProductFacts;
  factKeys: string[];
}

/** A product as the guide judges it; undefined facts: unknown or deleted. */
export interface GuideRecord extends ProductRecord {
  catalogue: CatalogueFacts;
}

/** Products matching one interest, most popular first. */
export interface InterestMatches {
  /** By what names them (title, brand, categories, attribute values). */
  named: ScoredId[];
  /** By their description only. */
  described: ScoredId[];
}

export interface GuideLists {
  /** The currency of the shop's prices (the last priced product's), if any product had one. */
  currency?: string;
  /** One per interest asked, in order. */
  interests: InterestMatches[];
}

/** Everything one request reads before ranking. */
export interface RequestLists {
  /** The user's most recent products, or the request's products. */
  seeds: string[];
  /** For a user request. */
  user?: UserHistory;
  /** Records of the request's products (empty for a user request). */
  records: Map<string, ProductRecord>;
  /** The user's favourite category keys, or the leaf categories of the request's products. */
  categories: string[];
  lists: Map<string, SeedLists>;
  /** The requested category's popularity (the whole shop's when none), then each category's. */
  popular: ScoredId[][];
  /** Category key → display name (the key itself when the catalogue never named it). */
  names: Map<string, string>;
}

export interface ReadLimits {
  /** Items per list. */
  perList: number;
  /** The requested category key, if any. */
  category?: string;
  /** User requests: recent products used as seeds, favourite categories read. */
  recent: number;
  favourites: number;
}

type RawRecord = [string | null, string[]] | [string | null, string[], string | null, string | null];

const READ_PRODUCTS = new RedisScript<RawRecord[]>({
  name: 'reco.readProducts',
  keys: ['...records'],
  lua: READ_PRODUCTS_LUA,
});
const READ_GUIDE = new RedisScript<[string | null, [string[], string[]][]]>({
  name: 'reco.readGuide',
  keys: ['meta', 'pop', 'tmp', '...terms'],
  lua: READ_GUIDE_LUA,
});

/** What HMGET of a product's hash reads for a request record. */
const RECORD_FIELDS = ['deleted', 'f', 'ck'] as const;

export class ModelReader {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
  ) {}

  /** The lists for a user's request: seeds from the user's recent products. */
  async forUser(tenant: string, userId: string, limits: ReadLimits): Promise<RequestLists> {
    const p = this.prefix(tenant);
    const u = `${p}u:${userId}`;
    const [seeds, strongest, favourite, purchased] = await execPipeline<
      [string[], string[], string[], string[]]
    >(
      this.redis
        .pipeline()
        .zrevrange(`${u}:seen`, 0, limits.recent - 1)
        .zrevrange(`${u}:p`, 0, 0, 'WITHSCORES')
        .zrevrangebyscore(`${u}:c`, '+inf', '(0', 'WITHSCORES', 'LIMIT', 0, limits.favourites)
        .smembers(`${u}:bought`),
    );
    const categories: string[] = [];
    for (let i = 0; i < favourite.length; i += 2) categories.push(favourite[i]!);
    const affinities = this.redis.pipeline();
    for (const id of seeds) affinities.zscore(`${u}:p`, id);
    const [seedAffinities, lists] = await this.lists(tenant, limits, seeds, categories, affinities);
    return {
      ...lists,
      records: new Map(),
      user: {
        strongest: Number(strongest[1] ?? '0'),
        seedAffinities: seedAffinities.map((a) => Number(a ?? '0')),
        categories: pairs(favourite),
        purchased: new Set(purchased),
      },
    };
  }

  /** The lists for a product or cart request: the products are the seeds. */
  async forProducts(tenant: string, productIds: string[], limits: ReadLimits): Promise<RequestLists> {
    const p = this.prefix(tenant);
    const pipe = this.redis.pipeline();
    for (const id of productIds) pipe.hmget(`${p}p:${id}`, ...RECORD_FIELDS).smembers(`${p}gf:${id}`);
    const read = await execPipeline<((string | null)[] | string[])[]>(pipe);
    const records = new Map<string, ProductRecord>();
    const categories: string[] = [];
    productIds.forEach((id, i) => {
      const [deleted, packed, ck] = read[2 * i] as (string | null)[];
      const live = deleted === '0' && packed ? packed : null;
      records.set(id, recordOf(id, [live, read[2 * i + 1] as string[]]));
      const leaf = live && ck ? (JSON.parse(ck) as string[]).at(-1) : undefined;
      if (leaf && !categories.includes(leaf)) categories.push(leaf);
    });
    const [, lists] = await this.lists(tenant, limits, productIds, categories);
    return { ...lists, records };
  }

  /** Facts and graph fact keys of each product. */
  async products(tenant: string, ids: string[]): Promise<Map<string, ProductRecord>> {
    if (ids.length === 0) return new Map();
    const found = await READ_PRODUCTS.run(this.redis, this.recordKeys(tenant, ids), ['0']);
    return new Map(ids.map((id, i) => [id, recordOf(id, found[i]!)]));
  }

  /** Products matching each interest (given as the words a product must all have), at most
   * `limit` per list, and the shop's currency. */
  async guideLists(tenant: string, interests: string[][], limit: number): Promise<GuideLists> {
    const p = this.prefix(tenant);
    const keys = [`${p}meta`, `${p}pop`, `${p}guide:tmp`];
    const at = new Map<string, number>();
    const position = (key: string): number => {
      let i = at.get(key);
      if (i === undefined) at.set(key, (i = keys.push(key)));
      return i;
    };
    const asked = interests.map((words) =>
      words.map((w) => [position(`${p}tt:${w}`), position(`${p}td:${w}`)]),
    );
    const [currency, lists] = await READ_GUIDE.run(this.redis, keys, [limit, JSON.stringify(asked)]);
    return {
      ...(currency ? { currency } : {}),
      interests: lists.map(([named, described]) => ({ named: pairs(named), described: pairs(described) })),
    };
  }

  /** The guide's records of each product: facts, graph fact keys, age range, attributes, description. */
  async guideRecords(tenant: string, ids: string[]): Promise<Map<string, GuideRecord>> {
    if (ids.length === 0) return new Map();
    const found = await READ_PRODUCTS.run(this.redis, this.recordKeys(tenant, ids), ['1']);
    return new Map(
      ids.map((id, i) => {
        const raw = found[i]!;
        return [
          id,
          Object.assign(recordOf(id, raw), { catalogue: catalogueOf(raw[2] ?? null, raw[3] ?? null) }),
        ];
      }),
    );
  }

  /** p:<id>, gf:<id> of each product, for READ_PRODUCTS. */
  private recordKeys(tenant: string, ids: string[]): string[] {
    const p = this.prefix(tenant);
    return ids.flatMap((id) => [`${p}p:${id}`, `${p}gf:${id}`]);
  }

  /**
   * The second round trip of a request: each seed's lists, the popularity lists (the requested
   * category's or the whole shop's, then each category's) and the categories' names, after what
   * `before` queued (its results come first).
   */
  private async lists(
    tenant: string,
    limits: ReadLimits,
    seeds: string[],
    categories: string[],
    before = this.redis.pipeline(),
  ): Promise<[(string | null)[], Omit<RequestLists, 'user' | 'records'>]> {
    const p = this.prefix(tenant);
    const n = limits.perList - 1;
    const queued = before.length;
    for (const id of seeds) {
      before
        .zrevrange(`${p}co:${id}`, 0, n, 'WITHSCORES')
        .zrange(`${p}cb:${id}`, 0, -1)
        .zrevrange(`${p}cn:${id}`, 0, n, 'WITHSCORES');
    }
    const asked = limits.category;
    before.zrevrange(
      asked === undefined || asked === '' ? `${p}pop` : `${p}popc:${asked}`,
      0,
      n,
      'WITHSCORES',
    );
    for (const c of categories) before.zrevrange(`${p}popc:${c}`, 0, n, 'WITHSCORES');
    const named = [...(asked ? [asked] : []), ...categories];
    if (named.length > 0) before.hmget(`${p}catname`, ...named);
    const read = await execPipeline<unknown[]>(before);
    const first = read.slice(0, queued) as (string | null)[];
    const rest = read.slice(queued);
    const lists = new Map<string, SeedLists>();
    seeds.forEach((id, i) => {
      const [co, cb, cn] = rest.slice(3 * i, 3 * i + 3) as [string[], string[], string[]];
      lists.set(id, { neighbours: pairs(co), bought: new Set(cb), similar: pairs(cn) });
    });
    const popular = rest.slice(3 * seeds.length, 3 * seeds.length + 1 + categories.length) as string[][];
    const names = (named.length > 0 ? rest.at(-1) : []) as (string | null)[];
    return [
      first,
      {
        seeds,
        categories,
        lists,
        popular: popular.map(pairs),
        names: new Map(named.map((k, i) => [k, names[i] ?? k])),
      },
    ];
  }

  private prefix(tenant: string): string {
    return this.ledger.key({ tenant, entity: MODEL_ENTITY }, '');
  }
}

/** `[member, score, member, score, …]` → scored ids. */
function pairs(flat: string[]): ScoredId[] {
  const out: ScoredId[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ productId: flat[i]!, score: Number(flat[i + 1]) });
  return out;
}

/** The catalogue facts the guide reads from the stored content source and age range. */
function catalogueOf(src: string | null, age: string | null): CatalogueFacts {
  const source = src ? (JSON.parse(src) as Partial<ContentSource>) : {};
  const [minMonths, maxMonths] = age ? (JSON.parse(age) as [number | null, number | null]) : [null, null];
  return {
    ...(minMonths !== null ? { ageMinMonths: minMonths } : {}),
    ...(maxMonths !== null ? { ageMaxMonths: maxMonths } : {}),
    attributes: source.attributes ?? {},
    description: source.description ?? '',
  };
}

/** Facts are decoded when first used: most records read are never offered (the list settles first). */
function recordOf(id: string, [packed, factKeys]: RawRecord): ProductRecord {
  let facts: ProductFacts | undefined;
  return {
    factKeys,
    get facts() {
      if (packed && !facts) facts = decodeProduct(id, packed);
      return facts;
    },
  };
}
