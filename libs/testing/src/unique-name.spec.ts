import { describe, expect, it } from '@jest/globals';
import { uniqueName, uniqueTenant } from './unique-name.js';

describe('uniqueName', () => {
  it('gives a different name on every call, usable as a NATS stream name and subject token', () => {
    const names = Array.from({ length: 500 }, () => uniqueName('ORDERS.v1 test'));
    expect(new Set(names).size).toBe(500);
    for (const name of names) expect(name).toMatch(/^ORDERS-v1-test-[a-z0-9]+$/);
  });

  it('gives tenants that satisfy the contracts tenant rule whatever the prefix', () => {
    for (const prefix of ['Acme Shop', '--x', '', 'a'.repeat(80)]) {
      expect(uniqueTenant(prefix)).toMatch(/^[a-z0-9][a-z0-9_-]{0,62}$/);
    }
  });
});
