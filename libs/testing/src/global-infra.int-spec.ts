import { describe, expect, it } from '@jest/globals';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';

describe('the shared test servers from jest-global-setup', () => {
  it('are handed to every test file as NATS_URL (with JetStream) and REDIS_URL', async () => {
    expect(process.env.NATS_URL).toMatch(/^nats:\/\//);
    expect(process.env.REDIS_URL).toMatch(/^redis:\/\//);
    const nc = await connect({ servers: process.env.NATS_URL });
    try {
      const info = await (await jetstreamManager(nc)).getAccountInfo();
      expect(info.limits).toBeDefined();
    } finally {
      await nc.close();
    }
    const redis = new Redis(process.env.REDIS_URL ?? '', { maxRetriesPerRequest: 0 });
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });
});
