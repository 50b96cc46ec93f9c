import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { DeferralGate } from './deferral-gate.js';

const settings = { minDeliveriesLeft: 2, maxDelayMs: 60_000, defaultDelayMs: 1_000, maxOutstanding: 2 };

describe('DeferralGate', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('allows a deferral only when the transport can defer and enough deliveries are left', () => {
    const gate = new DeferralGate(settings, new GatewayTelemetry());
    expect(gate.allows({ tenant: 't', deliveriesLeft: 2 })).toBe(true);
    expect(gate.allows({ tenant: 't', deliveriesLeft: 5, canDefer: true })).toBe(true);
    expect(gate.allows({ tenant: 't', deliveriesLeft: 1 })).toBe(false);
    expect(gate.allows({ tenant: 't' })).toBe(false);
    expect(gate.allows({ tenant: 't', deliveriesLeft: 5, canDefer: false })).toBe(false);
  });

  it('stops allowing once the deferrals it counted reach the cap, and allows again when they are due', () => {
    jest.useFakeTimers();
    const telemetry = new GatewayTelemetry();
    const gate = new DeferralGate(settings, telemetry);
    const options = { tenant: 't', deliveriesLeft: 5 };
    gate.note('task', 'rate_limited', 1_000);
    expect(gate.allows(options)).toBe(true);
    gate.note('task', 'rate_limited', 5_000);
    expect(gate.allows(options)).toBe(false);
    expect(telemetry.stats.deferrals).toBe(2);
    jest.advanceTimersByTime(1_000);
    expect(gate.allows(options)).toBe(true);
  });
});
