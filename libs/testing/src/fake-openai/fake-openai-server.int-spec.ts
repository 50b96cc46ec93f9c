import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI, { RateLimitError } from 'openai';
import { startFakeOpenAi, type FakeOpenAiServer, type ChatRequestBody } from './index.js';

describe('fake OpenAI-compatible server', () => {
  let fake: FakeOpenAiServer;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    client = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('answers a JSON-schema chat request with the scripted content and records the request', async () => {
    fake.replyOnce({ kind: 'content', content: { ok: true } });
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hello' }],
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    });
    expect(JSON.parse(res.choices[0].message.content ?? '')).toEqual({ ok: true });
    expect(res.choices[0].finish_reason).toBe('stop');
    expect((fake.chatRequests()[0].body as ChatRequestBody).response_format?.type).toBe('json_schema');
  });

  it('streams the content as server-sent events with usage at the end', async () => {
    fake.replyOnce({ kind: 'content', content: 'a streamed answer' });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let total = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      total = chunk.usage?.total_tokens ?? total;
    }
    expect(text).toBe('a streamed answer');
    expect(finish).toBe('stop');
    expect(total).toBeGreaterThan(0);
  });

  it('sends 429 with Retry-After and retry-after-ms headers', async () => {
    fake.replyOnce({ kind: 'error', status: 429, retryAfterSeconds: 2, retryAfterMs: 1500 });
    const err = await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).headers.get('retry-after')).toBe('2');
    expect((err as RateLimitError).headers.get('retry-after-ms')).toBe('1500');
  });

  it('truncates output with finish_reason length and resets connections when told', async () => {
    fake.replyOnce({ kind: 'truncated', content: { a: 'long value', b: 'another long value' } });
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.choices[0].finish_reason).toBe('length');
    expect(() => JSON.parse(res.choices[0].message.content ?? '')).toThrow();
    fake.replyOnce({ kind: 'reset' });
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toThrow();
  });

  it('uses rules by matcher and returns deterministic embeddings', async () => {
    fake.replyAlways({ kind: 'content', content: 'for bananas' }, (r) =>
      JSON.stringify(r.body).includes('banana'),
    );
    const a = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'banana?' }],
    });
    expect(a.choices[0].message.content).toBe('for bananas');
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'apple?' }] }),
    ).rejects.toThrow(/no scripted reply/);
    const e1 = await client.embeddings.create({ model: 'e', input: ['same', 'other'], dimensions: 16 });
    const e2 = await client.embeddings.create({ model: 'e', input: ['same'], dimensions: 16 });
    expect(e1.data[0].embedding).toHaveLength(16);
    expect(e1.data[0].embedding).toEqual(e2.data[0].embedding);
    expect(e1.data[1].embedding).not.toEqual(e1.data[0].embedding);
  });
});
