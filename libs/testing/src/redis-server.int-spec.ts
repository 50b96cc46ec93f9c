import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { startRedisServer, type LocalRedisServer } from './redis-server.js';
import { canConnect } from './tcp-port.js';

describe('startRedisServer', () => {
  let server: LocalRedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function roundTrip(value: string): Promise<string | null> {
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await redis.connect();
      await redis.set('k', value);
      return await redis.get('k');
    } finally {
      redis.disconnect();
    }
  }

  it('starts a server that stores and returns values', async () => {
    expect(await roundTrip('v1')).toBe('v1');
  });

  it('can be taken down and brought back on the same port, empty', async () => {
    await roundTrip('before');
    await server.kill();
    expect(await canConnect(server.port)).toBe(false);

    await server.start();
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await redis.connect();
      expect(await redis.get('k')).toBeNull(); // no persistence: a restarted Redis starts empty
    } finally {
      redis.disconnect();
    }
    expect(await roundTrip('after')).toBe('after');
  });
});

describe('startRedisServer({ persistent: true })', () => {
  it('keeps every acknowledged write across a SIGKILL and a start on the same port', async () => {
    const server = await startRedisServer({ persistent: true });
    try {
      const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      await redis.connect();
      for (let i = 0; i < 200; i++) await redis.hset('h', `f${i}`, String(i));
      redis.disconnect();
      await server.kill('SIGKILL');
      expect(await canConnect(server.port)).toBe(false);

      await server.start();
      const again = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await again.connect();
        expect(await again.hlen('h')).toBe(200);
        expect(await again.hget('h', 'f199')).toBe('199');
      } finally {
        again.disconnect();
      }
    } finally {
      await server.stop();
    }
  });
});
