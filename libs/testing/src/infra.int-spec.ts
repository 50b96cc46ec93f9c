import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { connect } from '@nats-io/transport-node';
import { startInfra } from './infra.js';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { startNatsServer } from './nats-server.js';
import { startRedisServer } from './redis-server.js';
import { canConnect } from './tcp-port.js';

describe('startInfra', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    delete process.env.NATS_URL;
    delete process.env.REDIS_URL;
  });

  afterEach(() => {
    for (const key of ['NATS_URL', 'REDIS_URL', 'PATH', 'SHOPMIND_TEST_INFRA', 'DOCKER_HOST']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('uses NATS_URL and REDIS_URL when they are set and starts nothing', async () => {
    process.env.NATS_URL = 'nats://example.invalid:4222';
    process.env.REDIS_URL = 'redis://example.invalid:6379';
    const infra = await startInfra();
    expect(infra).toMatchObject({
      natsUrl: 'nats://example.invalid:4222',
      redisUrl: 'redis://example.invalid:6379',
      sources: { nats: 'env', redis: 'env' },
    });
    await infra.stop();
  });

  it('starts working local servers and removes them on stop', async () => {
    const infra = await startInfra({ sources: ['local'] });
    const natsPort = Number(new URL(infra.natsUrl).port);
    const redisPort = Number(new URL(infra.redisUrl).port);
    try {
      const nc = await connect({ servers: infra.natsUrl });
      await nc.flush();
      await nc.close();
      const redis = new Redis(infra.redisUrl, { maxRetriesPerRequest: 0 });
      expect(await redis.ping()).toBe('PONG');
      redis.disconnect();
    } finally {
      await infra.stop();
    }
    expect(await canConnect(natsPort)).toBe(false);
    expect(await canConnect(redisPort)).toBe(false);
  });

  it('names the binary to install when nats-server is not on PATH', async () => {
    process.env.PATH = '';
    const failure = startNatsServer();
    await expect(failure).rejects.toThrow(InfraUnavailableError);
    await expect(failure).rejects.toThrow(
      /nats-server was not found on PATH.*apt-get install -y nats-server/,
    );
    await expect(startRedisServer()).rejects.toThrow(/redis-server was not found on PATH/);
  });

  it('fails with one message naming everything to install when no way works', async () => {
    process.env.PATH = '';
    const failure = startInfra({ sources: ['env', 'local'] });
    await expect(failure).rejects.toThrow(InfraUnavailableError);
    await expect(failure).rejects.toThrow(
      /NATS with JetStream and Redis.*NATS_URL is not set.*nats-server and redis-server not found on PATH.*apt-get install -y nats-server redis-server.*set NATS_URL and REDIS_URL/,
    );
  });

  it('reports an unreachable container runtime instead of hanging', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/shopmind/docker.sock';
    await expect(startInfra({ sources: ['containers'] })).rejects.toThrow(
      /Testcontainers: .*no way to get them worked|no way to get them worked.*Testcontainers: /,
    );
  });
});
