import { describe, expect, it } from '@jest/globals';
import { TransientError } from '@shopmind/errors';
import { COVER_ATTEMPTS, untilCovered } from './until-covered.js';

describe('untilCovered', () => {
  it('runs the write again until it is not answered retry, and returns that reply', async () => {
    const replies = ['retry', 'retry', 'applied'];
    let calls = 0;
    const reply = await untilCovered(
      'a write',
      async () => replies[calls++]!,
      (r) => r === 'retry',
    );
    expect(reply).toBe('applied');
    expect(calls).toBe(3);
  });

  it('gives up with a TransientError after COVER_ATTEMPTS retries', async () => {
    let calls = 0;
    const run = untilCovered(
      'a write',
      async () => {
        calls++;
        return 'retry';
      },
      (r) => r === 'retry',
    );
    await expect(run).rejects.toBeInstanceOf(TransientError);
    await expect(run).rejects.toThrow('a write kept meeting concurrent changes; retry later');
    expect(calls).toBe(COVER_ATTEMPTS);
  });
});
