// `npm run bench -- gateway [--iterations N] [--concurrent C]`: in one run,
//  1. cache-hit latency of LlmGateway.run against a bare ioredis GET of the same cached value;
//  2. pass-through overhead of a cache miss (cache lookup, cross-process single flight with its
//     lease, budget reservation, validation, cache write) against calling the fake server directly
//     with the openai client, same prompt, same response;
//  3. provider calls made for C concurrent identical requests spread over 3 gateway instances.
// Samples of the two sides are interleaved so drift hits both. Last line: one JSON object.
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { z } from 'zod';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { LlmGateway, buildMessages, defineTask, loadGatewayConfig, Redaction } from '@shopmind/llm-gateway';
import { startFakeOpenAi, startRedisServer, uniqueName, type FakeOpenAiServer } from '@shopmind/testing';

const schema = z.object({
  label: z.enum(['positive', 'negative', 'neutral']),
  score: z.number().min(-1).max(1),
});
const task = defineTask<{ text: string }, z.infer<typeof schema>>({
  name: 'bench.label',
  version: '1',
  buildPrompt: (i) => ({
    system: 'You label the sentiment of short texts.',
    instructions: 'Label the text in the data block.',
    data: { text: i.text },
  }),
  output: schema,
  cacheTtlSeconds: 3600,
  onUnavailable: 'fallback',
  local: () => ({ label: 'neutral', score: 0 }),
});
const ANSWER = { label: 'positive', score: 0.8 };

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
function stats(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99) };
}
const WARMUP = 1000;
const round = (x: number, d = 3): number => Number(x.toFixed(d));

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('iterations', { type: 'number', default: 3000, describe: 'samples per side for latency figures' })
    .option('concurrent', {
      type: 'number',
      default: 100,
      describe: 'concurrent identical requests for the coalescing figure',
    })
    .strict()
    .parse();
  const iterations = argv.iterations;

  const ownRedis = process.env.REDIS_URL ? undefined : await startRedisServer();
  const redisUrl = process.env.REDIS_URL ?? ownRedis!.url;
  const fake: FakeOpenAiServer = await startFakeOpenAi();
  fake.replyAlways({ kind: 'content', content: ANSWER, usage: { promptTokens: 60, completionTokens: 10 } });
  const prefix = uniqueName('bench-llm');
  const env = {
    REDIS_URL: redisUrl,
    LLM_KEY_PREFIX: prefix,
    LLM_PROVIDERS: JSON.stringify([
      {
        name: 'fake',
        baseURL: fake.baseURL,
        model: 'fake-model',
        apiKey: 'bench',
        price: { input: 0.15, output: 0.6 },
      },
    ]),
  };
  const gateways = [0, 1, 2].map(() => new LlmGateway({ config: loadGatewayConfig(env) }));
  await Promise.all(gateways.map((g) => g.start()));
  const [gw] = gateways;
  const bare = new Redis(redisUrl);
  const direct = new OpenAI({ apiKey: 'bench', baseURL: fake.baseURL, maxRetries: 0 });

  try {
    // 1. Cache hit vs bare GET of the same value.
    const hitInput = { text: 'A cached review: lovely toy, arrived quickly.' };
    await gw.run(task, hitInput, { tenant: 'bench' });
    const cacheKey = `${prefix}:{${gw.keyFor(task, hitInput, 'bench')}}:answer`;
    if (!(await bare.get(cacheKey)))
      throw new Error('bench: the primed answer is not where the gateway keeps it');
    const hit: number[] = [];
    const get: number[] = [];
    for (let i = 0; i < iterations + WARMUP; i++) {
      let t = performance.now();
      const r = await gw.run(task, hitInput, { tenant: 'bench' });
      const a = performance.now() - t;
      if (r.source.tier !== 'cache') throw new Error('bench: expected a cache hit');
      t = performance.now();
      const v = await bare.get(cacheKey);
      // Parse too: the gateway hands back an object, not a string.
      JSON.parse(v!);
      const b = performance.now() - t;
      if (i >= WARMUP) {
        hit.push(a);
        get.push(b);
      }
      if (i % 500 === 0) process.stderr.write(`cache hit ${i}/${iterations + WARMUP}\r`);
    }
    const h = stats(hit);
    const g = stats(get);
    process.stderr.write(
      `\ncache hit p50 ${h.p50.toFixed(3)} ms vs GET ${g.p50.toFixed(3)} ms; p99 ${h.p99.toFixed(3)} vs ${g.p99.toFixed(3)}\n`,
    );

    // 2. Pass-through overhead of a miss vs the openai client straight to the fake server.
    const through: number[] = [];
    const straight: number[] = [];
    for (let i = 0; i < iterations + WARMUP; i++) {
      const input = { text: `A fresh review number ${i}: lovely toy, arrived quickly.` };
      let t = performance.now();
      const r = await gw.run(task, input, { tenant: 'bench' });
      const a = performance.now() - t;
      if (r.source.tier !== 'provider')
        throw new Error(`bench: expected a provider answer, got ${JSON.stringify(r.source)}`);
      const messages = buildMessages(
        task.buildPrompt({ text: `A fresh review number ${i}: lovely toy, arrived quickly!` }),
        new Redaction(),
      );
      t = performance.now();
      const res = await direct.chat.completions.create({
        model: 'fake-model',
        messages,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'bench_label',
            schema: z.toJSONSchema(schema) as Record<string, unknown>,
            strict: true,
          },
        },
        max_completion_tokens: 512,
      });
      schema.parse(JSON.parse(res.choices[0].message.content ?? ''));
      const b = performance.now() - t;
      if (i >= WARMUP) {
        through.push(a);
        straight.push(b);
      }
      if (i % 500 === 0) process.stderr.write(`pass-through ${i}/${iterations + WARMUP}\r`);
    }
    const p = stats(through);
    const d = stats(straight);
    process.stderr.write(
      `\nmiss via gateway p50 ${p.p50.toFixed(3)} ms vs direct ${d.p50.toFixed(3)} ms; p99 ${p.p99.toFixed(3)} vs ${d.p99.toFixed(3)}\n`,
    );

    // 3. Coalescing across instances.
    fake.reset();
    fake.replyAlways({ kind: 'content', content: ANSWER, latencyMs: 100 });
    const same = { text: 'Everyone asks about this review at once.' };
    await Promise.all(
      Array.from({ length: argv.concurrent }, (_, i) => gateways[i % 3].run(task, same, { tenant: 'bench' })),
    );
    const coalesced = fake.chatRequests().length;
    process.stderr.write(
      `${argv.concurrent} concurrent identical requests over 3 instances: ${coalesced} provider call(s)\n`,
    );

    console.log(
      JSON.stringify({
        bench: 'gateway',
        cache_hit_p50_ratio: round(h.p50 / g.p50),
        cache_hit_p99_ratio: round(h.p99 / g.p99),
        overhead_ms_p50: round(p.p50 - d.p50),
        overhead_ms_p99: round(p.p99 - d.p99),
        coalesced_provider_calls: coalesced,
      }),
    );
  } finally {
    bare.disconnect();
    await Promise.all(gateways.map((x) => x.close()));
    await fake.stop();
    await ownRedis?.stop();
  }
}
