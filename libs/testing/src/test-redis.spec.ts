import { describe, expect, it } from '@jest/globals';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { formatClusterNodes, parseClusterNodes, testRedisMode } from './test-redis.js';

describe('testRedisMode', () => {
  it('is single unless SHOPMIND_TEST_REDIS says cluster, and refuses anything else', () => {
    expect(testRedisMode({})).toBe('single');
    expect(testRedisMode({ SHOPMIND_TEST_REDIS: ' cluster ' })).toBe('cluster');
    expect(testRedisMode({ SHOPMIND_TEST_REDIS: 'single' })).toBe('single');
    expect(() => testRedisMode({ SHOPMIND_TEST_REDIS: 'sentinel' })).toThrow(InfraUnavailableError);
  });
});

describe('REDIS_CLUSTER_NODES', () => {
  it('reads host:port pairs (redis:// allowed) and writes them back', () => {
    const nodes = parseClusterNodes('127.0.0.1:7000, redis://localhost:7001/,');
    expect(nodes).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: 'localhost', port: 7001 },
    ]);
    expect(formatClusterNodes(nodes)).toBe('127.0.0.1:7000,localhost:7001');
    expect(() => parseClusterNodes('127.0.0.1')).toThrow(/expected host:port/);
  });
});
