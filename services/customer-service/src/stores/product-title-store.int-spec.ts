// The title index on real Redis: what a message names follows upserts, renames and deletes (last
// writer wins), equals what domain matchProducts finds in the whole catalogue (ties across pages
// included), and titles stored by the previous version (one hash, no index) are moved into it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EffectsLedger } from '@shopmind/bus';
import { scanKeys, type RedisConnection } from '@shopmind/redis';
import {
  connectTestRedis,
  seededRandom,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { matchProducts, type ProductTitle } from '../domain/support-entities.js';
import { ProductTitleStore } from './product-title-store.js';

let infra: Infra;
let redis: RedisConnection;
let ledger: EffectsLedger;
let store: ProductTitleStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  ledger = new EffectsLedger(redis, { service: 'customer-service' });
  store = new ProductTitleStore(redis, ledger);
});
afterAll(async () => {
  await redis.quit();
  await infra.stop();
});

const T0 = Date.UTC(2026, 10, 1);
const upsert = (tenant: string, id: string, title: string, version: number, brand = '') =>
  store.upsert(tenant, uniqueName('ev'), { id, title, brand }, { version, atMs: T0 + version });
const named = async (tenant: string, text: string) =>
  (await store.namedProduct(tenant, text, 0.6))?.productId;

describe('ProductTitleStore on Redis', () => {
  it('follows an upsert, a rename and a delete; a late older upsert does not bring a product back', async () => {
    const tenant = uniqueTenant('titles');
    await upsert(tenant, 'p-stack', 'Wooden Rainbow Stacker', 1, "Grimm's");
    await upsert(tenant, 'p-kite', 'Cotton Dragon Kite', 1);
    expect(await store.namedProduct(tenant, 'is the wooden rainbow stacker safe for a baby?', 0.6)).toEqual({
      productId: 'p-stack',
      title: 'Wooden Rainbow Stacker',
      score: 1,
      brand: "Grimm's",
    });

    await upsert(tenant, 'p-stack', 'Felt Play Kitchen', 2);
    expect(await named(tenant, 'is the wooden rainbow stacker safe for a baby?')).toBeUndefined();
    expect(await named(tenant, 'does the felt play kitchen come assembled?')).toBe('p-stack');

    await store.delete(tenant, uniqueName('ev'), 'p-stack', { version: 3, atMs: T0 + 3 });
    expect(await named(tenant, 'does the felt play kitchen come assembled?')).toBeUndefined();
    await upsert(tenant, 'p-stack', 'Felt Play Kitchen', 2);
    expect(await named(tenant, 'does the felt play kitchen come assembled?')).toBeUndefined();
    expect(await named(tenant, 'the cotton dragon kite is torn')).toBe('p-kite');

    // Nothing of the renamed and deleted titles is left in the index.
    const termKeys = await scanKeys(redis, `{customer-service:${tenant}:support}:title-term:*`);
    expect(termKeys.sort()).toEqual(
      ['cotton', 'dragon', 'kite'].map((t) => `{customer-service:${tenant}:support}:title-term:${t}`),
    );
  });

  it('names the product matchProducts finds in the whole catalogue, ties across pages included', async () => {
    const tenant = uniqueTenant('parity');
    const random = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const words = ['wooden', 'felt', 'train', 'rocket', 'puzzle', 'dinosaur', 'rainbow', 'castle', 'mini'];
    const catalogue: ProductTitle[] = [];
    for (let i = 0; i < 600; i++) {
      const n = 1 + Math.floor(random() * 4);
      const title = Array.from({ length: n }, () => pick(words)).join(' ') + (random() < 0.3 ? ` ${i}` : '');
      catalogue.push({ productId: `p-${String(i).padStart(4, '0')}`, title });
    }
    // 250 titles that tie for "the tin tugboat" (2 of 3 words each), more than one page of ties, the
    // first by title ("Tin Tugboat 1") on the last page by id.
    for (let i = 0; i < 250; i++)
      catalogue.push({ productId: `t-${999 - i}`, title: `Tin Tugboat ${i + 1}` });
    // Ranked in id order, as the index pages through equal scores.
    catalogue.sort((a, b) => (a.productId < b.productId ? -1 : 1));
    for (const p of catalogue) await upsert(tenant, p.productId, p.title, 1);

    const messages = [
      'the tin tugboat',
      'wooden train',
      'is the 17 ok?',
      'hello there',
      'the dinosaur rocket broke',
    ];
    for (let i = 0; i < 150; i++)
      messages.push(
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick([...words, 'the', '12'])).join(' '),
      );
    for (const text of messages) {
      const expected = matchProducts(text, catalogue, 0.6)[0];
      const found = await store.namedProduct(tenant, text, 0.6);
      expect({ text, found: found && { productId: found.productId, score: found.score } }).toEqual({
        text,
        found: expected && { productId: expected.productId, score: expected.score },
      });
    }
  });

  it('keeps a tie that the summed shares round apart (3 × 1/5 > 6 × 1/10 in floating point)', async () => {
    const tenant = uniqueTenant('rounding');
    await upsert(tenant, 'p-a', 'Aardvark Badger Camel Okapi Puma', 1);
    await upsert(tenant, 'p-b', 'Aardvark Badger Camel Dingo Emu Ferret Gecko Hyena Ibis Jackal', 1);
    const text = 'aardvark badger camel dingo emu ferret';
    expect(
      matchProducts(text, [{ productId: 'p-a', title: 'Aardvark Badger Camel Okapi Puma' }])[0]?.score,
    ).toBe(0.6);
    // Both share 0.6 of their words with the message; the first by title wins.
    expect(await named(tenant, text)).toBe('p-b');
  });

  it('moves titles stored by the previous version into the index on the first lookup', async () => {
    const tenant = uniqueTenant('legacy');
    const legacy = `{customer-service:${tenant}:support}:products`;
    await redis.hset(legacy, {
      'p-old': JSON.stringify({ v: 1, at: T0, title: 'Balance Bike', brand: 'Hape' }),
      'p-gone': JSON.stringify({ v: 2, at: T0, deleted: true }),
      'p-renamed': JSON.stringify({ v: 1, at: T0, title: 'Tin Drum' }),
      'p-newer-there': JSON.stringify({ v: 3, at: T0, title: 'Glass Marble Run' }),
    });
    // Events handled by this version before the first lookup: one newer, one older than the old entry.
    await upsert(tenant, 'p-renamed', 'Bamboo Xylophone', 2);
    await upsert(tenant, 'p-newer-there', 'Paper Lantern', 2);
    await upsert(tenant, 'p-gone', 'Cork Boat', 1);

    expect(await store.namedProduct(tenant, 'is the balance bike adjustable?', 0.6)).toMatchObject({
      productId: 'p-old',
      brand: 'Hape',
    });
    expect(await redis.exists(legacy)).toBe(0);
    expect(await named(tenant, 'the tin drum')).toBeUndefined();
    expect(await named(tenant, 'the bamboo xylophone')).toBe('p-renamed');
    expect(await named(tenant, 'the glass marble run')).toBe('p-newer-there');
    expect(await named(tenant, 'the paper lantern')).toBeUndefined();
    expect(await named(tenant, 'the cork boat')).toBeUndefined();
  });
});
