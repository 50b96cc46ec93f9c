// startRedisSentinel: a client that asks the sentinel for the master writes to the master on
// masterPort, and the replica receives the write.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { eventually } from './eventually.js';
import { startRedisSentinel, type LocalRedisSentinel } from './redis-sentinel.js';
import { uniqueName } from './unique-name.js';

let sentinel: LocalRedisSentinel;
const clients: Redis[] = [];

beforeAll(async () => {
  sentinel = await startRedisSentinel({ name: 'shop-sentinel' });
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await sentinel?.stop();
});

describe('startRedisSentinel', () => {
  it('gives the master through the sentinel, and the replica copies its writes', async () => {
    expect(sentinel.name).toBe('shop-sentinel');
    const viaSentinel = new Redis({ sentinels: sentinel.sentinels, name: sentinel.name });
    const replica = new Redis({ host: '127.0.0.1', port: sentinel.replicaPort });
    clients.push(viaSentinel, replica);
    expect(await viaSentinel.config('GET', 'port')).toEqual(['port', String(sentinel.masterPort)]);
    const key = uniqueName('k');
    await viaSentinel.set(key, 'v');
    expect(
      await eventually(
        () => replica.get(key),
        (v) => v === 'v',
        { what: 'the replicated key' },
      ),
    ).toBe('v');
    expect(String(await replica.info('replication'))).toContain('role:slave');
  });
});
