import { describe, expect, it } from '@jest/globals';
import type { EventContext, QueryContext } from '@shopmind/bus';
import { runOptionsForEvent, runOptionsForQuery } from './run-options.js';

describe('run options from bus contexts', () => {
  it('passes the event id, the remaining deliveries and the transport’s deferral room', () => {
    const ctx = {
      tenant: 'acme',
      eventId: 'e-1',
      deliveryCount: 3,
      maxDeliver: 5,
      canDefer: true,
    } as EventContext;
    expect(runOptionsForEvent(ctx)).toEqual({
      tenant: 'acme',
      eventId: 'e-1',
      deliveriesLeft: 2,
      canDefer: true,
    });
  });

  it('never lets a query defer and stops it at its deadline', () => {
    const signal = new AbortController().signal;
    const ctx = { tenant: 'acme', signal } as QueryContext;
    expect(runOptionsForQuery(ctx)).toEqual({ tenant: 'acme', signal, canDefer: false });
  });
});
