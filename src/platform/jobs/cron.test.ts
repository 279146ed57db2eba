import { describe, expect, it } from 'vitest';
import { everyMinutes } from './cron.ts';

describe('everyMinutes', () => {
  it('divides the hour, or runs on the hour every so many hours', () => {
    expect(everyMinutes(1)).toBe('* * * * *');
    expect(everyMinutes(15)).toBe('*/15 * * * *');
    expect(everyMinutes(25)).toBe('*/20 * * * *');
    expect(everyMinutes(60)).toBe('0 * * * *');
    expect(everyMinutes(360)).toBe('0 */6 * * *');
    expect(everyMinutes(300)).toBe('0 */4 * * *');
    expect(everyMinutes(1440)).toBe('0 0 * * *');
    expect(() => everyMinutes(0)).toThrow(RangeError);
  });
});
