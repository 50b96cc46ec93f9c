// The model as a request reads it: the seeds (the user's recent products, or the request's) with
// every list the candidates come from in one call, then the facts of the candidates it may show
// (scripts in model-scripts.ts), so most top-k requests cost two Redis calls whatever their size.
// The shopping guide adds one call for the products matching the shopper's interests, and reads
// fuller records (the catalogue's age range, attributes and description for its safety rules).
import type { EffectsLedger } from '@shopmind/bus';
import { RedisScript } from '@shopmind/redis';
import type { Redis } from 'ioredis';
import type { ContentSource } from '../domain/content-similarity.js';
import type { CatalogueFacts } from '../domain/guide/guide-candidate.js';
import type { ProductFacts } from '../domain/product-facts.js';
import type { ScoredId } from '../domain/recommender.js';
import { READ_GUIDE_LUA, READ_PRODUCTS_LUA, READ_REQUEST_LUA } from './model-scripts.js';
import { decodeProduct, MODEL_ENTITY } from './recommendation-model-store.js';

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
type RawRequest = [
  string[],
  [string[], string[], string[]] | [],
  RawRecord[],
  string[],
  [string[], string[], string[]][],
  string[][],
  (string | null)[],
];

// KEYS[1]: the tenant's `meta` key. These reads still build the names of the other keys they read
// (under the same tag: the seeds' lists are known only inside the call) from ARGV[1], the prefix:
// see docs/decisions/redis-keys-17.md.
const READ_REQUEST = new RedisScript<RawRequest>({
  name: 'reco.readRequest',
  keys: ['meta'],
  lua: READ_REQUEST_LUA,
});
const READ_PRODUCTS = new RedisScript<RawRecord[]>({
  name: 'reco.readProducts',
  keys: ['meta'],
  lua: READ_PRODUCTS_LUA,
});
const READ_GUIDE = new RedisScript<[string | null, [string[], string[]][]]>({
  name: 'reco.readGuide',
  keys: ['meta'],
  lua: READ_GUIDE_LUA,
});

export class ModelReader {
  constructor(
    private readonly redis: Redis,
    private readonly ledger: EffectsLedger,
  ) {}

  /** The lists for a user's request: seeds from the user's recent products. */
  forUser(tenant: string, userId: string, limits: ReadLimits): Promise<RequestLists> {
    return this.read(tenant, limits, 'user', userId, limits.recent, limits.favourites);
  }

  /** The lists for a product or cart request: the products are the seeds. */
  forProducts(tenant: string, productIds: string[], limits: ReadLimits): Promise<RequestLists> {
    return this.read(tenant, limits, 'items', JSON.stringify(productIds));
  }

  /** Facts and graph fact keys of each product. */
  async products(tenant: string, ids: string[]): Promise<Map<string, ProductRecord>> {
    if (ids.length === 0) return new Map();
    const p = this.prefix(tenant);
    const found = await READ_PRODUCTS.run(this.redis, [`${p}meta`], [p, JSON.stringify(ids)]);
    return new Map(ids.map((id, i) => [id, recordOf(id, found[i]!)]));
  }

  /** Products matching each interest (given as the words a product must all have), at most
   * `limit` per list, and the shop's currency. */
  async guideLists(tenant: string, interests: string[][], limit: number): Promise<GuideLists> {
    const p = this.prefix(tenant);
    const [currency, lists] = await READ_GUIDE.run(
      this.redis,
      [`${p}meta`],
      [p, limit, JSON.stringify(interests)],
    );
    return {
      ...(currency ? { currency } : {}),
      interests: lists.map(([named, described]) => ({ named: pairs(named), described: pairs(described) })),
    };
  }

  /** The guide's records of each product: facts, graph fact keys, age range, attributes, description. */
  async guideRecords(tenant: string, ids: string[]): Promise<Map<string, GuideRecord>> {
    if (ids.length === 0) return new Map();
    const p = this.prefix(tenant);
    const found = await READ_PRODUCTS.run(this.redis, [`${p}meta`], [p, JSON.stringify(ids), '1']);
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

  private async read(
    tenant: string,
    limits: ReadLimits,
    ...args: (string | number)[]
  ): Promise<RequestLists> {
    const p = this.prefix(tenant);
    const [seeds, user, records, categories, lists, popular, names] = await READ_REQUEST.run(
      this.redis,
      [`${p}meta`],
      [p, limits.perList, limits.category ?? '', ...args],
    );
    const named = [...(limits.category ? [limits.category] : []), ...categories];
    return {
      seeds,
      user:
        user.length === 3
          ? {
              strongest: Number(user[0][0]),
              seedAffinities: user[0].slice(1).map(Number),
              categories: pairs(user[1]),
              purchased: new Set(user[2]),
            }
          : undefined,
      records: new Map(records.map((r, i) => [seeds[i]!, recordOf(seeds[i]!, r)])),
      categories,
      lists: new Map(
        seeds.map((id, i) => {
          const [co, cb, cn] = lists[i]!;
          return [id, { neighbours: pairs(co), bought: new Set(cb), similar: pairs(cn) }];
        }),
      ),
      popular: popular.map(pairs),
      names: new Map(named.map((k, i) => [k, names[i] ?? k])),
    };
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
