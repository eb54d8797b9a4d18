/**
 * The pager's arithmetic over first+max and a list's total. X-Total-Count gives the total; a search's total is
 * capped by the server (X-Total-Count-Capped: true): then there are more than `total`, the range reads
 * "1–20 of 10,000+" and Next stays enabled while the page is full.
 */
export interface PageRange {
  from: number;
  to: number;
  hasNext: boolean;
}

export function pageRange(first: number, max: number, count: number, total?: number, capped?: boolean): PageRange {
  const from = count === 0 ? 0 : first + 1;
  const to = first + count;
  const hasNext = total !== undefined && !capped ? to < total : count >= max;
  return { from, to, hasNext };
}

/** The total of a response's headers: X-Total-Count (absent: unknown) and whether it is a lower bound. */
export function totalOf(headers: { get(name: string): string | null }): { total?: number; totalCapped?: boolean } {
  const raw = headers.get('X-Total-Count');
  if (raw === null || raw === '' || !Number.isFinite(Number(raw))) return {};
  return headers.get('X-Total-Count-Capped') === 'true' ? { total: Number(raw), totalCapped: true } : { total: Number(raw) };
}
