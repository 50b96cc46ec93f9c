import { createHmac } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { TransientError } from '@shopmind/bus';
import { CustomerErasure } from './customer-erasure.js';
import { CustomerSubjects } from './customer-subjects.js';

const SECRET = 'a-test-secret-of-enough-length';
const subjects = new CustomerSubjects(SECRET);

describe('CustomerSubjects', () => {
  it('names an address by its keyed hash, whatever its case, never in clear', () => {
    const expected = `email:${createHmac('sha256', SECRET).update('ann@example.com').digest('base64url').slice(0, 22)}`;
    expect(subjects.ofEmail('Ann@Example.COM')).toBe(expected);
    expect(subjects.ofEmail(' ann@example.com ')).toBe(expected);
    expect(subjects.ofEmail('ann@example.com')).not.toContain('ann');
    expect(new CustomerSubjects('another-secret-of-length').ofEmail('ann@example.com')).not.toBe(expected);
  });

  it('lists the user id first, then each address once; a guest by address only', () => {
    expect(subjects.of('u-1', ['A@x.org', 'a@X.org', '', 'b@x.org'])).toEqual([
      'u-1',
      subjects.ofEmail('a@x.org'),
      subjects.ofEmail('b@x.org'),
    ]);
    expect(subjects.of('', ['g@x.org'])).toEqual([subjects.ofEmail('g@x.org')]);
    expect(subjects.of('', [''])).toEqual([]);
  });

  it('refuses a short secret', () => {
    expect(() => new CustomerSubjects('short')).toThrow(/16 characters/);
  });
});

describe('CustomerErasure, results and cache', () => {
  function erasureWith(fail?: Error) {
    const ledger = { applyOnce: jest.fn(async () => true), key: jest.fn() };
    const orders = { orderIdsOf: jest.fn(async () => ['W1']) };
    const conversations = { conversationIdsOf: jest.fn(async () => ['c1', 'c2']) };
    const published = {
      eraseResultsOf: jest.fn(async (_t: string, _s: string): Promise<number> => {
        if (fail) throw fail;
        return 1;
      }),
    };
    const gateway = { eraseSubject: jest.fn(async (_t: string, _s: string): Promise<number> => 2) };
    const erasure = new CustomerErasure(
      ledger as never,
      orders as never,
      conversations as never,
      subjects,
      published,
      gateway,
      { markerTtlSeconds: 60 },
    );
    return { erasure, published, gateway };
  }

  it('erases the results and cached plans under the user id and every address (any case)', async () => {
    const { erasure, published, gateway } = erasureWith();
    const erased = await erasure.erase('acme', 'e-1', { userId: 'u-1', emails: ['ANN@x.org', 'g@x.org'] });
    const names = ['u-1', subjects.ofEmail('ann@x.org'), subjects.ofEmail('g@x.org')];
    expect(published.eraseResultsOf.mock.calls).toEqual(names.map((n) => ['acme', n]));
    expect(gateway.eraseSubject.mock.calls).toEqual(names.map((n) => ['acme', n]));
    expect(erased).toEqual({ orders: 1, conversations: 2, results: 3, cached: 6 });
  });

  it('a guest (no user id) is erased by address', async () => {
    const { erasure, published } = erasureWith();
    await erasure.erase('acme', 'e-1', { userId: '', emails: ['G@x.org'] });
    expect(published.eraseResultsOf.mock.calls).toEqual([['acme', subjects.ofEmail('g@x.org')]]);
  });

  it('a Redis failure is transient, so the bus delivers the request again', async () => {
    const { erasure } = erasureWith(new Error('Connection is closed.'));
    await expect(erasure.erase('acme', 'e-1', { userId: 'u-1', emails: [] })).rejects.toBeInstanceOf(
      TransientError,
    );
  });
});
