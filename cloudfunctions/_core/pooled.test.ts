import { pooled } from './pooled';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('pooled', () => {
  it('keeps results in order with at most `limit` at once, and at least one', async () => {
    let running = 0;
    let most = 0;
    const work = async (n: number) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      return n * 2;
    };
    expect(await pooled([1, 2, 3, 4, 5], 2, work)).toEqual([2, 4, 6, 8, 10]);
    expect(most).toBe(2);
    most = 0;
    expect(await pooled([1, 2, 3], 0, work)).toEqual([2, 4, 6]);
    expect(most).toBe(1);
  });

  it('starts nothing more once an item has failed', async () => {
    const started: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      await tick();
      if (n === 2) throw new Error('boom');
      return n;
    };
    await expect(pooled([1, 2, 3, 4, 5, 6], 2, work)).rejects.toThrow('boom');
    await tick();
    await tick();
    // Items 1 and 2 ran side by side, the worker done with 1 took 3; after 2 failed, nobody took 4.
    expect(started).toEqual([1, 2, 3]);
  });
});
