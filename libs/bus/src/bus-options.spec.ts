import { describe, expect, it } from '@jest/globals';
import { BusOptionsError, resolveBusOptions } from './bus-options.js';

describe('resolveBusOptions', () => {
  it('fills in the documented defaults', () => {
    expect(
      resolveBusOptions({ service: 'review-sentiment', natsUrl: 'nats://localhost:4222' }),
    ).toMatchObject({
      publishFormat: 'json',
      maxDeliver: 5,
      ackWaitMs: 30_000,
      handlerTimeoutMs: 300_000,
      maxAckPending: 1000,
      concurrency: 64,
      readAhead: 256,
      fairness: true,
      tenantConcurrency: 64,
      maxDelayedPerConsumer: 250,
      deferReserve: 1,
      replicas: 1,
      subjectPrefix: '',
      queryTimeoutMs: 5000,
      queryMaxDeadlineMs: 60_000,
      validateReplies: true,
      connectionName: 'review-sentiment',
      sweepStrays: true,
    });
  });

  it('reads ahead four times the concurrency, never more than max_ack_pending', () => {
    const base = { service: 'review-sentiment', natsUrl: 'nats://localhost:4222' };
    expect(resolveBusOptions({ ...base, concurrency: 8 }).readAhead).toBe(32);
    expect(resolveBusOptions({ ...base, concurrency: 8, maxAckPending: 20 }).readAhead).toBe(20);
    expect(resolveBusOptions({ ...base, concurrency: 8 }).tenantConcurrency).toBe(8);
  });

  it('refuses a read-ahead beyond max_ack_pending and a tenant limit beyond the concurrency', () => {
    expect(() =>
      resolveBusOptions({
        service: 'review-sentiment',
        natsUrl: 'nats://localhost:4222',
        maxAckPending: 100,
        readAhead: 200,
        concurrency: 8,
        tenantConcurrency: 9,
      }),
    ).toThrow(/readAhead must be at most maxAckPending.*tenantConcurrency must be at most concurrency/);
  });

  it('refuses a query deadline maximum a timer cannot hold', () => {
    expect(() =>
      resolveBusOptions({
        service: 'review-sentiment',
        natsUrl: 'nats://localhost:4222',
        queryMaxDeadlineMs: 2 ** 31,
      }),
    ).toThrow(/queryMaxDeadlineMs must be at most 2147483647/);
  });

  it('validates query replies unless told not to, whatever NODE_ENV says', () => {
    const base = { service: 'review-sentiment', natsUrl: 'nats://localhost:4222' };
    const before = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      expect(resolveBusOptions(base).validateReplies).toBe(true);
    } finally {
      process.env.NODE_ENV = before;
    }
    expect(resolveBusOptions({ ...base, validateReplies: false }).validateReplies).toBe(false);
    expect(() => resolveBusOptions({ ...base, validateReplies: 'no' as unknown as boolean })).toThrow(
      /validateReplies must be true or false/,
    );
  });

  it('refuses settings that cannot work, naming every one', () => {
    let error: unknown;
    try {
      resolveBusOptions({
        service: 'Review Sentiment',
        natsUrl: '',
        maxDeliver: 0,
        subjectPrefix: 'a.b',
        concurrency: 1.5,
        handlerTimeoutMs: 0,
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BusOptionsError);
    const problems = (error as BusOptionsError).problems.join('\n');
    for (const name of [
      'service',
      'natsUrl',
      'maxDeliver',
      'subjectPrefix',
      'concurrency',
      'deferReserve',
      'handlerTimeoutMs',
    ])
      expect(problems).toContain(name);
  });
});
