// Searches a whole Redis database for strings: every key name (SCAN over the keyspace) and, by the
// key's TYPE, everything it holds — a string's bytes, a hash's fields and values, the members of a
// set or sorted set, a list's items, a stream's entries (ids, fields and values). Values are searched
// as bytes, so text inside protobuf, JSON or any other encoding is found as long as it is stored as is.
import type { Redis } from 'ioredis';

export interface Needle {
  /** What the needle is, for the report: 'user id', 'e-mail 1 (HMAC)', … */
  label: string;
  text: string;
  /** Compare ignoring ASCII case (e-mail addresses). */
  ignoreCase?: boolean;
}

export interface Hit {
  label: string;
  key: string;
  type: string;
  /** 'key name' or 'value'. */
  where: 'key name' | 'value';
}

// The command that reads everything a key of each type holds (after the key, given as its bytes).
const READ: Record<string, [string, ...(string | number)[]]> = {
  string: ['GET'],
  hash: ['HGETALL'],
  set: ['SMEMBERS'],
  zset: ['ZRANGE', 0, -1],
  list: ['LRANGE', 0, -1],
  stream: ['XRANGE', '-', '+'],
};

/** Every Buffer in a (nested) reply, as latin1 text: one character per byte. */
function texts(reply: unknown, out: string[] = []): string[] {
  if (Buffer.isBuffer(reply)) out.push(reply.toString('latin1'));
  else if (Array.isArray(reply)) for (const r of reply) texts(r, out);
  return out;
}

/** Every place in the database where a needle occurs. Fails on a key of a type it cannot read. */
export async function findInRedis(redis: Redis, needles: Needle[]): Promise<Hit[]> {
  // Needles as latin1 text of their UTF-8 bytes, to compare with values read byte for byte.
  const wanted = needles.map((n) => {
    const bytes = Buffer.from(n.text, 'utf8').toString('latin1');
    return { ...n, bytes: n.ignoreCase ? bytes.toLowerCase() : bytes };
  });
  const hits: Hit[] = [];
  const search = (key: string, type: string, where: Hit['where'], haystack: string): void => {
    const lower = haystack.toLowerCase();
    for (const n of wanted)
      if ((n.ignoreCase ? lower : haystack).includes(n.bytes))
        hits.push({ label: n.label, key, type, where });
  };
  let cursor = '0';
  do {
    const [next, keys] = await redis.scanBuffer(cursor, 'COUNT', 1000);
    cursor = next.toString();
    for (const key of keys) {
      const name = key.toString('latin1');
      const type = await redis.type(key);
      if (type === 'none') continue; // expired or deleted since the SCAN
      const read = READ[type];
      if (!read) throw new Error(`key ${name} has type ${type}, which this scan cannot read`);
      search(name, type, 'key name', name);
      const [command, ...args] = read;
      const reply = await redis.callBuffer(command, key, ...args);
      for (const text of texts(reply)) search(name, type, 'value', text);
    }
  } while (cursor !== '0');
  return hits;
}

/** `label → places` for a failure message that says what remained where. */
export function describeHits(hits: Hit[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const h of hits) (out[h.label] ??= []).push(`${h.key} (${h.type}, ${h.where})`);
  for (const k of Object.keys(out)) out[k] = [...new Set(out[k])].sort();
  return out;
}
