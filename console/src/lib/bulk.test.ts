import { describe, expect, it } from 'vitest';
import { progressPercent } from './bulk';

describe('progressPercent', () => {
  it('is rowsRead over rowsTotal, floored and capped', () => {
    expect(progressPercent(0, 200)).toBe(0);
    expect(progressPercent(199, 200)).toBe(99);
    expect(progressPercent(250, 200)).toBe(100);
  });
  it('is unknown without a total and 100 when finished', () => {
    expect(progressPercent(10, null)).toBeUndefined();
    expect(progressPercent(10, 0)).toBeUndefined();
    expect(progressPercent(10, null, true)).toBe(100);
  });
});
