import { describe, expect, it } from 'vitest';
import { pageRange, totalOf } from './paging';

const headers = (h: Record<string, string>) => new Headers(h);

describe('totalOf', () => {
  it('reads an exact total', () => {
    expect(totalOf(headers({ 'X-Total-Count': '310' }))).toEqual({ total: 310 });
  });
  it('reads a capped total as a lower bound', () => {
    expect(totalOf(headers({ 'X-Total-Count': '10000', 'X-Total-Count-Capped': 'true' }))).toEqual({ total: 10000, totalCapped: true });
  });
  it('has no total without the header', () => {
    expect(totalOf(headers({}))).toEqual({});
    expect(totalOf(headers({ 'X-Total-Count': '' }))).toEqual({});
  });
});

describe('pageRange', () => {
  it('stops at an exact total', () => {
    expect(pageRange(0, 20, 20, 310)).toEqual({ from: 1, to: 20, hasNext: true });
    expect(pageRange(300, 20, 10, 310)).toEqual({ from: 301, to: 310, hasNext: false });
  });
  it('goes on past a capped total while pages are full', () => {
    expect(pageRange(9980, 20, 20, 10000, true)).toEqual({ from: 9981, to: 10000, hasNext: true });
    expect(pageRange(10000, 20, 20, 20000, true).hasNext).toBe(true);
    expect(pageRange(10020, 20, 3, 20000, true).hasNext).toBe(false);
  });
  it('without a total, a full page may have more', () => {
    expect(pageRange(0, 20, 20)).toEqual({ from: 1, to: 20, hasNext: true });
    expect(pageRange(0, 20, 0)).toEqual({ from: 0, to: 0, hasNext: false });
  });
});
