// A query's Redis work against a real Redis that stays connected but stops answering (CLIENT PAUSE):
// it fails fast with DependencyUnavailableError instead of waiting for the caller's deadline.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { startRedisServer, type LocalRedisServer } from '@shopmind/testing';
import { captureLog } from '@shopmind/telemetry/testing';
import { DependencyState, DependencyUnavailableError } from './dependency-state.js';

let server: LocalRedisServer;
let client: Redis;
let admin: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
  admin = new Redis(server.url);
});

afterAll(async () => {
  client?.disconnect();
  admin?.disconnect();
  await server?.stop();
});

describe('DependencyState with a stalled Redis', () => {
  it('fails a query whose Redis is connected but does not answer within the call time limit', async () => {
    const state = new DependencyState(captureLog('dependencies').log, { callTimeoutMs: 200 });
    state.watchRedis('redis', client);
    await client.ping();
    expect(state.isUp('redis')).toBe(true);
    expect(await state.whileUp('redis', () => client.set('k', 'v'))).toBe('OK');

    // Every client's commands wait for 3 s; the connection stays up, so no 'close' event helps.
    await admin.client('PAUSE', 3000, 'ALL');
    const stalled = state.whileUp('redis', () => client.get('k'));
    await expect(stalled).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(stalled).rejects.toThrow('no answer within 200 ms');
    // The connection itself is fine: the state is not flipped by one slow call.
    expect(state.isUp('redis')).toBe(true);
    await admin.client('UNPAUSE');
    expect(await state.whileUp('redis', () => client.get('k'))).toBe('v');
  });
});
