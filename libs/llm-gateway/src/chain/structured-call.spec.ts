import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTask } from '../task.js';
import type { ChatResponse } from '../providers/provider.js';
import { checkAnswer } from './structured-call.js';

const task = defineTask<string, { label: 'a' | 'b' }>({
  name: 'test.check',
  version: '1',
  buildPrompt: (text) => ({ system: 's', instructions: 'i', data: text }),
  output: z.object({ label: z.enum(['a', 'b']) }),
  cacheTtlSeconds: 0,
  onUnavailable: 'fallback',
  local: () => ({ label: 'a' }),
});

const reply = (content: string, finishReason = 'stop'): ChatResponse => ({
  content,
  finishReason,
  model: 'm',
  usage: { inputTokens: 1, outputTokens: 1 },
});

describe('checkAnswer', () => {
  it('accepts a complete answer that fits the schema', () => {
    expect(checkAnswer(task, reply('{"label":"b"}'))).toEqual({ ok: true, value: { label: 'b' } });
  });

  it('names the failure kind that decides retry, repair or the next provider', () => {
    const kind = (res: ChatResponse): string | undefined => {
      const c = checkAnswer(task, res);
      return c.ok ? undefined : c.kind;
    };
    expect(kind(reply('{"label":"b"}', 'length'))).toBe('truncated');
    expect(kind(reply('{"label":"b"}', 'content_filter'))).toBe('content_filter');
    expect(kind(reply('{"label":'))).toBe('invalid_output');
    expect(kind(reply('{"label":"c"}'))).toBe('invalid_output');
    expect(kind(reply('{"label":"b"}', 'tool_calls'))).toBe('invalid_output');
  });

  it('shows the schema violation in the error, for the repair call', () => {
    const c = checkAnswer(task, reply('{"label":"c"}'));
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(/label/);
  });
});
