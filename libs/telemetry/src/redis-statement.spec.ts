import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { keyPattern, redisStatement } from './redis-statement.js';
import { installTestTelemetry, type TestTelemetry } from './test-telemetry.js';

let telemetry: TestTelemetry;
beforeAll(() => {
  telemetry = installTestTelemetry();
});
afterAll(async () => {
  await telemetry.shutdown();
});

describe('Redis span text', () => {
  it('keeps the command and the key shape, hiding the ids in the key', () => {
    expect(redisStatement('ZREVRANGE', ['{recommendation:acme:model}:u:alice@example.com:seen', 0, 4])).toBe(
      'zrevrange {recommendation:?:model}:u:?:seen',
    );
    expect(keyPattern('fd:{acme:email:9f86d08188}:orders')).toBe('fd:{?:?:?}:?');
  });

  it('never shows a value: a cached answer or a review quote stays out of the span', () => {
    const text = redisStatement('SET', [
      'llm:{cache:abc}:answer',
      'Lovely quality, Jane Doe, 12 Main St',
      'EX',
      60,
    ]);
    expect(text).toBe('set llm:{cache:?}:answer');
    expect(
      redisStatement('HSET', ['{reviews:acme:product:p1}:aggregate', 'quote', 'I hated it']),
    ).not.toMatch(/hated|p1|acme/);
  });

  it("names a script's first key, not its arguments, and leaves keyless commands bare", () => {
    expect(redisStatement('evalsha', ['a1b2', 1, '{kg:acme:graph}:meta', 'user-42'])).toBe(
      'evalsha {kg:?:?}:meta',
    );
    expect(redisStatement('eval', ['return 1', 0, 'secret'])).toBe('eval');
    expect(redisStatement('PING', [])).toBe('ping');
    expect(redisStatement('INFO', ['memory'])).toBe('info');
  });

  it('builds no text for a command whose span is suppressed (it would never be recorded)', () => {
    const args = ['fd:{acme:card:abc}:ev', 1, 2];
    expect(context.with(suppressTracing(context.active()), () => redisStatement('ZADD', args))).toBe('');
    expect(redisStatement('ZADD', args)).toBe('zadd fd:{?:?:?}:?');
  });
});
