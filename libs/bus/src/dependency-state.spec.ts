import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureLog, installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import { DependencyState, DependencyUnavailableError } from './dependency-state.js';

let telemetry: TestTelemetry;
beforeAll(() => {
  telemetry = installTestTelemetry();
});
afterAll(() => telemetry.shutdown());

const gauge = async (dependency: string) =>
  (await telemetry.metricPoints('shopmind.dependency.up')).find((p) => p.attributes.dependency === dependency)
    ?.value;

describe('DependencyState', () => {
  it('logs and records a change once, however often the client repeats it', async () => {
    const out = captureLog('dependencies');
    const state = new DependencyState(out.log);
    state.report('cache', 'up');
    for (let i = 0; i < 5; i++) state.report('cache', 'down', 'connect ECONNREFUSED');
    expect(await gauge('cache')).toBe(0);
    state.report('cache', 'up');
    state.report('cache', 'up');
    expect(await gauge('cache')).toBe(1);
    // The first connection is no change; the outage is one down and one up line.
    expect(out.lines().map((l) => [l.dependency, l.state, l.level])).toEqual([
      ['cache', 'down', 'warn'],
      ['cache', 'up', 'info'],
    ]);
    expect(out.lines()[0]).toMatchObject({ component: 'dependencies', reason: 'connect ECONNREFUSED' });
  });

  it('fails a query fast while its dependency is down, and as soon as it goes down mid-call', async () => {
    const state = new DependencyState(captureLog('dependencies').log);
    await expect(state.whileUp('store', async () => 'never asked')).rejects.toThrow(
      DependencyUnavailableError,
    );
    state.report('store', 'up');
    await expect(state.whileUp('store', async () => 'answer')).resolves.toBe('answer');
    const hanging = state.whileUp('store', () => new Promise<string>(() => undefined));
    state.report('store', 'down', 'connection closed');
    await expect(hanging).rejects.toThrow('store unavailable: connection closed');
  });

  it('reports nothing once closed (a shutdown closes its clients)', () => {
    const out = captureLog('dependencies');
    const state = new DependencyState(out.log);
    state.report('db', 'up');
    state.close();
    state.report('db', 'down', 'connection closed');
    expect(state.isUp('db')).toBe(true);
    expect(out.lines()).toEqual([]);
  });
});
