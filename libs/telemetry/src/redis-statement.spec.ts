import { describe, expect, it } from '@jest/globals';
import { keyPattern, redisStatement } from './redis-statement.js';

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
});
