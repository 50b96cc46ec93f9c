import { describe, expect, it } from '@jest/globals';
import type { RpcException } from '@nestjs/microservices';
import { DependencyState, DependencyUnavailableError, type QueryContext } from '@shopmind/bus';
import { aTopKRequest } from '@shopmind/testing';
import type { TopKRecommender } from '../application/top-k-recommender.js';
import { TopKHandler } from './top-k.handler.js';

const ctx: QueryContext = {
  subject: 'q.acme.recommendation.top_k',
  tenant: 'acme',
  requestId: 'r-1',
  correlationId: '',
  deadline: Date.now() + 1000,
  signal: new AbortController().signal,
  headers: {},
};

describe('top-k query', () => {
  it('answers unavailable at once while Redis is down, without asking the model', async () => {
    let asked = 0;
    const recommender = {
      topK: () => {
        asked++;
        return Promise.resolve({ items: [], strategy: 'popular' as const });
      },
    } as unknown as TopKRecommender;
    const dependencies = new DependencyState();
    dependencies.report('redis', 'down', 'connection refused');
    const handler = new TopKHandler(recommender, dependencies);
    // The bus's decorator carries the error inside an RpcException so its kind survives Nest.
    const thrown = await handler.topK(aTopKRequest(), ctx).then(
      () => undefined,
      (err: RpcException) => err.getError(),
    );
    expect(thrown).toBeInstanceOf(DependencyUnavailableError);
    expect(asked).toBe(0);

    dependencies.report('redis', 'up');
    const reply = await handler.topK(aTopKRequest(), ctx);
    expect(reply).toMatchObject({ strategy: 'popular', meta: { requestId: 'r-1', correlationId: 'r-1' } });
    expect(asked).toBe(1);
  });
});
