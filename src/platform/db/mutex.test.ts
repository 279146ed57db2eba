import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.ts';

describe('mutex', () => {
  it('hands the lock out in arrival order, one holder at a time', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    let holders = 0;
    const task = async (name: string, ms: number) => {
      const release = await mutex.lock();
      holders++;
      expect(holders).toBe(1);
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}-`);
      holders--;
      release();
    };
    await Promise.all([task('a', 20), task('b', 1), task('c', 5)]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it('ignores a second release', async () => {
    const mutex = new Mutex();
    const release = await mutex.lock();
    release();
    release();
    const next = await mutex.lock();
    let third = false;
    void mutex.lock().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBe(false);
    next();
  });
});
