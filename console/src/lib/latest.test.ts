import { describe, expect, it } from 'vitest';
import { latestSequence } from './latest';

describe('latestSequence', () => {
  it('shows only the answer of the newest request, whatever order the answers arrive in', async () => {
    const seq = latestSequence();
    const shown: string[] = [];
    const request = (term: string, ms: number) => {
      const ticket = seq.next();
      return new Promise<string>((r) => setTimeout(() => r(term), ms)).then((answer) => {
        if (ticket.isLatest()) shown.push(answer);
      });
    };
    await Promise.all([request('n', 30), request('north', 1)]);
    expect(shown).toEqual(['north']);
  });

  it('a single request is the newest; cancel makes a running one stale', () => {
    const seq = latestSequence();
    const a = seq.next();
    expect(a.isLatest()).toBe(true);
    seq.cancel();
    expect(a.isLatest()).toBe(false);
    const b = seq.next();
    expect(b.isLatest()).toBe(true);
    expect(a.isLatest()).toBe(false);
  });
});
