import { describe, expect, it } from '@jest/globals';
import { TenantQueue } from './tenant-queue.js';

const item = (tenant: string, n: number) => ({ tenant, id: `${tenant}${n}` });

/** Takes until nothing is eligible, finishing nothing. */
function takeAll(q: TenantQueue<{ tenant: string; id: string }>): string[] {
  const out: string[] = [];
  for (let next = q.take(); next; next = q.take()) out.push(next.id);
  return out;
}

describe('TenantQueue', () => {
  it('serves the tenants in turn, each in arrival order, whatever order they arrived in', () => {
    const q = new TenantQueue<{ tenant: string; id: string }>(Infinity);
    for (let i = 1; i <= 4; i++) q.push(item('a', i));
    q.push(item('b', 1));
    q.push(item('b', 2));
    q.push(item('c', 1));
    expect(takeAll(q)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(q.size).toBe(0);
  });

  it('gives a tenant that had nothing waiting a turn before the busy tenant takes its next two', () => {
    const q = new TenantQueue<{ tenant: string; id: string }>(Infinity);
    for (let i = 1; i <= 100; i++) q.push(item('a', i));
    expect(q.take()?.id).toBe('a1');
    q.push(item('b', 1));
    expect([q.take()?.id, q.take()?.id, q.take()?.id]).toEqual(['a2', 'b1', 'a3']);
  });

  it('skips a tenant running its limit until one of its items is done', () => {
    const q = new TenantQueue<{ tenant: string; id: string }>(2);
    for (let i = 1; i <= 4; i++) q.push(item('a', i));
    q.push(item('b', 1));
    expect(takeAll(q)).toEqual(['a1', 'b1', 'a2']);
    expect(q.size).toBe(2);
    q.done('a');
    expect(takeAll(q)).toEqual(['a3']);
    q.done('a');
    q.done('a');
    expect(takeAll(q)).toEqual(['a4']);
  });

  it('with one lane and no limit is first in, first out', () => {
    const q = new TenantQueue<{ tenant: string; id: string }>(Infinity);
    const ids = ['x', 'y', 'z', 'x', 'y'].map((t, i) => ({ tenant: '', id: `${t}${i}` }));
    for (const i of ids) q.push(i);
    expect(takeAll(q)).toEqual(ids.map((i) => i.id));
  });

  it('keeps arrival order within a tenant across thousands of items', () => {
    const q = new TenantQueue<{ tenant: string; id: string }>(Infinity);
    for (let i = 0; i < 5000; i++) q.push(item('a', i));
    const taken = takeAll(q);
    expect(taken).toHaveLength(5000);
    expect(taken.every((id, i) => id === `a${i}`)).toBe(true);
  });

  it('drains every waiting item and lists waiting items without taking them', () => {
    const q = new TenantQueue<{ tenant: string; id: string }>(1);
    q.push(item('a', 1));
    q.push(item('a', 2));
    q.push(item('b', 1));
    expect(q.take()?.id).toBe('a1');
    const listed: string[] = [];
    q.forEachWaiting((i) => listed.push(i.id));
    expect(listed.sort()).toEqual(['a2', 'b1']);
    expect(
      q
        .drain()
        .map((i) => i.id)
        .sort(),
    ).toEqual(['a2', 'b1']);
    expect(q.size).toBe(0);
    expect(q.take()).toBeUndefined();
    q.done('a');
    q.push(item('a', 3));
    expect(q.take()?.id).toBe('a3');
  });
});
